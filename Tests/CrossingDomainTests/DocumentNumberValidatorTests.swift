import CrossingDomain
import Testing

struct DocumentNumberValidatorTests {
    static let today = Fixtures.date("2026-11-22")

    @Test(arguments: [
        (DocumentNumberKind.residentID, "11010519491231002x", "11010519491231002X"),
        (.prCard, "932682198501010017", "932682198501010017"),
        (.ordinaryPassport, "ea1234567", "EA1234567"),
        (.hkMacaoPermit, "CA0000001", "CA0000001"),
        (.taiwanPermit, "L12345678", "L12345678"),
        (.homeReturnPermit, "H1234567801", "H1234567801"),
        (.taiwanCompatriotPermit, "05616820", "05616820"),
        (.s10Tracking, "ee473124829cn", "EE473124829CN"),
        (
            .mrzTD3, ICAO9303Tests.line1 + "\n" + ICAO9303Tests.line2,
            ICAO9303Tests.line1 + "\n" + ICAO9303Tests.line2
        ),
    ])
    func validValues(kind: DocumentNumberKind, value: String, normalized: String) {
        guard case .valid(let result) = DocumentNumberValidator.validate(value, as: kind, today: Self.today) else {
            Issue.record("\(kind.rawValue) \(value) should be valid")
            return
        }
        #expect(result.kind == kind)
        #expect(result.normalized == normalized)
        #expect(!result.details.isEmpty)
    }

    @Test(arguments: [
        (DocumentNumberKind.residentID, "110105194912310021", "id-checksum"),
        (.prCard, "132682198501010017", "pr-card-prefix"),
        (.ordinaryPassport, "EI1234567", "document-number-letter-i-or-o"),
        (.mrzTD3, ICAO9303Tests.line1, "mrz-line-count"),
        (.s10Tracking, "EE473124828CN", "tracking-checksum"),
    ])
    func invalidValuesCarryTheDomainCode(kind: DocumentNumberKind, value: String, code: String) {
        guard
            case .invalid(let reported, let message) = DocumentNumberValidator.validate(
                value, as: kind, today: Self.today)
        else {
            Issue.record("\(kind.rawValue) \(value) should be invalid")
            return
        }
        #expect(reported == code)
        #expect(!message.zh.isEmpty && !message.en.isEmpty)
    }

    @Test func residentIDDetails() {
        let outcome = DocumentNumberValidator.validate("11010519491231002X", as: .residentID, today: Self.today)
        guard case .valid(let result) = outcome else {
            Issue.record("expected valid")
            return
        }
        #expect(result.details["birthDate"] == "1949-12-31")
        #expect(result.details["sex"] == "female")
        #expect(result.details["addressCode"] == "110105")
    }

    @Test func everyTravelDocumentTypeIsAKind() {
        for type in TravelDocumentType.allCases {
            #expect(DocumentNumberKind(rawValue: type.rawValue) != nil)
        }
    }
}
