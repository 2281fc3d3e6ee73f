/// ICAO Doc 9303 machine-readable-zone rules shared by all MRZ layouts.
public enum ICAO9303 {
    /// Value of an MRZ character: "0"-"9" → 0-9, "A"-"Z" → 10-35, filler "<" → 0; nil otherwise.
    public static func characterValue(_ character: Character) -> Int? {
        if let digit = character.asciiDigitValue { return digit }
        if character == "<" { return 0 }
        guard character.isASCIIUppercaseLetter, let ascii = character.asciiValue else { return nil }
        return Int(ascii - 0x41) + 10
    }

    /// Whether the character may appear in an MRZ at all.
    public static func isMRZCharacter(_ character: Character) -> Bool {
        characterValue(character) != nil
    }

    /// The 7-3-1 check digit of a field: Σ value × weight (7, 3, 1 repeating) mod 10.
    public static func checkDigit(_ field: some StringProtocol) throws(MRZError) -> Int {
        let weights = [7, 3, 1]
        var sum = 0
        for (index, character) in field.enumerated() {
            guard let value = characterValue(character) else {
                throw .unsupportedCharacter(character, position: index + 1)
            }
            sum += value * weights[index % 3]
        }
        return sum % 10
    }
}

/// MRZ fields, used to say which one is wrong.
public enum MRZField: String, CaseIterable, Hashable, Sendable, Codable {
    case documentCode = "document-code"
    case issuingState = "issuing-state"
    case primaryIdentifier = "primary-identifier"
    case secondaryIdentifier = "secondary-identifier"
    case documentNumber = "document-number"
    case nationality
    case birthDate = "birth-date"
    case sex
    case expiryDate = "expiry-date"
    case optionalData = "optional-data"
    /// The final check digit over document number, birth date, expiry date and optional data.
    case composite

    public var name: LocalizedText {
        switch self {
        case .documentCode: LocalizedText(zh: "证件类型代码", en: "document code")
        case .issuingState: LocalizedText(zh: "签发国", en: "issuing state")
        case .primaryIdentifier: LocalizedText(zh: "姓", en: "surname")
        case .secondaryIdentifier: LocalizedText(zh: "名", en: "given names")
        case .documentNumber: LocalizedText(zh: "证件号码", en: "document number")
        case .nationality: LocalizedText(zh: "国籍", en: "nationality")
        case .birthDate: LocalizedText(zh: "出生日期", en: "date of birth")
        case .sex: LocalizedText(zh: "性别", en: "sex")
        case .expiryDate: LocalizedText(zh: "有效期至", en: "date of expiry")
        case .optionalData: LocalizedText(zh: "可选数据", en: "optional data")
        case .composite: LocalizedText(zh: "总校验位", en: "composite check digit")
        }
    }
}

/// Sex as written in an MRZ. Unspecified ("X" in the visual zone) is written as the filler "<".
public enum MRZSex: String, CaseIterable, Hashable, Sendable, Codable {
    case male = "M"
    case female = "F"
    case unspecified = "<"
}

public enum MRZError: DomainError, Hashable {
    /// A character outside A-Z, 0-9 and "<" in a field given to `checkDigit` (1-based position).
    case unsupportedCharacter(Character, position: Int)
    case wrongLineCount(Int)
    case wrongLineLength(line: Int, length: Int)
    /// A character outside A-Z, 0-9 and "<" in a line (1-based line and position).
    case invalidCharacter(line: Int, position: Int)
    /// A value that cannot be written into its field (bad characters, bad length).
    case invalidField(MRZField)
    case checkDigitMismatch(field: MRZField, expected: Int, found: Character)

    public var code: String {
        switch self {
        case .unsupportedCharacter, .invalidCharacter: "mrz-character"
        case .wrongLineCount: "mrz-line-count"
        case .wrongLineLength: "mrz-line-length"
        case .invalidField: "mrz-field"
        case .checkDigitMismatch: "mrz-check-digit"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .unsupportedCharacter(_, let position):
            LocalizedText(
                zh: "第\(position)个字符不能出现在机读区中（只允许大写字母、数字和<）",
                en: "Character \(position) cannot appear in a machine-readable zone (only A-Z, 0-9 and < are allowed)")
        case .wrongLineCount(let count):
            LocalizedText(
                zh: "护照机读区应有2行，您提供了\(count)行",
                en: "A passport machine-readable zone has 2 lines; you gave \(count)")
        case .wrongLineLength(let line, let length):
            LocalizedText(
                zh: "机读区第\(line)行应为44个字符，现为\(length)个，请核对是否漏填或多填了<",
                en:
                    "Line \(line) of the machine-readable zone must have 44 characters but has \(length); check for missing or extra < signs"
            )
        case .invalidCharacter(let line, let position):
            LocalizedText(
                zh: "机读区第\(line)行第\(position)个字符无效（只允许大写字母、数字和<）",
                en:
                    "Character \(position) on line \(line) of the machine-readable zone is not allowed (only A-Z, 0-9 and <)"
            )
        case .invalidField(let field):
            LocalizedText(
                zh: "“\(field.name.zh)”含有无法写入机读区的内容，请只使用拼音字母、数字、空格或连字符",
                en:
                    "The \(field.name.en) contains something that cannot be written in a machine-readable zone; use Latin letters, digits, spaces or hyphens only"
            )
        case .checkDigitMismatch(let field, _, _):
            LocalizedText(
                zh: "机读区中“\(field.name.zh)”的校验位不正确，请逐字核对该部分",
                en:
                    "The check digit of the \(field.name.en) in the machine-readable zone does not match; please check that part character by character"
            )
        }
    }
}
