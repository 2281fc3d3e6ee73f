public enum Sex: String, CaseIterable, Hashable, Sendable, Codable {
    case male
    case female

    /// GB 11643: the last digit of the sequence code is odd for men and even for women.
    init(sequenceLastDigit digit: Int) {
        self = digit % 2 == 1 ? .male : .female
    }

    public var name: LocalizedText {
        switch self {
        case .male: LocalizedText(zh: "男", en: "Male")
        case .female: LocalizedText(zh: "女", en: "Female")
        }
    }
}

/// A PRC citizen identity number (公民身份号码, GB 11643-1999), always held in its 18-character form.
public struct ResidentIDNumber: Hashable, Sendable, CustomStringConvertible {
    /// Canonical 18 characters, upper-case X.
    public let value: String
    public let addressCode: String
    public let birthDate: CalendarDate
    /// Positions 15-17.
    public let sequence: String
    public let sex: Sex
    /// true when the input was a legacy 15-digit number.
    public let wasUpgradedFromLegacy: Bool

    public var description: String { value }

    /// Parses 18 characters (a lower-case trailing x is fine) or a legacy 15-digit number, which is
    /// upgraded by inserting "19" before the year and computing the check character.
    /// Surrounding spaces are ignored; `today` rejects birth dates in the future.
    public static func parse(_ raw: String, today: CalendarDate) throws(ResidentIDError) -> ResidentIDNumber {
        let characters = DocumentInput.normalize(raw, removingInnerWhitespace: false)
        guard !characters.isEmpty else { throw .empty }
        guard characters.count == 18 || characters.count == 15 else { throw .wrongLength(characters.count) }
        let isLegacy = characters.count == 15
        for (index, character) in characters.enumerated() {
            let isCheckPosition = !isLegacy && index == 17
            guard character.isASCIIDigit || (isCheckPosition && character == "X") else {
                throw .invalidCharacter(position: index + 1)
            }
        }
        let addressCode = String(characters[0..<6])
        guard AddressCode(addressCode) != nil else { throw .invalidAddressCode }

        let birthDigits = isLegacy ? "19" + String(characters[6..<12]) : String(characters[6..<14])
        guard let birthDate = parseBirthDate(birthDigits) else { throw .invalidBirthDate }
        guard birthDate <= today else { throw .birthDateInFuture }

        let sequenceStart = isLegacy ? 12 : 14
        let sequence = String(characters[sequenceStart..<(sequenceStart + 3)])
        let body = addressCode + birthDigits + sequence
        // The body is 17 ASCII digits by now, so a check character always exists.
        guard let expected = ISO7064Mod11_2.checkCharacter(forDigits: body) else {
            throw .invalidCharacter(position: 1)
        }
        if !isLegacy, characters[17] != expected {
            throw .checkCharacterMismatch(expected: expected, found: characters[17])
        }
        let lastSequenceDigit = characters[sequenceStart + 2].asciiDigitValue ?? 0
        return ResidentIDNumber(
            value: body + String(expected), addressCode: addressCode, birthDate: birthDate,
            sequence: sequence, sex: Sex(sequenceLastDigit: lastSequenceDigit),
            wasUpgradedFromLegacy: isLegacy)
    }

    /// The check character for a 17-digit body, or nil if the body is not 17 ASCII digits.
    public static func checkCharacter(forBody body: some StringProtocol) -> Character? {
        guard body.count == 17 else { return nil }
        return ISO7064Mod11_2.checkCharacter(forDigits: body)
    }

    /// Age in completed years on `date` (someone born on 29 February turns a year older on 1 March
    /// in common years).
    public func age(on date: CalendarDate) -> Int {
        let years = date.year - birthDate.year
        let hadBirthday = (date.month, date.day) >= (birthDate.month, birthDate.day)
        return hadBirthday ? years : years - 1
    }

    /// "YYYYMMDD" to a real date; years before 1800 are rejected as typing mistakes.
    static func parseBirthDate(_ digits: String) -> CalendarDate? {
        let values = digits.compactMap(\.asciiDigitValue)
        guard values.count == 8 else { return nil }
        func number(_ range: Range<Int>) -> Int { values[range].reduce(0) { $0 * 10 + $1 } }
        let year = number(0..<4)
        guard year >= 1800 else { return nil }
        return CalendarDate(year: year, month: number(4..<6), day: number(6..<8))
    }
}

public enum ResidentIDError: DomainError, Hashable {
    case empty
    case wrongLength(Int)
    /// 1-based position in the trimmed input.
    case invalidCharacter(position: Int)
    case invalidAddressCode
    case invalidBirthDate
    case birthDateInFuture
    case checkCharacterMismatch(expected: Character, found: Character)

    public var code: String {
        switch self {
        case .empty: "id-empty"
        case .wrongLength: "id-length"
        case .invalidCharacter: "id-character"
        case .invalidAddressCode: "id-address-code"
        case .invalidBirthDate: "id-birth-date"
        case .birthDateInFuture: "id-birth-date-future"
        case .checkCharacterMismatch: "id-checksum"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .empty:
            LocalizedText(zh: "请填写身份证号码", en: "Please enter the ID number")
        case .wrongLength(let length):
            LocalizedText(
                zh: "身份证号码应为18位（旧号码为15位），您填写了\(length)位，请核对",
                en:
                    "An ID number has 18 characters (old numbers have 15); you entered \(length). Please check the number"
            )
        case .invalidCharacter(let position):
            LocalizedText(
                zh: "身份证号码第\(position)位不正确：只能是数字，最后一位可以是X",
                en:
                    "Character \(position) of the ID number is not allowed: use digits only; only the last character may be X"
            )
        case .invalidAddressCode:
            LocalizedText(
                zh: "身份证号码前6位（地址码）不正确，请核对",
                en: "The first 6 digits of the ID number (the address code) are not valid; please check them")
        case .invalidBirthDate:
            LocalizedText(
                zh: "身份证号码中的出生日期不是有效日期，请核对第7至14位",
                en: "The date of birth in the ID number is not a real date; please check digits 7 to 14")
        case .birthDateInFuture:
            LocalizedText(
                zh: "身份证号码中的出生日期晚于今天，请核对",
                en: "The date of birth in the ID number is after today; please check the number")
        case .checkCharacterMismatch:
            LocalizedText(
                zh: "身份证号码校验位不正确，请核对最后一位",
                en: "The last character of the ID number does not match its check digit; please check the number")
        }
    }
}
