import Fluent
import SQLKit

/// Accounts, roles, credentials, sessions, tokens, signing keys, rate-limit events, delegations.
struct M0003_CreateAccounts: AsyncMigration {
    var name: String { "0003_create_accounts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AccountRecord.schema)
            .id()
            .field("person_key", .string)
            .field("kind", .string, .required)
            .field("username", .string)
            .field("mobile_sealed", .string)
            .field("mobile_index", .string)
            .field("mobile_verified_at", .datetime)
            .field("password_hash", .string, .required)
            .field("language", .string, .required)
            .field("locked_methods", .string, .required)
            .field("locked_until", .datetime)
            .field("lock_count", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "person_key")
            .unique(on: "username")
            .unique(on: "mobile_index")
            .create()
        try await database.schema(RoleGrantRecord.schema)
            .id()
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("office_code", .string)
            .create()
        try await database.schema(TOTPCredentialRecord.schema)
            .id()
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, "id", onDelete: .cascade))
            .field("secret_sealed", .string, .required)
            .field("last_used_step", .int64)
            .field("created_at", .datetime, .required)
            .unique(on: "account_id")
            .create()
        try await database.schema(OneTimeCodeRecord.schema)
            .id()
            .field("purpose", .string, .required)
            .field("recipient_index", .string, .required)
            .field("code_digest", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("consumed_at", .datetime)
            .create()
        try await database.schema(FaceVerificationRecordRow.schema)
            .id()
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, "id", onDelete: .cascade))
            .field("person_key", .string, .required)
            .field("verified_at", .datetime, .required)
            .field("score", .double, .required)
            .create()
        try await database.schema(SessionRecord.schema)
            .id()
            .field("token_digest", .string, .required)
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("device", .string, .required)
            .field("client_address", .string, .required)
            .unique(on: "token_digest")
            .create()
        try await database.schema(RefreshTokenRecord.schema)
            .id()
            .field("token_digest", .string, .required)
            .field("family_id", .uuid, .required)
            .field("parent_id", .uuid)
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, "id", onDelete: .cascade))
            .field("issued_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_digest")
            .create()
        try await database.schema(SigningKeyRecord.schema)
            .id()
            .field("key_id", .string, .required)
            .field("algorithm", .string, .required)
            .field("private_key_sealed", .string, .required)
            .field("public_key_x963", .string, .required)
            .field("created_at", .datetime, .required)
            .field("retired_at", .datetime)
            .unique(on: "key_id")
            .create()
        try await database.schema(RateLimitEventRecord.schema)
            .id()
            .field("bucket", .string, .required)
            .field("occurred_at", .datetime, .required)
            .create()
        try await database.schema(DelegationRecord.schema)
            .id()
            .field("helper_person_key", .string, .required)
            .field("dependent_person_key", .string, .required)
            .field("relationship", .string, .required)
            .field("consent", .string, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("revoked_by", .string)
            .create()
        try await createIndexes(
            [
                ("rate_limit_events_bucket_time", RateLimitEventRecord.schema, ["bucket", "occurred_at"]),
                ("one_time_codes_recipient", OneTimeCodeRecord.schema, ["recipient_index", "purpose"]),
                ("sessions_account", SessionRecord.schema, ["account_id"]),
                ("refresh_tokens_family", RefreshTokenRecord.schema, ["family_id"]),
                ("role_grants_account", RoleGrantRecord.schema, ["account_id"]),
                ("delegations_helper", DelegationRecord.schema, ["helper_person_key"]),
                ("delegations_dependent", DelegationRecord.schema, ["dependent_person_key"]),
                ("face_verifications_account", FaceVerificationRecordRow.schema, ["account_id", "verified_at"]),
            ], on: database)
    }

    func revert(on database: any Database) async throws {
        for schema in [
            DelegationRecord.schema, RateLimitEventRecord.schema, SigningKeyRecord.schema, RefreshTokenRecord.schema,
            SessionRecord.schema, FaceVerificationRecordRow.schema, OneTimeCodeRecord.schema,
            TOTPCredentialRecord.schema, RoleGrantRecord.schema, AccountRecord.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}

/// Plain (non-unique) indexes, which Fluent's schema builder does not express; SQLKit writes the same
/// statement for SQLite and PostgreSQL.
func createIndexes(
    _ indexes: [(name: String, table: String, columns: [String])], on database: any Database
)
    async throws
{
    guard let sql = database as? any SQLDatabase else { return }
    for index in indexes {
        var builder = sql.create(index: index.name).on(index.table)
        for column in index.columns { builder = builder.column(column) }
        try await builder.run()
    }
}
