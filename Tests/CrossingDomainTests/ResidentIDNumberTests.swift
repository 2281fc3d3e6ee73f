import CrossingDomain
import Testing

struct ResidentIDNumberTests {
    static let today = Fixtures.date("2026-11-22")
    static let specimen = "11010519491231002X"

    /// Independent of the production code: the GB 11643 weight table and lookup string, written out.
    static func referenceCheckCharacter(_ body: String) -> Character {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).map { $0 * $1 }.reduce(0, +)
        return Array("10X98765432")[sum % 11]
    }

    @Test func gbSpecimen() throws {
        let id = try ResidentIDNumber.parse(Self.specimen, today: Self.today)
        #expect(id.value == Self.specimen)
        #expect(id.addressCode == "110105")
        #expect(id.birthDate == Fixtures.date("1949-12-31"))
        #expect(id.sequence == "002")
        #expect(id.sex == .female)
        #expect(!id.wasUpgradedFromLegacy)
        #expect(id.age(on: Self.today) == 76)
        #expect(Self.referenceCheckCharacter("11010519491231002") == "X")
    }

    @Test(arguments: ["11010519491231002x", "  11010519491231002X ", "１１０１０５１９４９１２３１００２Ｘ"])
    func acceptedSpellings(raw: String) throws {
        #expect(try ResidentIDNumber.parse(raw, today: Self.today).value == Self.specimen)
    }

    @Test func everySingleDigitCorruptionFails() {
        let characters = Array(Self.specimen)
        for position in characters.indices {
            for replacement in "0123456789X" where replacement != characters[position] {
                var corrupted = characters
                corrupted[position] = replacement
                #expect(throws: ResidentIDError.self, "position \(position + 1) → \(replacement)") {
                    try ResidentIDNumber.parse(String(corrupted), today: Self.today)
                }
            }
        }
    }

    @Test(arguments: [("110105491231002", "11010519491231002"), ("320506850101123", "32050619850101123")])
    func legacyFifteenDigitNumbersAreUpgraded(legacy: String, body: String) throws {
        let id = try ResidentIDNumber.parse(legacy, today: Self.today)
        #expect(id.wasUpgradedFromLegacy)
        #expect(id.value == body + String(Self.referenceCheckCharacter(body)))
        #expect(id.birthDate.year >= 1900 && id.birthDate.year <= 1999)
        #expect(id.sex == (Int(String(legacy.last ?? "0")).map { $0 % 2 == 1 } == true ? .male : .female))
    }

    @Test(arguments: [
        "11010519491231002", "11010519491231003", "32050619850101123", "44030520000229551", "65010219991231000",
    ])
    func checkCharacterMatchesReference(body: String) {
        #expect(ResidentIDNumber.checkCharacter(forBody: body) == Self.referenceCheckCharacter(body))
    }

    @Test func checkCharacterNeedsSeventeenDigits() {
        #expect(ResidentIDNumber.checkCharacter(forBody: "1101051949123100") == nil)
        #expect(ResidentIDNumber.checkCharacter(forBody: "1101051949123100A") == nil)
    }

    static func valid(_ body: String) -> String { body + String(referenceCheckCharacter(body)) }

    @Test(arguments: [
        ("", ResidentIDError.empty),
        ("   ", .empty),
        ("1101051949123100", .wrongLength(16)),
        ("11010519491231002XX", .wrongLength(19)),
        ("1101051949123100-X", .invalidCharacter(position: 17)),
        ("X1010519491231002X", .invalidCharacter(position: 1)),
        ("110105 49123100", .invalidCharacter(position: 7)),
        ("11010549123100X", .invalidCharacter(position: 15)),
        (valid("16010519491231002"), .invalidAddressCode),
        (valid("91010519491231002"), .invalidAddressCode),
        (valid("11010519490229002"), .invalidBirthDate),
        (valid("11010517991231002"), .invalidBirthDate),
        (valid("11010520271231002"), .birthDateInFuture),
        ("110105194912310021", .checkCharacterMismatch(expected: "X", found: "1")),
    ])
    func errors(raw: String, expected: ResidentIDError) {
        #expect(throws: expected) { try ResidentIDNumber.parse(raw, today: Self.today) }
    }

    @Test func checksumMessageTellsWhatToFix() {
        let error = ResidentIDError.checkCharacterMismatch(expected: "X", found: "1")
        #expect(error.code == "id-checksum")
        #expect(error.message.zh == "身份证号码校验位不正确，请核对最后一位")
        #expect(error.message.en.contains("check digit"))
    }

    @Test(arguments: [
        ("2000-02-29", "2025-02-28", 24), ("2000-02-29", "2025-03-01", 25), ("2000-02-29", "2024-02-29", 24),
        ("1990-06-15", "2026-06-14", 35), ("1990-06-15", "2026-06-15", 36),
    ])
    func age(birth: String, on day: String, expected: Int) throws {
        let birthDate = Fixtures.date(birth)
        let body = "110105" + birthDate.iso.filter(\.isNumber) + "123"
        let id = try ResidentIDNumber.parse(Self.valid(body), today: Self.today)
        #expect(id.age(on: Fixtures.date(day)) == expected)
    }
}

struct PermanentResidentCardNumberTests {
    @Test func saudiSpecimen() throws {
        let card = try PermanentResidentCardNumber.parse("932682198501010017")
        #expect(card.version == .version2023)
        #expect(card.nationalityCode == "682")
        #expect(card.applicationProvinceCode == "32")
        #expect(card.birthDate == Fixtures.date("1985-01-01"))
        #expect(card.sex == .male)
    }

    @Test func canadianSpecimen() throws {
        let card = try PermanentResidentCardNumber.parse("911124198108030024")
        #expect(card.nationalityCode == "124")
        #expect(card.applicationProvinceCode == "11")
        #expect(card.birthDate == Fixtures.date("1981-08-03"))
        #expect(card.sex == .female)
    }

    @Test(arguments: ["932682198501010017", "911124198108030024"])
    func specimensPassTheSharedReferenceChecksum(number: String) {
        #expect(ResidentIDNumberTests.referenceCheckCharacter(String(number.prefix(17))) == number.last)
        #expect(ISO7064Mod11_2.isValid(number))
    }

    @Test func legacy2017Form() throws {
        let card = try PermanentResidentCardNumber.parse("can 110185 081234")
        #expect(card.version == .version2017)
        #expect(card.value == "CAN110185081234")
        #expect(card.nationalityCode == "CAN")
        #expect(card.birthDate == nil)
    }

    @Test(arguments: [
        ("", PermanentResidentCardError.empty),
        ("93268219850101001", .wrongLength(17)),
        ("132682198501010017", .invalidPrefix),
        ("93268219850101001A", .invalidCharacter(position: 18)),
        ("9326821985010100X7", .invalidCharacter(position: 17)),
        ("932682198513010017", .invalidBirthDate),
        ("932682198501010018", .checkCharacterMismatch(expected: "7", found: "8")),
        ("CA1110185081234", .invalidCharacter(position: 3)),
        ("CAN11018508123A", .invalidCharacter(position: 15)),
        ("CAN-110185081234", .invalidCharacter(position: 4)),
    ])
    func errors(raw: String, expected: PermanentResidentCardError) {
        #expect(throws: expected) { try PermanentResidentCardNumber.parse(raw) }
    }
}
