import CrossingDomain
import Testing

struct ICAO9303Tests {
    static let line1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
    static let line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"

    @Test(arguments: [
        ("L898902C3", 6), ("740812", 2), ("120415", 9), ("ZE184226B<<<<<", 1),
        ("L898902C367408122120415" + "9ZE184226B<<<<<1", 0), ("E12345678", 2), ("", 0), ("<<<<", 0),
    ])
    func checkDigits(field: String, expected: Int) throws {
        #expect(try ICAO9303.checkDigit(field) == expected)
    }

    @Test func characterValues() {
        #expect(ICAO9303.characterValue("0") == 0)
        #expect(ICAO9303.characterValue("9") == 9)
        #expect(ICAO9303.characterValue("A") == 10)
        #expect(ICAO9303.characterValue("L") == 21)
        #expect(ICAO9303.characterValue("Z") == 35)
        #expect(ICAO9303.characterValue("<") == 0)
        #expect(ICAO9303.characterValue("a") == nil)
        #expect(ICAO9303.characterValue(" ") == nil)
        #expect(throws: MRZError.unsupportedCharacter("a", position: 2)) { try ICAO9303.checkDigit("Ea") }
    }

    @Test func specimenParsesAndRebuilds() throws {
        let mrz = try TD3MRZ.parse(line1: Self.line1, line2: Self.line2)
        #expect(mrz.documentCode == "P")
        #expect(mrz.issuingState == "UTO")
        #expect(mrz.primaryIdentifier == "ERIKSSON")
        #expect(mrz.secondaryIdentifier == "ANNA MARIA")
        #expect(mrz.documentNumber == "L898902C3")
        #expect(mrz.nationality == "UTO")
        #expect(mrz.birthDate == "740812")
        #expect(mrz.sex == .female)
        #expect(mrz.expiryDate == "120415")
        #expect(mrz.optionalData == "ZE184226B")
        #expect(try mrz.lines == [Self.line1, Self.line2])
        #expect(try TD3MRZ.parse(Self.line1 + "\r\n" + Self.line2 + "\n") == mrz)
    }

    @Test(arguments: [
        (9, MRZField.documentNumber), (19, .birthDate), (27, .expiryDate), (42, .optionalData), (43, .composite),
    ])
    func corruptingACheckDigitNamesTheField(position: Int, field: MRZField) {
        var characters = Array(Self.line2)
        let original = characters[position]
        for digit in "0123456789" where digit != original {
            characters[position] = digit
            do {
                _ = try TD3MRZ.parse(line1: Self.line1, line2: String(characters))
                Issue.record("Corrupted check digit at \(position + 1) was accepted")
            } catch {
                guard case .checkDigitMismatch(let reported, _, let found) = error else {
                    Issue.record("Unexpected error \(error)")
                    continue
                }
                #expect(reported == field)
                #expect(found == digit)
            }
        }
    }

    @Test func corruptingDataIsCaughtByItsCheckDigit() {
        var characters = Array(Self.line2)
        characters[2] = "7"  // L878902C3: 147+24+7+56+27+0+14+36+3 = 314 → 4
        #expect(throws: MRZError.checkDigitMismatch(field: .documentNumber, expected: 4, found: "6")) {
            try TD3MRZ.parse(line1: Self.line1, line2: String(characters))
        }
    }

    @Test(arguments: [
        (line1, String(line2.dropLast()), MRZError.wrongLineLength(line: 2, length: 43)),
        (line1 + "<", line2, .wrongLineLength(line: 1, length: 45)),
        ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<a", line2, .invalidCharacter(line: 1, position: 44)),
        (line1, "L898902C36UTO7408122F1204159ZE184226B<<<< 10", .invalidCharacter(line: 2, position: 42)),
        ("<<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", line2, .invalidField(.documentCode)),
        (line1, "L898902C36UTO7408122Q1204159ZE184226B<<<<<10", .invalidField(.sex)),
    ])
    func malformedLines(line1: String, line2: String, expected: MRZError) {
        #expect(throws: expected) { try TD3MRZ.parse(line1: line1, line2: line2) }
    }

    @Test func wrongLineCount() {
        #expect(throws: MRZError.wrongLineCount(1)) { try TD3MRZ.parse(Self.line1) }
    }

    static func chinesePassport(primary: String = "ZHANG", secondary: String = "SAN") -> TD3MRZ {
        TD3MRZ(
            documentCode: "P", issuingState: "CHN", primaryIdentifier: primary, secondaryIdentifier: secondary,
            documentNumber: "E12345678", nationality: "CHN", birthDate: "900101", sex: .male, expiryDate: "300101")
    }

    @Test func buildsAndRoundTripsWithEmptyOptionalData() throws {
        let mrz = Self.chinesePassport()
        let lines = try mrz.lines
        #expect(lines.map(\.count) == [44, 44])
        #expect(lines[0] == "P<CHNZHANG<<SAN" + String(repeating: "<", count: 29))
        #expect(lines[1].hasPrefix("E123456782CHN"))
        #expect(try TD3MRZ.parse(line1: lines[0], line2: lines[1]) == mrz)
    }

    @Test func emptyOptionalDataAcceptsZeroAsItsCheckDigit() throws {
        let lines = try Self.chinesePassport().lines
        var second = Array(lines[1])
        #expect(second[42] == "<")
        second[42] = "0"
        // Composite is unchanged because "<" and "0" both have the value 0.
        #expect(throws: Never.self) { try TD3MRZ.parse(line1: lines[0], line2: String(second)) }
    }

    @Test func namesAreNormalizedAndTruncated() throws {
        let hyphenated = try Self.chinesePassport(primary: "ou-yang", secondary: "xiao ming").lines[0]
        #expect(hyphenated.hasPrefix("P<CHNOU<YANG<<XIAO<MING<"))
        let long = try Self.chinesePassport(
            primary: "ABCDEFGHIJKLMNOPQRSTUVWXYZ", secondary: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        ).lines[0]
        #expect(long.count == 44)
        #expect(long.hasSuffix("<<ABCDEFGHIJK"))
    }

    @Test(arguments: [
        (chinesePassport(primary: "ZHÖU"), MRZField.primaryIdentifier),
        (chinesePassport(secondary: "O'NEIL"), .secondaryIdentifier),
        (chinesePassport(primary: ""), .primaryIdentifier),
    ])
    func invalidNamesAreRejected(mrz: TD3MRZ, field: MRZField) {
        #expect(throws: MRZError.invalidField(field)) { try mrz.lines }
    }

    @Test func invalidFieldsAreRejected() {
        var mrz = Self.chinesePassport()
        mrz.documentNumber = "E123456789"
        #expect(throws: MRZError.invalidField(.documentNumber)) { try mrz.lines }
        mrz = Self.chinesePassport()
        mrz.birthDate = "1990-1"
        #expect(throws: MRZError.invalidField(.birthDate)) { try mrz.lines }
    }
}
