import Foundation

/// The code a person shows at the counter: 11 random symbols and one check symbol, printed as
/// XXXX-XXXX-XXXX. The alphabet is Crockford's base 32 without Z (31 symbols, a prime), so the
/// weighted check symbol catches every single wrong symbol and every swap of two neighbours.
/// 31^11 (about 2^54) codes make guessing hopeless, and look-ups are rate limited besides.
public struct ConfirmationCode: Hashable, Sendable, Codable, CustomStringConvertible {
    public static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXY")
    public static let randomLength = 11

    /// 12 symbols, no separators.
    public let compact: String

    private init(compact: String) { self.compact = compact }

    /// A new random code.
    public static func generate<Generator: RandomNumberGenerator>(using generator: inout Generator) -> ConfirmationCode
    {
        let values = (0..<randomLength).map { _ in Int.random(in: 0..<alphabet.count, using: &generator) }
        return ConfirmationCode(compact: String((values + [checkValue(values)]).map { alphabet[$0] }))
    }

    /// Reads what a person typed or a scanner read: case, spaces and hyphens do not matter, O reads
    /// as 0 and I or L as 1, and a QR payload "CROSSING-APPT:..." is accepted too.
    public static func parse(_ raw: String) throws(ConfirmationCodeError) -> ConfirmationCode {
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        if text.hasPrefix(qrPrefix) { text.removeFirst(qrPrefix.count) }
        var values: [Int] = []
        for character in text where character != "-" && character != " " {
            let mapped: Character =
                switch character {
                case "O": "0"
                case "I", "L": "1"
                default: character
                }
            guard let value = alphabet.firstIndex(of: mapped) else { throw .invalidCharacters }
            values.append(value)
        }
        guard values.count == randomLength + 1 else { throw .wrongLength }
        guard checkValue(Array(values.prefix(randomLength))) == values[randomLength] else { throw .checkFailed }
        return ConfirmationCode(compact: String(values.map { alphabet[$0] }))
    }

    /// The check value: the weighted sum (weights 1...11) plus the check value is 0 modulo 31.
    static func checkValue(_ values: [Int]) -> Int {
        let modulus = alphabet.count
        let sum = values.enumerated().reduce(0) { ($0 + ($1.offset + 1) * $1.element) % modulus }
        return (modulus - sum) % modulus
    }

    /// What the QR code carries.
    public static let qrPrefix = "CROSSING-APPT:"
    public var qrPayload: String { Self.qrPrefix + compact }

    /// "XXXX-XXXX-XXXX".
    public var display: String {
        let characters = Array(compact)
        return stride(from: 0, to: characters.count, by: 4).map {
            String(characters[$0..<min($0 + 4, characters.count)])
        }
        .joined(separator: "-")
    }

    public var description: String { display }
}

public enum ConfirmationCodeError: DomainError, Hashable, CaseIterable {
    case invalidCharacters
    case wrongLength
    case checkFailed

    public var code: String {
        switch self {
        case .invalidCharacters: "confirmation-code-characters"
        case .wrongLength: "confirmation-code-length"
        case .checkFailed: "confirmation-code-check"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .invalidCharacters:
            LocalizedText(
                zh: "预约确认码只包含数字和字母，请核对后重新输入",
                en: "A confirmation code has only digits and letters; check it and enter it again")
        case .wrongLength:
            LocalizedText(
                zh: "预约确认码为12位，格式如 AB12-CD34-EF56",
                en: "A confirmation code has 12 characters, like AB12-CD34-EF56")
        case .checkFailed:
            LocalizedText(
                zh: "预约确认码有误（校验位不符），请核对每一位后重新输入",
                en: "This confirmation code is not valid (its check character does not match); check each character")
        }
    }
}
