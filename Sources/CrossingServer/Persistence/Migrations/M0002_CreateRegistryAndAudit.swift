import Fluent

/// The person and document registry, and the hash-chained audit log.
struct M0002_CreateRegistryAndAudit: AsyncMigration {
    var name: String { "0002_create_registry_and_audit" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PersonRecord.schema)
            .id()
            .field("person_key", .string, .required)
            .field("name", .string, .required)
            .field("name_latin", .string)
            .field("identity_kind", .string, .required)
            .field("identity_number_sealed", .string, .required)
            .field("identity_number_index", .string, .required)
            .field("issuing_country", .string)
            .field("sex", .string, .required)
            .field("birth_date", .string, .required)
            .field("nationality", .string, .required)
            .field("residency", .string, .required)
            .field("household_city_code", .string)
            .field("household_address_code", .string)
            .field("household_address", .string)
            .field("is_state_functionary", .bool, .required)
            .field("is_active_military", .bool, .required)
            .field("biometrics_on_file", .bool, .required)
            .field("reference_photo_on_file", .bool, .required)
            .field("mobile_sealed", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "person_key")
            .unique(on: "identity_kind", "identity_number_index")
            .create()
        try await database.schema(PersonDocumentRecord.schema)
            .id()
            .field("person_key", .string, .required)
            .field("kind", .string, .required)
            .field("number_sealed", .string, .required)
            .field("number_index", .string, .required)
            .field("issue_date", .string, .required)
            .field("expiry_date", .string, .required)
            .field("status", .string, .required)
            .unique(on: "kind", "number_index")
            .create()
        try await database.schema(AuditLogRecord.schema)
            .id()
            .field("sequence", .int64, .required)
            .field("occurred_at", .datetime, .required)
            .field("actor", .string, .required)
            .field("on_behalf_of", .string)
            .field("action", .string, .required)
            .field("subject", .string)
            .field("outcome", .string, .required)
            .field("details", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "sequence")
            .create()
        try await database.schema(AuditChainHeadRecord.schema)
            .field("id", .int, .identifier(auto: false))
            .field("appends", .int64, .required)
            .create()
        try await AuditChainHeadRecord(id: 1, appends: 0).create(on: database)
        try await createIndexes(
            [
                ("audit_log_subject", AuditLogRecord.schema, ["subject", "sequence"]),
                ("person_documents_person", PersonDocumentRecord.schema, ["person_key"]),
            ], on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditChainHeadRecord.schema).delete()
        try await database.schema(AuditLogRecord.schema).delete()
        try await database.schema(PersonDocumentRecord.schema).delete()
        try await database.schema(PersonRecord.schema).delete()
    }
}
