/// The two-line, 44-character machine-readable zone of a passport (ICAO Doc 9303 Part 4, TD3).
public struct TD3MRZ: Hashable, Sendable {
    public static let lineLength = 44
    private static let nameFieldLength = 39
    private static let optionalDataLength = 14

    /// "P", or two characters such as "PO"; padded with "<" in the MRZ.
    public var documentCode: String
    /// Three-letter code such as "CHN" (shorter codes like "D" are padded with "<").
    public var issuingState: String
    /// Surname(s).
    public var primaryIdentifier: String
    /// Given name(s); may be empty.
    public var secondaryIdentifier: String
    /// Up to 9 characters.
    public var documentNumber: String
    public var nationality: String
    /// "YYMMDD" as printed; "<" marks an unknown part.
    public var birthDate: String
    public var sex: MRZSex
    /// "YYMMDD".
    public var expiryDate: String
    /// Personal number or other optional data, up to 14 characters.
    public var optionalData: String

    public init(
        documentCode: String = "P", issuingState: String, primaryIdentifier: String,
        secondaryIdentifier: String, documentNumber: String, nationality: String, birthDate: String,
        sex: MRZSex, expiryDate: String, optionalData: String = ""
    ) {
        self.documentCode = documentCode
        self.issuingState = issuingState
        self.primaryIdentifier = primaryIdentifier
        self.secondaryIdentifier = secondaryIdentifier
        self.documentNumber = documentNumber
        self.nationality = nationality
        self.birthDate = birthDate
        self.sex = sex
        self.expiryDate = expiryDate
        self.optionalData = optionalData
    }

    /// The two 44-character lines. Names are upper-cased, spaces and hyphens become "<", and the
    /// name field is truncated to fit; any other character outside A-Z is rejected.
    public var lines: [String] {
        get throws(MRZError) {
            let name = try Self.nameField(primary: primaryIdentifier, secondary: secondaryIdentifier)
            let line1 =
                try Self.codeField(documentCode, length: 2, field: .documentCode)
                + Self.codeField(issuingState, length: 3, field: .issuingState) + name

            let number = try Self.codeField(documentNumber, length: 9, field: .documentNumber)
            let birth = try Self.dateField(birthDate, field: .birthDate)
            let expiry = try Self.dateField(expiryDate, field: .expiryDate)
            let optional = try Self.codeField(optionalData, length: Self.optionalDataLength, field: .optionalData)
            let optionalCheck =
                optional.allSatisfy { $0 == "<" } ? "<" : String(try ICAO9303.checkDigit(optional))
            let numberPart = number + String(try ICAO9303.checkDigit(number))
            let birthPart = birth + String(try ICAO9303.checkDigit(birth))
            let expiryPart = expiry + String(try ICAO9303.checkDigit(expiry)) + optional + optionalCheck
            let composite = try ICAO9303.checkDigit(numberPart + birthPart + expiryPart)
            let line2 =
                numberPart + (try Self.codeField(nationality, length: 3, field: .nationality)) + birthPart
                + sex.rawValue + expiryPart + String(composite)
            return [line1, line2]
        }
    }

    /// Parses the MRZ text as one string, lines separated by a line break (surrounding spaces ignored).
    public static func parse(_ text: String) throws(MRZError) -> TD3MRZ {
        let lines = text.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }
            .filter { !$0.isEmpty }
        guard lines.count == 2 else { throw .wrongLineCount(lines.count) }
        return try parse(line1: lines[0], line2: lines[1])
    }

    /// Parses two lines, verifying length, character set and all five check digits.
    public static func parse(line1: String, line2: String) throws(MRZError) -> TD3MRZ {
        let first = Array(line1)
        let second = Array(line2)
        for (number, line) in [(1, first), (2, second)] {
            guard line.count == lineLength else { throw .wrongLineLength(line: number, length: line.count) }
            if let bad = line.firstIndex(where: { !ICAO9303.isMRZCharacter($0) }) {
                throw .invalidCharacter(line: number, position: bad + 1)
            }
        }
        guard first[0].isASCIIUppercaseLetter else { throw .invalidField(.documentCode) }

        try verify(second[0..<9], checkAt: second[9], field: .documentNumber)
        try verify(second[13..<19], checkAt: second[19], field: .birthDate)
        try verify(second[21..<27], checkAt: second[27], field: .expiryDate)
        let optional = second[28..<42]
        let optionalIsEmpty = optional.allSatisfy { $0 == "<" }
        if !(optionalIsEmpty && second[42] == "<") {
            try verify(optional, checkAt: second[42], field: .optionalData)
        }
        try verify(second[0..<10] + second[13..<20] + second[21..<43], checkAt: second[43], field: .composite)

        let sex: MRZSex
        switch second[20] {
        case "M": sex = .male
        case "F": sex = .female
        case "<", "X": sex = .unspecified  // Some issuers print X although Doc 9303 asks for "<".
        default: throw .invalidField(.sex)
        }
        let (primary, secondary) = splitName(first[5..<44])
        return TD3MRZ(
            documentCode: unpadded(first[0..<2]), issuingState: unpadded(first[2..<5]),
            primaryIdentifier: primary, secondaryIdentifier: secondary,
            documentNumber: unpadded(second[0..<9]), nationality: unpadded(second[10..<13]),
            birthDate: String(second[13..<19]), sex: sex, expiryDate: String(second[21..<27]),
            optionalData: unpadded(optional))
    }

    private static func verify(
        _ field: ArraySlice<Character>, checkAt found: Character, field name: MRZField
    )
        throws(MRZError)
    {
        let expected = try ICAO9303.checkDigit(String(field))
        guard found.asciiDigitValue == expected else {
            throw .checkDigitMismatch(field: name, expected: expected, found: found)
        }
    }

    private static func unpadded(_ characters: ArraySlice<Character>) -> String {
        var text = characters
        while text.last == "<" { text.removeLast() }
        return String(text)
    }

    /// "ERIKSSON<<ANNA<MARIA<<<" → ("ERIKSSON", "ANNA MARIA").
    private static func splitName(_ field: ArraySlice<Character>) -> (String, String) {
        let text = unpadded(field)
        let characters = Array(text)
        var separator: Int?
        for index in characters.indices.dropLast() where characters[index] == "<" && characters[index + 1] == "<" {
            separator = index
            break
        }
        func words(_ part: ArraySlice<Character>) -> String {
            part.split(separator: "<").map { String($0) }.joined(separator: " ")
        }
        guard let separator else { return (words(characters[...]), "") }
        return (words(characters[..<separator]), words(characters[(separator + 2)...]))
    }

    private static func nameField(primary: String, secondary: String) throws(MRZError) -> String {
        let surname = try nameComponent(primary, field: .primaryIdentifier)
        let givenNames = try nameComponent(secondary, field: .secondaryIdentifier)
        guard !surname.isEmpty else { throw .invalidField(.primaryIdentifier) }
        let full = givenNames.isEmpty ? surname : surname + "<<" + givenNames
        return padded(String(full.prefix(nameFieldLength)), to: nameFieldLength)
    }

    private static func nameComponent(_ name: String, field: MRZField) throws(MRZError) -> String {
        var result = ""
        for character in name.trimmingWhitespace().uppercased() {
            if character.isASCIIUppercaseLetter {
                result.append(character)
            } else if character == " " || character == "-" {
                result.append("<")
            } else {
                throw .invalidField(field)
            }
        }
        return result
    }

    /// An upper-case code padded with "<" to `length`; rejects longer values and non-MRZ characters.
    private static func codeField(_ value: String, length: Int, field: MRZField) throws(MRZError) -> String {
        let text = value.trimmingWhitespace().uppercased()
        guard text.count <= length, text.allSatisfy(ICAO9303.isMRZCharacter) else { throw .invalidField(field) }
        return padded(text, to: length)
    }

    private static func dateField(_ value: String, field: MRZField) throws(MRZError) -> String {
        guard value.count == 6, value.allSatisfy({ $0.isASCIIDigit || $0 == "<" }) else {
            throw .invalidField(field)
        }
        return value
    }

    private static func padded(_ text: String, to length: Int) -> String {
        text + String(repeating: "<", count: max(0, length - text.count))
    }
}
