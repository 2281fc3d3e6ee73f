import CrossingDomain
import Testing

struct TravelDocumentNumberTests {
    @Test(arguments: [
        (TravelDocumentType.ordinaryPassport, "E12345678", "E12345678", false),
        (.ordinaryPassport, "EA1234567", "EA1234567", false),
        (.ordinaryPassport, "ez 123 4567", "EZ1234567", false),
        (.ordinaryPassport, "Ｅ１２３４５６７８", "E12345678", false),
        (.ordinaryPassport, "G12345678", "G12345678", true),
        (.hkMacaoPermit, "C12345678", "C12345678", false),
        (.hkMacaoPermit, "CA0000001", "CA0000001", false),
        (.hkMacaoPermit, "cp1234567", "CP1234567", false),
        (.taiwanPermit, "L12345678", "L12345678", false),
        (.taiwanPermit, "T12345678", "T12345678", false),
        (.homeReturnPermit, "H12345678", "H12345678", false),
        (.homeReturnPermit, "M87654321", "M87654321", false),
        (.homeReturnPermit, "H1234567802", "H1234567802", true),
        (.taiwanCompatriotPermit, "05616820", "05616820", false),
        (.taiwanCompatriotPermit, "0561682001(d)", "0561682001(D)", true),
        (.taiwanCompatriotPermit, "0561682001（D）", "0561682001(D)", true),
    ])
    func validNumbers(type: TravelDocumentType, raw: String, normalized: String, isLegacy: Bool) throws {
        let number = try TravelDocumentNumber.parse(raw, type: type)
        #expect(number.value == normalized)
        #expect(number.type == type)
        #expect(number.isLegacy == isLegacy)
    }

    @Test func homeReturnPermitAttributes() throws {
        let current = try TravelDocumentNumber.parse("M87654321", type: .homeReturnPermit)
        #expect(current.region == .macao)
        #expect(current.lifetimeNumber == "M87654321")
        #expect(current.renewalCount == nil)
        let legacy = try TravelDocumentNumber.parse("H1234567802", type: .homeReturnPermit)
        #expect(legacy.region == .hongKong)
        #expect(legacy.lifetimeNumber == "H12345678")
        #expect(legacy.renewalCount == 2)
        #expect(legacy.details["renewalCount"] == "2")
        #expect(legacy.details["region"] == "hong-kong")
    }

    @Test func taiwanCompatriotPermitAttributes() throws {
        let legacy = try TravelDocumentNumber.parse("0561682001(D)", type: .taiwanCompatriotPermit)
        #expect(legacy.lifetimeNumber == "05616820")
        #expect(legacy.renewalCount == 1)
        #expect(legacy.issuingAuthorityCode == "D")
        let current = try TravelDocumentNumber.parse("05616820", type: .taiwanCompatriotPermit)
        #expect(current.lifetimeNumber == "05616820")
        #expect(current.issuingAuthorityCode == nil)
    }

    @Test(arguments: [
        (TravelDocumentType.ordinaryPassport, "", TravelDocumentNumberError.empty),
        (.ordinaryPassport, "  ", .empty),
        (.ordinaryPassport, "E1234567", .wrongLength(type: .ordinaryPassport, length: 8)),
        (.ordinaryPassport, "E123456789", .wrongLength(type: .ordinaryPassport, length: 10)),
        (.ordinaryPassport, "D12345678", .invalidPrefix(type: .ordinaryPassport)),
        (.ordinaryPassport, "DE1234567", .invalidPrefix(type: .ordinaryPassport)),
        (.ordinaryPassport, "EI1234567", .letterIOrO(position: 2)),
        (.ordinaryPassport, "EO1234567", .letterIOrO(position: 2)),
        (.ordinaryPassport, "E1234567O", .letterIOrO(position: 9)),
        (.ordinaryPassport, "EAB123456", .expectedDigit(position: 3)),
        (.ordinaryPassport, "GA1234567", .expectedDigit(position: 2)),
        (.ordinaryPassport, "E1234-5678", .invalidCharacter(position: 6)),
        (.hkMacaoPermit, "CI0000001", .letterIOrO(position: 2)),
        (.hkMacaoPermit, "W12345678", .invalidPrefix(type: .hkMacaoPermit)),
        (.hkMacaoPermit, "E12345678", .invalidPrefix(type: .hkMacaoPermit)),
        (.taiwanPermit, "A12345678", .invalidPrefix(type: .taiwanPermit)),
        (.taiwanPermit, "LA1234567", .expectedDigit(position: 2)),
        (.homeReturnPermit, "H123456789", .wrongLength(type: .homeReturnPermit, length: 10)),
        (.homeReturnPermit, "K12345678", .invalidPrefix(type: .homeReturnPermit)),
        (.homeReturnPermit, "H1234567O", .letterIOrO(position: 9)),
        (.taiwanCompatriotPermit, "1234567A", .expectedDigit(position: 8)),
        (.taiwanCompatriotPermit, "0561682001D", .wrongLength(type: .taiwanCompatriotPermit, length: 11)),
        (.taiwanCompatriotPermit, "0561682001(1)", .invalidFormat(type: .taiwanCompatriotPermit)),
        (.taiwanCompatriotPermit, "A5616820", .invalidPrefix(type: .taiwanCompatriotPermit)),
        (.taiwanPermit, "L1234567(", .invalidCharacter(position: 9)),
    ])
    func invalidNumbers(type: TravelDocumentType, raw: String, expected: TravelDocumentNumberError) {
        #expect(throws: expected) { try TravelDocumentNumber.parse(raw, type: type) }
    }

    @Test func typesHaveStableCodesAndNames() {
        #expect(
            TravelDocumentType.allCases.map(\.rawValue) == [
                "ordinary-passport", "hk-macao-permit", "taiwan-permit", "home-return-permit",
                "taiwan-compatriot-permit",
            ])
        for type in TravelDocumentType.allCases {
            #expect(!type.name.zh.isEmpty && !type.name.en.isEmpty)
        }
    }

    @Test func wrongLengthMessageNamesTheDocument() {
        let error = TravelDocumentNumberError.wrongLength(type: .ordinaryPassport, length: 8)
        #expect(error.message.zh.contains("普通护照"))
        #expect(error.message.en.contains("9 characters"))
    }
}
