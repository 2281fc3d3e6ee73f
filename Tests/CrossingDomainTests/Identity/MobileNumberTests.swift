import CrossingDomain
import Testing

struct MobileNumberTests {
    @Test(arguments: [
        ("13812345678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-138-1234-5678", "13812345678"),
        ("86 13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("(+86) 199-0000-0001", "19900000001"),
        ("  １３８１２３４５６７８ ", "13812345678"),
        ("15000000000", "15000000000"),
    ])
    func acceptsTheWaysPeopleWriteANumber(raw: String, value: String) throws {
        #expect(try MobileNumber.parse(raw).value == value)
    }

    @Test(arguments: [
        ("", MobileNumberError.empty),
        (" - ", .empty),
        ("1381234567", .wrongLength(10)),
        ("138123456789", .wrongLength(12)),
        ("1381234567a", .invalidCharacter(position: 11)),
        ("+85291234567", .notMainlandMobile),
        ("12812345678", .notMainlandMobile),
        ("23812345678", .notMainlandMobile),
        ("+1 415 555 0100", .notMainlandMobile),
        ("00852 9123 4567", .notMainlandMobile),
        ("138 1234 5678 ext", .invalidCharacter(position: 12)),
    ])
    func rejectsWhatIsNotAMainlandMobile(raw: String, error: MobileNumberError) {
        #expect(throws: error) { try MobileNumber.parse(raw) }
    }

    @Test func masksTheMiddleFourDigits() throws {
        let number = try MobileNumber.parse("+86 138 1234 5678")
        #expect(number.masked == "138****5678")
        #expect(number.description == "138****5678")
    }
}

struct PersonNameTests {
    @Test(arguments: [
        ("  张三 ", "张三"),
        ("张 三", "张三"),
        ("买买提·艾力", "买买提·艾力"),
        ("买买提•艾力", "买买提·艾力"),
        ("买买提・艾力", "买买提·艾力"),
        ("买买提‧艾力", "买买提·艾力"),
        ("买买提･艾力", "买买提·艾力"),
        ("买买提．艾力", "买买提·艾力"),
        ("买买提 · 艾力", "买买提·艾力"),
        ("john   smith", "JOHN SMITH"),
        ("ＪＯＨＮ　Ｓｍｉｔｈ", "JOHN SMITH"),
        ("Müller", "MÜLLER"),
        ("\tO'Brien-Lee \n", "O'BRIEN-LEE"),
    ])
    func normalizesWhatInputMethodsProduce(raw: String, normalized: String) {
        #expect(PersonName.normalized(raw) == normalized)
    }

    @Test(arguments: [
        ("张三", "张 三", true),
        ("阿沛·阿旺晋美", "阿沛•阿旺晋美", true),
        ("SMITH JOHN", "smith  john", true),
        ("张三", "张叁", false),
        ("SMITH JOHN", "SMITHJOHN", false),
        ("张三", "", false),
        ("张三", "   ", false),
    ])
    func matchesOnlyTheSameName(registry: String, entered: String, matches: Bool) {
        #expect(PersonName.matches(registry: registry, entered: entered) == matches)
    }
}
