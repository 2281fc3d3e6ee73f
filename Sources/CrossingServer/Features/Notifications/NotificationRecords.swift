import Fluent
import Foundation

/// A person's notification choices. The bound WeChat open id and Alipay user id are personal data
/// and sealed like mobile numbers.
final class NotificationPreferenceRecord: Model, @unchecked Sendable {
    static let schema = "notification_preferences"

    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    /// Comma-separated channels in the person's order, e.g. `wechat,sms`.
    @Field(key: "channels") var channels: String
    /// zh | en
    @Field(key: "language") var language: String
    @OptionalField(key: "wechat_open_id_sealed") var weChatOpenIDSealed: String?
    @OptionalField(key: "alipay_user_id_sealed") var alipayUserIDSealed: String?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// One message on one channel: recorded after the provider answered (sent) or refused for good
/// (failed). The unique (dedupe_key, channel) is what makes a retried job skip what it already did.
final class NotificationDeliveryRecord: Model, @unchecked Sendable {
    static let schema = "notification_deliveries"

    @ID(key: .id) var id: UUID?
    @Field(key: "dedupe_key") var dedupeKey: String
    @Field(key: "channel") var channel: String
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "template") var template: String
    @Field(key: "language") var language: String
    /// Masked, never the full number or id.
    @Field(key: "recipient_masked") var recipientMasked: String
    /// sent | failed
    @Field(key: "status") var status: String
    @OptionalField(key: "provider_message_id") var providerMessageID: String?
    @OptionalField(key: "error") var error: String?
    /// The job attempt that recorded it (1 = first).
    @Field(key: "attempt") var attempt: Int
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

enum NotificationDeliveryStatus: String, Codable, Sendable {
    case sent
    case failed
}
