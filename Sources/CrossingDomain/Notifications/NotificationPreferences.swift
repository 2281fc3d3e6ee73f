import Foundation

/// How a person wants to hear from us: the channels they chose (in their order) and the language.
/// Without a saved choice, messages go by SMS in the account's language.
public struct NotificationPreferences: Hashable, Sendable, Codable {
    public var channels: [NotificationChannel]
    public var language: Language

    public init(channels: [NotificationChannel], language: Language) {
        var seen: Set<NotificationChannel> = []
        self.channels = channels.filter { seen.insert($0).inserted }
        self.language = language
    }

    public static func defaults(language: Language) -> NotificationPreferences {
        NotificationPreferences(channels: [.sms], language: language)
    }
}

/// Where a person can be reached on each channel: the verified mobile number, and the WeChat and
/// Alipay ids bound to the account (bound in the mini-program; in development on the preferences page).
public struct NotificationAddresses: Hashable, Sendable {
    public var mobile: String?
    public var weChatOpenID: String?
    public var alipayUserID: String?

    public init(mobile: String? = nil, weChatOpenID: String? = nil, alipayUserID: String? = nil) {
        self.mobile = mobile
        self.weChatOpenID = weChatOpenID
        self.alipayUserID = alipayUserID
    }

    public func recipient(on channel: NotificationChannel) -> String? {
        switch channel {
        case .sms: mobile
        case .wechat: weChatOpenID
        case .alipay: alipayUserID
        }
    }
}

/// One channel a message goes out on, with the recipient there.
public struct NotificationTarget: Hashable, Sendable {
    public var channel: NotificationChannel
    public var recipient: String

    public init(channel: NotificationChannel, recipient: String) {
        self.channel = channel
        self.recipient = recipient
    }
}

public enum NotificationChannelChoice {
    /// The chosen channels that have a bound recipient, in the person's order. When none of them has
    /// one, SMS to the mobile number is the fallback; with no mobile number either, nothing can be sent.
    public static func targets(
        preferences: NotificationPreferences, addresses: NotificationAddresses
    ) -> [NotificationTarget] {
        let chosen = preferences.channels.compactMap { channel in
            addresses.recipient(on: channel).map { NotificationTarget(channel: channel, recipient: $0) }
        }
        if !chosen.isEmpty { return chosen }
        return addresses.mobile.map { [NotificationTarget(channel: .sms, recipient: $0)] } ?? []
    }
}

/// A WeChat or Alipay id a person binds. Formats as the platforms issue them: a WeChat official
/// account's open id is 28 characters of letters, digits, `-` and `_`; an Alipay user id is 16 digits
/// starting 2088.
public enum BoundRecipientID {
    public static func weChatOpenID(_ raw: String) throws(NotificationPreferenceError) -> String {
        let value = raw.trimmingCharacters(in: .whitespaces)
        let allowed = value.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        guard value.count == 28, allowed else { throw .invalidWeChatOpenID }
        return value
    }

    public static func alipayUserID(_ raw: String) throws(NotificationPreferenceError) -> String {
        let value = raw.trimmingCharacters(in: .whitespaces)
        guard value.count == 16, value.hasPrefix("2088"), value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) })
        else { throw .invalidAlipayUserID }
        return value
    }

    /// First 4 and last 4 characters, enough for the holder to recognise the binding.
    public static func masked(_ id: String) -> String {
        guard id.count > 8 else { return String(repeating: "*", count: id.count) }
        return String(id.prefix(4)) + String(repeating: "*", count: id.count - 8) + String(id.suffix(4))
    }
}

/// Why a preferences change was refused; `field` names the form field.
public enum NotificationPreferenceError: DomainError, Hashable {
    case noChannel
    case unknownChannel(String)
    case unknownLanguage
    case invalidWeChatOpenID
    case invalidAlipayUserID
    case channelNotBound(NotificationChannel)

    public var field: String {
        switch self {
        case .noChannel, .unknownChannel, .channelNotBound: "channels"
        case .unknownLanguage: "language"
        case .invalidWeChatOpenID: "wechatOpenId"
        case .invalidAlipayUserID: "alipayUserId"
        }
    }

    public var code: String {
        switch self {
        case .noChannel: "no-channel"
        case .unknownChannel: "unknown-channel"
        case .unknownLanguage: "unknown-language"
        case .invalidWeChatOpenID: "wechat-open-id-format"
        case .invalidAlipayUserID: "alipay-user-id-format"
        case .channelNotBound: "channel-not-bound"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .noChannel:
            LocalizedText(zh: "请至少选择一种接收方式", en: "Choose at least one way to receive messages")
        case .unknownChannel(let name):
            LocalizedText(zh: "不支持的接收方式：\(name)", en: "Unknown channel: \(name). Use sms, wechat or alipay")
        case .unknownLanguage:
            LocalizedText(zh: "请选择中文或英文", en: "Choose Chinese (zh) or English (en)")
        case .invalidWeChatOpenID:
            LocalizedText(
                zh: "微信 OpenID 应为 28 位字母、数字、“-”或“_”", en: "A WeChat open ID is 28 letters, digits, - or _")
        case .invalidAlipayUserID:
            LocalizedText(zh: "支付宝用户号应为以 2088 开头的 16 位数字", en: "An Alipay user ID is 16 digits starting 2088")
        case .channelNotBound(.wechat):
            LocalizedText(zh: "请先绑定微信，才能通过微信接收消息", en: "Bind a WeChat account before choosing WeChat")
        case .channelNotBound(.alipay):
            LocalizedText(zh: "请先绑定支付宝，才能通过支付宝接收消息", en: "Bind an Alipay account before choosing Alipay")
        case .channelNotBound:
            LocalizedText(zh: "请先验证手机号，才能通过短信接收消息", en: "Verify your mobile number before choosing SMS")
        }
    }
}

/// A change to the preferences, as submitted; `validate` checks it all and reports every problem.
public struct NotificationPreferenceChange: Hashable, Sendable {
    public var channels: [String]
    public var language: String
    /// nil keeps the current binding; "" removes it.
    public var weChatOpenID: String?
    public var alipayUserID: String?

    public init(channels: [String], language: String, weChatOpenID: String? = nil, alipayUserID: String? = nil) {
        self.channels = channels
        self.language = language
        self.weChatOpenID = weChatOpenID
        self.alipayUserID = alipayUserID
    }

    /// The new preferences and bindings, or every problem found. `current` holds the bindings today.
    public func validate(
        current: NotificationAddresses
    ) -> Result<(NotificationPreferences, NotificationAddresses), NotificationPreferenceErrors> {
        var errors: [NotificationPreferenceError] = []
        var addresses = current
        if let raw = weChatOpenID {
            if raw.trimmingCharacters(in: .whitespaces).isEmpty {
                addresses.weChatOpenID = nil
            } else {
                do { addresses.weChatOpenID = try BoundRecipientID.weChatOpenID(raw) } catch { errors.append(error) }
            }
        }
        if let raw = alipayUserID {
            if raw.trimmingCharacters(in: .whitespaces).isEmpty {
                addresses.alipayUserID = nil
            } else {
                do { addresses.alipayUserID = try BoundRecipientID.alipayUserID(raw) } catch { errors.append(error) }
            }
        }
        let chosenLanguage = Language(rawValue: language)
        if chosenLanguage == nil { errors.append(.unknownLanguage) }
        var chosen: [NotificationChannel] = []
        for name in channels where !name.isEmpty {
            guard let channel = NotificationChannel(rawValue: name) else {
                errors.append(.unknownChannel(String(name.prefix(16))))
                continue
            }
            chosen.append(channel)
        }
        if chosen.isEmpty, !errors.contains(where: { $0.field == "channels" }) { errors.append(.noChannel) }
        let bindingErrors = errors.contains { $0.field == "wechatOpenId" || $0.field == "alipayUserId" }
        for channel in chosen where addresses.recipient(on: channel) == nil && !bindingErrors {
            errors.append(.channelNotBound(channel))
        }
        guard errors.isEmpty, let chosenLanguage else {
            return .failure(NotificationPreferenceErrors(errors: errors))
        }
        return .success((NotificationPreferences(channels: chosen, language: chosenLanguage), addresses))
    }
}

public struct NotificationPreferenceErrors: Error, Hashable, Sendable {
    public var errors: [NotificationPreferenceError]

    public init(errors: [NotificationPreferenceError]) {
        self.errors = errors
    }
}
