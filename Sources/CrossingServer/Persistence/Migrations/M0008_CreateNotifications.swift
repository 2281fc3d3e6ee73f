import Fluent

/// Notification preferences (channels, language, bound WeChat/Alipay ids) and the record of every
/// delivery, unique per (deduplication key, channel) so a retried job never sends twice.
struct M0008_CreateNotifications: AsyncMigration {
    var name: String { "0008_create_notifications" }

    func prepare(on database: any Database) async throws {
        try await database.schema(NotificationPreferenceRecord.schema)
            .id()
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, "id", onDelete: .cascade))
            .field("channels", .string, .required)
            .field("language", .string, .required)
            .field("wechat_open_id_sealed", .string)
            .field("alipay_user_id_sealed", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "account_id")
            .create()
        try await database.schema(NotificationDeliveryRecord.schema)
            .id()
            .field("dedupe_key", .string, .required)
            .field("channel", .string, .required)
            .field("account_id", .uuid, .required)
            .field("template", .string, .required)
            .field("language", .string, .required)
            .field("recipient_masked", .string, .required)
            .field("status", .string, .required)
            .field("provider_message_id", .string)
            .field("error", .string)
            .field("attempt", .int, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "dedupe_key", "channel")
            .create()
        try await createIndexes(
            [("notification_deliveries_account", NotificationDeliveryRecord.schema, ["account_id", "recorded_at"])],
            on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NotificationDeliveryRecord.schema).delete()
        try await database.schema(NotificationPreferenceRecord.schema).delete()
    }
}
