import Foundation

/// Notifications: `NOTIFICATION_LINK_BASE_URL`.
public struct NotificationSettings: Sendable, Equatable {
    /// The portal's public address: WeChat and Alipay messages link to this plus a portal path.
    public var linkBaseURL = "http://localhost:8080"

    public init() {}

    static func load(_ reader: inout ConfigReader) -> NotificationSettings {
        var settings = NotificationSettings()
        if let base = reader.string("NOTIFICATION_LINK_BASE_URL") {
            if (base.hasPrefix("http://") || base.hasPrefix("https://")) && !base.contains(where: \.isWhitespace) {
                settings.linkBaseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
            } else {
                reader.fail("NOTIFICATION_LINK_BASE_URL", "an http:// or https:// URL")
            }
        }
        return settings
    }
}
