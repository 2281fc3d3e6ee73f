/// A mainland China mobile number (11 digits, `^1[3-9]\d{9}$`), the only kind the SMS channel
/// can reach, held without country code or separators.
public struct MobileNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Exactly 11 ASCII digits.
    public let value: String

    /// Accepts what people type or paste: "+86", "0086" and "86" country prefixes, spaces, hyphens,
    /// full-width digits (Chinese input methods) and parentheses around the prefix ("(+86)").
    public static func parse(_ raw: String) throws(MobileNumberError) -> MobileNumber {
        var characters = DocumentInput.normalize(raw, removingInnerWhitespace: true)
            .filter { $0 != "-" && $0 != "(" && $0 != ")" }
        guard !characters.isEmpty else { throw .empty }
        if characters.starts(with: ["+", "8", "6"]) {
            characters.removeFirst(3)
        } else if characters.starts(with: ["0", "0", "8", "6"]) {
            characters.removeFirst(4)
        } else if characters.first == "+" || characters.starts(with: ["0", "0"]) {
            // Another country's code: say so instead of pointing at the "+".
            throw .notMainlandMobile
        } else if characters.count == 13, characters.starts(with: ["8", "6"]) {
            // "86 138 ..." without the plus: only strip when what remains could be a number, so an
            // 11-digit number that happens to start with 86 is never mangled (none do: they start with 1).
            characters.removeFirst(2)
        }
        if let position = characters.firstIndex(where: { !$0.isASCIIDigit }) {
            throw .invalidCharacter(position: position + 1)
        }
        guard characters.count == 11 else { throw .wrongLength(characters.count) }
        guard characters[0] == "1", let second = characters[1].asciiDigitValue, second >= 3 else {
            throw .notMainlandMobile
        }
        return MobileNumber(value: String(characters))
    }

    private init(value: String) {
        self.value = value
    }

    /// For screens and messages: "138****5678" (first 3 and last 4 digits kept).
    public var masked: String {
        String(value.prefix(3)) + "****" + String(value.suffix(4))
    }

    public var description: String { masked }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try MobileNumber.parse(text)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a mainland mobile number (\(error.code))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

public enum MobileNumberError: DomainError, Hashable {
    case empty
    /// 1-based position after the country prefix and separators were removed.
    case invalidCharacter(position: Int)
    case wrongLength(Int)
    /// 11 digits, but not starting 13-19, so not a mainland mobile number.
    case notMainlandMobile

    public var code: String {
        switch self {
        case .empty: "mobile-empty"
        case .invalidCharacter: "mobile-character"
        case .wrongLength: "mobile-length"
        case .notMainlandMobile: "mobile-not-mainland"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .empty:
            LocalizedText(zh: "请填写手机号码", en: "Please enter your mobile number")
        case .invalidCharacter:
            LocalizedText(
                zh: "手机号码只能包含数字，请核对后重新填写",
                en: "A mobile number may contain digits only; please check it and enter it again")
        case .wrongLength(let length):
            LocalizedText(
                zh: "手机号码应为11位，您填写了\(length)位，请核对",
                en: "A mobile number has 11 digits; you entered \(length). Please check the number")
        case .notMainlandMobile:
            LocalizedText(
                zh: "请填写以13至19开头的中国大陆手机号码",
                en: "Please enter a mainland China mobile number; these start with 13 to 19")
        }
    }
}
