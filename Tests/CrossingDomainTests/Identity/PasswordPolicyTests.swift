import CrossingDomain
import Testing

struct PasswordPolicyTests {
    static let context = PasswordContext(
        name: "Zhang Wei", idNumber: "320502198506151238", mobile: "13812345678",
        birthDate: Fixtures.date("1985-06-15"))

    static func codes(_ password: String) -> [String] {
        PasswordPolicy.check(password, context: context).map(\.code)
    }

    @Test(arguments: [
        "Tr0ub4dor&3x",
        "correct horse battery staple",
        "长城Great-Wall-2024",
        "Kx9#mQ2!vL",
        String(repeating: "a", count: 10) + "B1",
        "lowercase only but long enough",
    ])
    func acceptable(_ password: String) {
        #expect(Self.codes(password) == [])
    }

    @Test(arguments: [
        ("Ab1!", ["password-too-short"]),
        ("abcdefghij", ["password-character-kinds"]),
        ("abcdefgh12", ["password-character-kinds"]),
        ("Abcdefgh12", []),
        (String(repeating: "Ab1!", count: 33), ["password-too-long"]),
        ("Pw!19850615x", ["password-contains-birth-date"]),
        ("Pw!850615xyz", ["password-contains-birth-date"]),
        ("Pw!06151985x", ["password-contains-birth-date"]),
        ("Pw!15061985x", ["password-contains-birth-date"]),
        ("Li0615@1985z", ["password-contains-birth-date"]),
        ("Li0615@1986z", []),
        ("Key!151238xy", ["password-contains-id-number"]),
        ("Key!0615123x", []),
        ("Key!151238", ["password-contains-id-number"]),
        ("Tel#13812345678", ["password-contains-mobile"]),
        ("ZhangWei#2024", ["password-contains-name"]),
        ("zhang wei is 9!", ["password-contains-name"]),
    ])
    func problems(_ password: String, codes: [String]) {
        #expect(Self.codes(password) == codes)
    }

    @Test(arguments: [
        "123456", "5201314", "woaini1314", "WoAiNi1314", "a123456", "qq123456", "1qaz2wsx", "1QAZ2WSX3EDC",
        "password123", "P@ssw0rd", "qwertyuiop", "1234567890",
    ])
    func commonPasswordsAreRefusedWhateverTheirCase(_ password: String) {
        #expect(Self.codes(password).contains("password-too-common"))
    }

    @Test func noContextNoPersonalChecks() {
        #expect(PasswordPolicy.check("Pw!19850615x", context: PasswordContext()) == [])
    }

    @Test func everyProblemTellsWhatToDo() {
        let all: [PasswordProblem] = [
            .tooShort(minimum: 10), .tooLong(maximum: 128), .tooFewCharacterKinds(found: 1), .containsBirthDate,
            .containsIDNumber, .containsMobileNumber, .containsName, .tooCommon,
        ]
        #expect(Set(all.map(\.code)).count == all.count)
        #expect(all.allSatisfy { $0.message.zh.contains("密码") && $0.message.en.lowercased().contains("password") })
    }
}
