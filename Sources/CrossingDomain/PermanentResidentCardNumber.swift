/// The number of a Foreign Permanent Resident ID Card (外国人永久居留身份证).
///
/// 2023 version (issued from 1 Dec 2023): 18 characters, `9` + 2-digit province of application +
/// 3-digit ISO 3166-1 numeric nationality + birth date + 3-digit sequence + MOD 11-2 check.
/// The field layout is inferred from the two official specimens (unverified as a rule).
/// 2017 version (still valid until expiry): 3-letter country code + 12 digits, not interpreted further.
public struct PermanentResidentCardNumber: Hashable, Sendable, CustomStringConvertible {
    public enum Version: String, Hashable, Sendable, Codable {
        case version2023 = "2023"
        case version2017 = "2017"
    }

    public let value: String
    public let version: Version
    /// Numeric ("682") for 2023 cards, alphabetic ("SAU") for 2017 cards.
    public let nationalityCode: String
    /// 2023 cards only: province where the application was made, e.g. "32".
    public let applicationProvinceCode: String?
    public let birthDate: CalendarDate?
    public let sex: Sex?

    public var description: String { value }

    public static func parse(_ raw: String) throws(PermanentResidentCardError) -> PermanentResidentCardNumber {
        let characters = DocumentInput.normalize(raw, removingInnerWhitespace: true)
        guard !characters.isEmpty else { throw .empty }
        if let firstBad = characters.firstIndex(where: { !$0.isASCIIAlphanumeric }) {
            throw .invalidCharacter(position: firstBad + 1)
        }
        switch characters.count {
        case 18: return try parse2023(characters)
        case 15: return try parse2017(characters)
        default: throw .wrongLength(characters.count)
        }
    }

    private static func parse2023(
        _ characters: [Character]
    ) throws(PermanentResidentCardError)
        -> PermanentResidentCardNumber
    {
        guard characters[0] == "9" else { throw .invalidPrefix }
        for index in 1..<17 where !characters[index].isASCIIDigit {
            throw .invalidCharacter(position: index + 1)
        }
        guard characters[17].isASCIIDigit || characters[17] == "X" else {
            throw .invalidCharacter(position: 18)
        }
        guard let birthDate = ResidentIDNumber.parseBirthDate(String(characters[6..<14])) else {
            throw .invalidBirthDate
        }
        guard let expected = ISO7064Mod11_2.checkCharacter(forDigits: String(characters[0..<17])) else {
            throw .invalidCharacter(position: 1)
        }
        guard characters[17] == expected else {
            throw .checkCharacterMismatch(expected: expected, found: characters[17])
        }
        return PermanentResidentCardNumber(
            value: String(characters), version: .version2023, nationalityCode: String(characters[3..<6]),
            applicationProvinceCode: String(characters[1..<3]), birthDate: birthDate,
            sex: Sex(sequenceLastDigit: characters[16].asciiDigitValue ?? 0))
    }

    private static func parse2017(
        _ characters: [Character]
    ) throws(PermanentResidentCardError)
        -> PermanentResidentCardNumber
    {
        for index in 0..<3 where !characters[index].isASCIIUppercaseLetter {
            throw .invalidCharacter(position: index + 1)
        }
        for index in 3..<15 where !characters[index].isASCIIDigit {
            throw .invalidCharacter(position: index + 1)
        }
        return PermanentResidentCardNumber(
            value: String(characters), version: .version2017, nationalityCode: String(characters[0..<3]),
            applicationProvinceCode: nil, birthDate: nil, sex: nil)
    }
}

public enum PermanentResidentCardError: DomainError, Hashable {
    case empty
    case wrongLength(Int)
    case invalidCharacter(position: Int)
    /// An 18-character number that does not start with 9 (citizen numbers start with 1-8).
    case invalidPrefix
    case invalidBirthDate
    case checkCharacterMismatch(expected: Character, found: Character)

    public var code: String {
        switch self {
        case .empty: "pr-card-empty"
        case .wrongLength: "pr-card-length"
        case .invalidCharacter: "pr-card-character"
        case .invalidPrefix: "pr-card-prefix"
        case .invalidBirthDate: "pr-card-birth-date"
        case .checkCharacterMismatch: "pr-card-checksum"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .empty:
            LocalizedText(zh: "请填写永久居留身份证号码", en: "Please enter the permanent resident ID card number")
        case .wrongLength(let length):
            LocalizedText(
                zh: "永久居留身份证号码应为18位（2023年12月前签发的为15位），您填写了\(length)位",
                en:
                    "A permanent resident ID card number has 18 characters (15 on cards issued before December 2023); you entered \(length)"
            )
        case .invalidCharacter(let position):
            LocalizedText(
                zh: "永久居留身份证号码第\(position)位不正确，请对照证件核对",
                en:
                    "Character \(position) of the permanent resident ID card number is not valid; please compare it with your card"
            )
        case .invalidPrefix:
            LocalizedText(
                zh: "18位永久居留身份证号码以9开头；以1至8开头的是中国公民身份号码",
                en:
                    "An 18-character permanent resident ID card number starts with 9; numbers starting with 1 to 8 are Chinese citizen ID numbers"
            )
        case .invalidBirthDate:
            LocalizedText(
                zh: "号码中的出生日期（第7至14位）不是有效日期，请核对",
                en: "The date of birth in the number (characters 7 to 14) is not a real date; please check it")
        case .checkCharacterMismatch:
            LocalizedText(
                zh: "永久居留身份证号码校验位不正确，请核对最后一位",
                en:
                    "The last character of the permanent resident ID card number does not match its check digit; please check the number"
            )
        }
    }
}
