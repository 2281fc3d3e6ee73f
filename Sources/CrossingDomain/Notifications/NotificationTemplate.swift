import Foundation

// Notification templates as data: what each message says on each channel, in Chinese and English,
// and which parameters it needs. The catalogue (NotificationCatalogue.swift) holds the templates;
// rendering fills `{name}` placeholders and refuses a missing or malformed parameter instead of
// leaving a blank, as a provider's template review would.

/// The messages the platform sends about applications, deliveries and appointments. The raw value is
/// the template id callers pass to `Notifications.enqueue` and the adapters receive.
public enum NotificationTemplateID: String, CaseIterable, Hashable, Sendable, Codable {
    case applicationSubmitted = "application-submitted"
    case applicationReturned = "application-returned"
    case paymentDue = "payment-due"
    case paymentReceived = "payment-received"
    case inProduction = "in-production"
    case dispatched = "dispatched"
    case outForDelivery = "out-for-delivery"
    case delivered = "delivered"
    case deliveryFailed = "delivery-failed"
    case readyForCollection = "ready-for-collection"
    case applicationWithdrawn = "application-withdrawn"
    case refunded = "refunded"
    case appointmentBooked = "appointment-booked"
    case appointmentReminder = "appointment-reminder"
    case appointmentCancelled = "appointment-cancelled"
    case returnedToSender = "returned-to-sender"
    case applicationRejected = "application-rejected"
}

/// What a parameter holds; rendering checks the value and formats it for the reader.
public enum NotificationParameterKind: String, Hashable, Sendable, Codable {
    /// Free text, 1–64 characters on one line. May be given per language as `name.zh` and `name.en`
    /// (an office's or a service's name), else `name` is used for both.
    case text
    /// An identifier shown as given: application number, waybill number, pickup code, booking
    /// reference. 4–32 characters of A–Z, a–z, 0–9 and `-`.
    case reference
    /// An amount in fen (digits only), shown as ¥120.00.
    case amountFen
    /// A date `YYYY-MM-DD`, shown as 2026年11月23日 / 2026-11-23.
    case date
    /// A time of day `HH:mm` (24 hours).
    case time
}

public struct NotificationParameter: Hashable, Sendable {
    public var name: String
    public var kind: NotificationParameterKind

    public init(_ name: String, _ kind: NotificationParameterKind) {
        self.name = name
        self.kind = kind
    }
}

/// One line of a WeChat template message (`keyword1`, `keyword2`, …): a label and a value pattern.
public struct WeChatTemplateField: Hashable, Sendable {
    public var label: LocalizedText
    public var value: LocalizedText

    public init(_ label: LocalizedText, _ value: LocalizedText) {
        self.label = label
        self.value = value
    }
}

/// A template: its parameters and its wording on every channel. The SMS text is written without the
/// signature (the renderer adds 【出入境服务】 / [Crossing]); the Alipay message reuses the title and
/// the SMS text; the WeChat template message has the title, fields, a remark and a link.
public struct NotificationTemplate: Sendable {
    public var id: NotificationTemplateID
    public var parameters: [NotificationParameter]
    public var title: LocalizedText
    public var text: LocalizedText
    /// The template's id in the WeChat official account's template library.
    public var weChatTemplateCode: String
    public var weChatFields: [WeChatTemplateField]
    public var remark: LocalizedText
    /// Where the message's link leads on the portal, with placeholders, e.g. `/account`.
    public var linkPath: String

    public init(
        id: NotificationTemplateID, parameters: [NotificationParameter], title: LocalizedText, text: LocalizedText,
        weChatTemplateCode: String, weChatFields: [WeChatTemplateField], remark: LocalizedText, linkPath: String
    ) {
        self.id = id
        self.parameters = parameters
        self.title = title
        self.text = text
        self.weChatTemplateCode = weChatTemplateCode
        self.weChatFields = weChatFields
        self.remark = remark
        self.linkPath = linkPath
    }
}

/// A message ready for one channel.
public struct RenderedNotification: Hashable, Sendable, Codable {
    public struct Field: Hashable, Sendable, Codable {
        public var key: String
        public var label: String
        public var value: String

        public init(key: String, label: String, value: String) {
            self.key = key
            self.label = label
            self.value = value
        }
    }

    public var template: NotificationTemplateID
    public var channel: NotificationChannel
    public var language: Language
    public var title: String
    /// SMS: the whole text with signature. Alipay: the message body. WeChat: the fields as one line.
    public var text: String
    /// WeChat template-message fields (`keyword1`…); empty on other channels.
    public var fields: [Field]
    /// WeChat only: remark under the fields.
    public var remark: String
    /// WeChat template code; nil on other channels.
    public var providerTemplateCode: String?
    /// Portal path the message links to (WeChat and Alipay; SMS carries no links).
    public var linkPath: String?
}

/// Why a template could not be rendered. A caller's mistake, never shown to the public.
public enum NotificationTemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownTemplate(String)
    case missingParameter(template: String, name: String)
    case invalidParameter(template: String, name: String, expected: String)
    case unexpectedParameter(template: String, name: String)

    public var description: String {
        switch self {
        case .unknownTemplate(let id): "unknown notification template \(id)"
        case .missingParameter(let template, let name): "template \(template) needs parameter \(name)"
        case .invalidParameter(let template, let name, let expected):
            "template \(template): parameter \(name) must be \(expected)"
        case .unexpectedParameter(let template, let name): "template \(template) has no parameter \(name)"
        }
    }
}

extension NotificationTemplate {
    public static let smsSignature = LocalizedText(zh: "【出入境服务】", en: "[Crossing] ")

    /// Checks every parameter (present, well formed, none unknown) without rendering.
    public func validate(_ parameters: [String: String]) throws(NotificationTemplateError) {
        _ = try values(parameters, language: .zh)
        _ = try values(parameters, language: .en)
    }

    public func render(
        channel: NotificationChannel, language: Language, parameters: [String: String]
    ) throws(NotificationTemplateError) -> RenderedNotification {
        let values = try values(parameters, language: language)
        func fill(_ text: LocalizedText) -> String { Self.fill(text.text(in: language), values) }
        let title = fill(title)
        let text = fill(text)
        switch channel {
        case .sms:
            return RenderedNotification(
                template: id, channel: .sms, language: language, title: title,
                text: Self.smsSignature.text(in: language) + text, fields: [], remark: "", providerTemplateCode: nil,
                linkPath: nil)
        case .alipay:
            return RenderedNotification(
                template: id, channel: .alipay, language: language, title: title, text: text, fields: [], remark: "",
                providerTemplateCode: nil, linkPath: Self.fill(linkPath, values))
        case .wechat:
            let fields = weChatFields.enumerated().map { index, field in
                RenderedNotification.Field(
                    key: "keyword\(index + 1)", label: field.label.text(in: language), value: fill(field.value))
            }
            return RenderedNotification(
                template: id, channel: .wechat, language: language, title: title,
                text: fields.map { "\($0.label): \($0.value)" }.joined(separator: "; "), fields: fields,
                remark: fill(remark), providerTemplateCode: weChatTemplateCode, linkPath: Self.fill(linkPath, values))
        }
    }

    /// The display value of every parameter in `language`.
    private func values(
        _ parameters: [String: String], language: Language
    ) throws(NotificationTemplateError) -> [String: String] {
        let known = Set(self.parameters.map(\.name))
        for name in parameters.keys {
            let base = name.hasSuffix(".zh") || name.hasSuffix(".en") ? String(name.dropLast(3)) : name
            guard known.contains(base) else { throw .unexpectedParameter(template: id.rawValue, name: name) }
        }
        var values: [String: String] = [:]
        for parameter in self.parameters {
            let given =
                parameter.kind == .text
                ? parameters[parameter.name + "." + language.rawValue] ?? parameters[parameter.name]
                : parameters[parameter.name]
            guard let raw = given?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
                throw .missingParameter(template: id.rawValue, name: parameter.name)
            }
            guard let value = Self.format(raw, as: parameter.kind, language: language) else {
                throw .invalidParameter(
                    template: id.rawValue, name: parameter.name, expected: Self.expectation(parameter.kind))
            }
            values[parameter.name] = value
        }
        return values
    }

    static func format(_ raw: String, as kind: NotificationParameterKind, language: Language) -> String? {
        switch kind {
        case .text:
            guard raw.count <= 64, !raw.contains(where: \.isNewline), !raw.contains("{") else { return nil }
            return raw
        case .reference:
            let allowed = raw.unicodeScalars.allSatisfy {
                ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
            }
            return allowed && (4...32).contains(raw.count) ? raw : nil
        case .amountFen:
            guard (1...12).contains(raw.count), raw.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
                let fen = Int64(raw)
            else { return nil }
            return Money(fen: fen).formatted
        case .date:
            guard raw.count == 10, let date = CalendarDate(iso: raw) else { return nil }
            return language == .zh ? "\(date.year)年\(date.month)月\(date.day)日" : date.iso
        case .time:
            let parts = raw.split(separator: ":", omittingEmptySubsequences: false)
            guard raw.count == 5, parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
                (0...23).contains(hour), (0...59).contains(minute)
            else { return nil }
            return raw
        }
    }

    static func expectation(_ kind: NotificationParameterKind) -> String {
        switch kind {
        case .text: "1–64 characters on one line"
        case .reference: "4–32 letters, digits or hyphens"
        case .amountFen: "an amount in fen (digits)"
        case .date: "a date YYYY-MM-DD"
        case .time: "a time HH:mm"
        }
    }

    /// Replaces `{name}` with its value. Placeholders are checked against the parameters by the
    /// catalogue's tests, so none is left unfilled.
    static func fill(_ pattern: String, _ values: [String: String]) -> String {
        var result = pattern
        for (name, value) in values {
            result = result.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return result
    }

    /// The placeholders a pattern uses (for the catalogue's consistency checks).
    public static func placeholders(in pattern: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// Every pattern of the template, for consistency checks.
    public var patterns: [String] {
        [title, text, remark].flatMap { [$0.zh, $0.en] } + weChatFields.flatMap { [$0.value.zh, $0.value.en] }
            + [linkPath]
    }
}
