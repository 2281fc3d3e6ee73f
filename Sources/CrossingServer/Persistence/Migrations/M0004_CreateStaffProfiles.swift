import Fluent

/// Display names of staff accounts.
struct M0004_CreateStaffProfiles: AsyncMigration {
    var name: String { "0004_create_staff_profiles" }

    func prepare(on database: any Database) async throws {
        try await database.schema(StaffProfileRecord.schema)
            .id()
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, "id", onDelete: .cascade))
            .field("display_name", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "account_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StaffProfileRecord.schema).delete()
    }
}
