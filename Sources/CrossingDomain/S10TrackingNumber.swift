/// An international postal item number (UPU S10), e.g. "EE473124829CN": 2-letter service indicator,
/// 8-digit serial, 1 check digit, 2-letter ISO country code of the issuing post.
public struct S10TrackingNumber: Hashable, Sendable, CustomStringConvertible {
    public let serviceIndicator: String
    public let serial: String
    public let checkDigit: Int
    public let countryCode: String

    /// The 13-character canonical form.
    public var value: String { serviceIndicator + serial + String(checkDigit) + countryCode }
    public var description: String { value }

    /// S10 weights for the 8 serial digits.
    private static let weights = [8, 6, 4, 2, 3, 5, 9, 7]

    /// c = 11 − (Σ digit × weight mod 11), where 10 → 0 and 11 → 5. nil unless 8 ASCII digits.
    public static func checkDigit(serial: some StringProtocol) -> Int? {
        let digits = serial.compactMap(\.asciiDigitValue)
        guard serial.count == 8, digits.count == 8 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        switch 11 - sum % 11 {
        case 10: return 0
        case 11: return 5
        case let check: return check
        }
    }

    /// Accepts upper or lower case, with or without spaces ("ee 47312482 9 cn").
    public static func parse(_ raw: String) throws(S10Error) -> S10TrackingNumber {
        let characters = DocumentInput.normalize(raw, removingInnerWhitespace: true)
        guard !characters.isEmpty else { throw .empty }
        guard characters.count == 13 else { throw .wrongLength(characters.count) }
        guard characters[0..<2].allSatisfy(\.isASCIIUppercaseLetter) else { throw .invalidServiceIndicator }
        if let bad = characters[2..<11].firstIndex(where: { !$0.isASCIIDigit }) {
            throw .expectedDigit(position: bad + 1)
        }
        guard characters[11..<13].allSatisfy(\.isASCIIUppercaseLetter) else { throw .invalidCountryCode }
        let serial = String(characters[2..<10])
        guard let expected = checkDigit(serial: serial), let found = characters[10].asciiDigitValue else {
            throw .expectedDigit(position: 11)
        }
        guard expected == found else { throw .checkDigitMismatch(expected: expected, found: found) }
        return S10TrackingNumber(
            serviceIndicator: String(characters[0..<2]), serial: serial, checkDigit: expected,
            countryCode: String(characters[11..<13]))
    }

    /// Builds a number from its parts, computing the check digit.
    public static func make(
        serviceIndicator: String, serial: String, country: String
    ) throws(S10Error)
        -> S10TrackingNumber
    {
        let indicator = serviceIndicator.uppercased()
        let countryCode = country.uppercased()
        guard indicator.count == 2, indicator.allSatisfy(\.isASCIIUppercaseLetter) else {
            throw .invalidServiceIndicator
        }
        guard countryCode.count == 2, countryCode.allSatisfy(\.isASCIIUppercaseLetter) else {
            throw .invalidCountryCode
        }
        guard let check = checkDigit(serial: serial) else { throw .invalidSerial }
        return S10TrackingNumber(
            serviceIndicator: indicator, serial: serial, checkDigit: check, countryCode: countryCode)
    }
}

public enum S10Error: DomainError, Hashable {
    case empty
    case wrongLength(Int)
    case invalidServiceIndicator
    case invalidSerial
    /// 1-based position in the 13-character number.
    case expectedDigit(position: Int)
    case invalidCountryCode
    case checkDigitMismatch(expected: Int, found: Int)

    public var code: String {
        switch self {
        case .empty: "tracking-empty"
        case .wrongLength: "tracking-length"
        case .invalidServiceIndicator: "tracking-service-indicator"
        case .invalidSerial: "tracking-serial"
        case .expectedDigit: "tracking-digit"
        case .invalidCountryCode: "tracking-country"
        case .checkDigitMismatch: "tracking-checksum"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .empty:
            LocalizedText(zh: "请填写邮件单号", en: "Please enter the tracking number")
        case .wrongLength(let length):
            LocalizedText(
                zh: "国际邮件单号为13位（2个字母、9位数字、2个字母），您填写了\(length)位",
                en:
                    "An international tracking number has 13 characters (2 letters, 9 digits, 2 letters); you entered \(length)"
            )
        case .invalidServiceIndicator:
            LocalizedText(
                zh: "邮件单号应以2个英文字母开头，例如EE", en: "The tracking number must start with 2 letters, such as EE")
        case .invalidSerial:
            LocalizedText(zh: "邮件序号应为8位数字", en: "The serial number must be 8 digits")
        case .expectedDigit(let position):
            LocalizedText(
                zh: "邮件单号第\(position)位应为数字，请核对",
                en: "Character \(position) of the tracking number should be a digit; please check it")
        case .invalidCountryCode:
            LocalizedText(
                zh: "邮件单号应以2个英文字母的国家代码结尾，例如CN",
                en: "The tracking number must end with a 2-letter country code, such as CN")
        case .checkDigitMismatch:
            LocalizedText(
                zh: "邮件单号校验位（第11位）不正确，请核对单号",
                en: "The check digit (character 11) of the tracking number does not match; please check the number")
        }
    }
}
