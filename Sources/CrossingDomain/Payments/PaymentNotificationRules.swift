import Foundation

/// The checks on a verified notification against our order, in the order they are made.
public enum PaymentNotificationRules {
    /// A notification's `notify_time` must be no older than `maximumAge` (longer than the
    /// gateway's whole retry schedule: Alipay retries for about 25 hours) and no more than
    /// `clockSkew` ahead of our clock.
    public static func isFresh(
        _ notifyTime: Date, now: Date, maximumAge: TimeInterval, clockSkew: TimeInterval = 300
    ) -> Bool {
        notifyTime >= now.addingTimeInterval(-maximumAge) && notifyTime <= now.addingTimeInterval(clockSkew)
    }

    /// nil when the notification matches the order; otherwise why it does not.
    public static func mismatch(
        _ notification: PaymentNotification, orderAmount: Money, orderCurrency: PaymentCurrency
    ) -> PaymentNotificationRejection? {
        if notification.currency != orderCurrency.rawValue { return .currencyMismatch }
        if notification.amount != orderAmount { return .amountMismatch }
        return nil
    }
}

/// Amounts as the gateways write them: yuan with exactly two decimals ("120.00").
public enum GatewayAmount {
    public static func parse(_ text: String) -> Money? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, (1...10).contains(parts[0].count),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let yuan = Int64(parts[0]), let fen = Int64(parts[1])
        else { return nil }
        return Money(fen: yuan * 100 + fen)
    }

    public static func format(_ money: Money) -> String { money.yuanString }
}

/// Form fields of a gateway message (application/x-www-form-urlencoded), and the canonical string
/// the gateway signs: every field except `sign` and `sign_type`, with a non-empty value, sorted by
/// name, as `name=value` joined by `&`, values not encoded (Alipay's rule).
public struct SignedFormFields: Hashable, Sendable {
    public private(set) var fields: [String: String]

    public init(_ fields: [String: String]) {
        self.fields = fields
    }

    public subscript(name: String) -> String? { fields[name] }

    public var canonicalString: String {
        fields.filter { $0.key != "sign" && $0.key != "sign_type" && !$0.value.isEmpty }
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
    }

    /// Percent-encoded body, fields sorted by name (stable bytes for the same fields).
    public var formEncoded: String {
        fields.sorted { $0.key < $1.key }.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }
            .joined(separator: "&")
    }

    /// nil for anything that is not a well-formed form body with each name once.
    public static func parse(_ body: String) -> SignedFormFields? {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let name = decode(parts[0]), let value = decode(parts[1]), !name.isEmpty,
                fields[name] == nil
            else { return nil }
            fields[name] = value
        }
        return fields.isEmpty ? nil : SignedFormFields(fields)
    }

    private static let unreserved: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        set.insert(charactersIn: "-._~")
        return set
    }()

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
