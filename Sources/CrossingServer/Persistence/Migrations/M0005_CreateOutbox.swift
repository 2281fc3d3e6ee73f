import Fluent

/// The transactional outbox (jobs written in the same transaction as the change that causes them)
/// and the timelines applicants follow (events per subject, written in the same way).
struct M0005_CreateOutbox: AsyncMigration {
    var name: String { "0005_create_outbox" }

    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxJobRecord.schema)
            .id()
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("dedupe_key", .string)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("available_at", .datetime, .required)
            .field("locked_by", .string)
            .field("locked_until", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("completed_at", .datetime)
            .unique(on: "dedupe_key")
            .create()
        try await database.schema(TimelineEventRecord.schema)
            .id()
            .field("subject_type", .string, .required)
            .field("subject_id", .string, .required)
            .field("owner_person_key", .string, .required)
            .field("position", .int, .required)
            .field("kind", .string, .required)
            .field("actor", .string, .required)
            .field("on_behalf_of", .string)
            .field("details", .string, .required)
            .field("occurred_at", .datetime, .required)
            .unique(on: "subject_type", "subject_id", "position")
            .create()
        try await createIndexes(
            [("outbox_jobs_ready", OutboxJobRecord.schema, ["status", "available_at"])], on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TimelineEventRecord.schema).delete()
        try await database.schema(OutboxJobRecord.schema).delete()
    }
}
