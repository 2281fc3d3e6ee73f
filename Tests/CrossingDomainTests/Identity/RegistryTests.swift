import CrossingDomain
import Testing

struct IdentityDocumentTests {
    typealias F = IdentityFixtures

    @Test(arguments: [
        (IdentityDocumentKind.residentID, "11010519491231002x", nil as String?, "11010519491231002X", nil as String?),
        (.residentID, " 110105491231002 ", nil, F.residentID("11010519491231002"), nil),
        (.homeReturnPermit, "h12345678", nil, "H12345678", nil),
        (.homeReturnPermit, "H1234567802", nil, "H12345678", nil),
        (.taiwanCompatriotPermit, "0561682001(D)", nil, "05616820", nil),
        (.prCard, "932682198501010017", nil, "932682198501010017", nil),
        (.passport, "ab 12-345", "gbr", "AB12345", "GBR"),
        (.passport, "Ｘ１２３４５６７８", "USA", "X12345678", "USA"),
        (.passport, "E12345678", "CHN", "E12345678", "CHN"),
    ])
    func parsesToTheCanonicalNumber(
        kind: IdentityDocumentKind, raw: String, country: String?, number: String, issuingCountry: String?
    ) throws {
        let document = try IdentityDocument.parse(kind: kind, number: raw, issuingCountry: country, today: F.today)
        #expect(document == IdentityDocument(kind: kind, number: number, issuingCountry: issuingCountry))
    }

    @Test(arguments: [
        (IdentityDocumentKind.residentID, "110105194912310021", nil as String?, "id-checksum"),
        (.residentID, "11010520991231002X", nil, "id-birth-date-future"),
        (.homeReturnPermit, "X12345678", nil, "document-number-prefix"),
        (.prCard, "132682198501010017", nil, "pr-card-prefix"),
        (.passport, "AB12345", nil, "issuing-country-missing"),
        (.passport, "AB12345", " ", "issuing-country-missing"),
        (.passport, "AB12345", "UK", "issuing-country-invalid"),
        (.passport, "AB12345", "G8R", "issuing-country-invalid"),
        (.passport, "", "GBR", "passport-number-empty"),
        (.passport, "AB1", "GBR", "passport-number-length"),
        (.passport, String(repeating: "A", count: 21), "GBR", "passport-number-length"),
        (.passport, "AB12/345", "GBR", "passport-number-character"),
        (.passport, "D12345678", "CHN", "document-number-prefix"),
    ])
    func rejectsBadNumbersWithTheParsersCode(
        kind: IdentityDocumentKind, raw: String, country: String?, code: String
    ) {
        do {
            _ = try IdentityDocument.parse(kind: kind, number: raw, issuingCountry: country, today: F.today)
            Issue.record("Expected \(code)")
        } catch let error as any DomainError {
            #expect(error.code == code)
        } catch {
            Issue.record("Not a DomainError: \(error)")
        }
    }

    @Test func kindsHaveTheirAPINames() {
        #expect(
            IdentityDocumentKind.allCases.map(\.rawValue) == [
                "resident-id", "passport", "home-return-permit", "taiwan-compatriot-permit", "pr-card",
            ])
    }
}

struct RegistryPersonTests {
    typealias F = IdentityFixtures

    @Test(arguments: [
        ("2010-03-02", "2026-03-02", 16, false),
        ("2010-03-03", "2026-03-02", 15, true),
        ("2008-02-29", "2024-02-28", 15, true),
        ("2008-02-29", "2024-02-29", 16, false),
        ("2008-02-29", "2025-02-28", 16, false),
        ("2008-02-29", "2025-03-01", 17, false),
        ("2000-01-01", "2026-03-02", 26, false),
        ("2026-03-01", "2026-03-02", 0, true),
    ])
    func ageAndMinorityForDocuments(born: String, on day: String, age: Int, isMinor: Bool) {
        let person = F.person("P1", born: born)
        #expect(person.age(on: Fixtures.date(day)) == age)
        #expect(person.isMinor(on: Fixtures.date(day)) == isMinor)
    }

    @Test func heldDocumentsOfAKindNewestFirst() {
        var person = F.citizen("P1")
        let old = HeldDocument(
            kind: .ordinaryPassport, number: "E00000001", issueDate: Fixtures.date("2014-01-01"),
            expiryDate: Fixtures.date("2024-01-01"), status: .expired)
        let new = HeldDocument(
            kind: .ordinaryPassport, number: "E00000002", issueDate: Fixtures.date("2024-02-01"),
            expiryDate: Fixtures.date("2034-02-01"), status: .valid)
        let permit = HeldDocument(
            kind: .hkMacaoPermit, number: "C00000001", issueDate: Fixtures.date("2020-01-01"),
            expiryDate: Fixtures.date("2030-01-01"), status: .valid)
        person.documents = [old, permit, new]
        #expect(person.heldDocuments(of: .ordinaryPassport) == [new, old])
        #expect(person.heldDocuments(of: .visa).isEmpty)
    }

    @Test(arguments: [
        (HeldDocumentStatus.valid, "2026-03-02", true),
        (.valid, "2030-12-31", true),
        (.valid, "2031-01-01", false),
        (.valid, "2020-12-31", false),
        (.expired, "2026-03-02", false),
        (.cancelled, "2026-03-02", false),
        (.reportedLost, "2026-03-02", false),
        (.reportedStolen, "2026-03-02", false),
    ])
    func heldDocumentIsValidOnlyWhenRecordedValidAndInDate(status: HeldDocumentStatus, day: String, valid: Bool) {
        let document = HeldDocument(
            kind: .visa, number: "V1", issueDate: Fixtures.date("2021-01-01"),
            expiryDate: Fixtures.date("2030-12-31"), status: status)
        #expect(document.isValid(on: Fixtures.date(day)) == valid)
    }
}

struct RealNameCheckTests {
    typealias F = IdentityFixtures
    static let zhang = F.citizen("P-ZHANG")
    static let smith = F.foreigner("P-SMITH")

    @Test(arguments: [
        ("张三", zhang.identity, true),
        (" 张 三 ", zhang.identity, true),
        ("zhang san", zhang.identity, true),
        ("李四", zhang.identity, false),
        ("张三", IdentityDocument(kind: .residentID, number: F.residentID("11010519491231002")), false),
        ("张三", IdentityDocument(kind: .homeReturnPermit, number: zhang.identity.number), false),
    ])
    func citizenMatchesOnNameAndNumber(name: String, document: IdentityDocument, matches: Bool) {
        let outcome = RealNameCheck.evaluate(claimedName: name, claimedDocument: document, registry: Self.zhang)
        #expect(outcome == (matches ? .matched(Self.zhang.id) : .noMatch))
    }

    @Test(arguments: [("GBR", true), ("USA", false)])
    func passportMustComeFromTheSameCountry(country: String, matches: Bool) {
        let claimed = IdentityDocument(kind: .passport, number: "123456789", issuingCountry: country)
        let outcome = RealNameCheck.evaluate(claimedName: "Smith John", claimedDocument: claimed, registry: Self.smith)
        #expect(outcome == (matches ? .matched(Self.smith.id) : .noMatch))
    }

    /// An unknown number and a wrong name look exactly the same, so the form cannot be used to
    /// discover which ID numbers exist.
    @Test func unknownNumberAndWrongNameAreIndistinguishable() {
        let unknown = RealNameCheck.evaluate(claimedName: "张三", claimedDocument: Self.zhang.identity, registry: nil)
        let wrongName = RealNameCheck.evaluate(
            claimedName: "李四", claimedDocument: Self.zhang.identity, registry: Self.zhang)
        #expect(unknown == wrongName)
        #expect(unknown.error == wrongName.error)
        #expect(unknown.error?.code == "real-name-mismatch")
        #expect(unknown.error?.message.en.hasPrefix("The name and document number do not match our records") == true)
        #expect(RealNameOutcome.matched(Self.zhang.id).error == nil)
    }
}
