import CrossingDomain
import Testing

struct DocumentNumberRangeTests {
    @Test func numbersAreFormattedAndValid() throws {
        let plan = try DocumentNumberPlan.initial()
        let cases: [(RenewalDocument, String)] = [
            (.ordinaryPassport, "EA0000001"), (.hkMacaoPermit, "CA0000001"), (.taiwanPermit, "L00000001"),
        ]
        for (document, expected) in cases {
            let allocated = try plan.allocate(document, lastIssued: [:])
            #expect(allocated.number.value == expected)
            #expect(allocated.sequence == 1)
            #expect(!allocated.number.isLegacy)
            #expect(try TravelDocumentNumber.parse(expected, type: document.travelDocumentType) == allocated.number)
        }
    }

    @Test func theNextFreeNumberFollowsTheLastIssued() throws {
        let range = try DocumentNumberRange(
            document: .ordinaryPassport, prefix: "EB", digits: 7, first: 1, last: 9_999_999)
        #expect(try range.allocate(after: nil).number.value == "EB0000001")
        #expect(try range.allocate(after: 41).number.value == "EB0000042")
        #expect(try range.allocate(after: 9_999_998).number.value == "EB9999999")
        #expect(throws: DocumentNumberAllocationError.rangeExhausted(rangeID: "ordinary-passport:EB")) {
            try range.allocate(after: 9_999_999)
        }
        #expect(throws: DocumentNumberAllocationError.sequenceOutsideRange(rangeID: "ordinary-passport:EB")) {
            try range.allocate(after: -5)
        }
        #expect(range.sequence(of: "EB0000042") == 42)
        #expect(range.sequence(of: "EA0000042") == nil)
        #expect(range.sequence(of: "EB000042") == nil)
        #expect(range.capacity == 9_999_999)
    }

    @Test func whenARangeRunsOutTheNextOneTakesOver() throws {
        let plan = try DocumentNumberPlan(ranges: [
            DocumentNumberRange(document: .hkMacaoPermit, prefix: "CA", digits: 7, first: 1, last: 3),
            DocumentNumberRange(document: .hkMacaoPermit, prefix: "CB", digits: 7, first: 1, last: 2),
        ])
        #expect(try plan.allocate(.hkMacaoPermit, lastIssued: ["hk-macao-permit:CA": 2]).number.value == "CA0000003")
        #expect(try plan.allocate(.hkMacaoPermit, lastIssued: ["hk-macao-permit:CA": 3]).number.value == "CB0000001")
        #expect(throws: DocumentNumberAllocationError.allRangesExhausted(document: .hkMacaoPermit)) {
            try plan.allocate(.hkMacaoPermit, lastIssued: ["hk-macao-permit:CA": 3, "hk-macao-permit:CB": 2])
        }
        #expect(throws: DocumentNumberAllocationError.noRange(document: .ordinaryPassport)) {
            try plan.allocate(.ordinaryPassport, lastIssued: [:])
        }
    }

    /// Ranges whose numbers would fail the document's own validation are refused when configured.
    @Test(arguments: [
        (RenewalDocument.ordinaryPassport, "EI", 7), (.ordinaryPassport, "EO", 7), (.ordinaryPassport, "G", 8),
        (.ordinaryPassport, "E", 7), (.hkMacaoPermit, "EA", 7), (.taiwanPermit, "X", 8), (.hkMacaoPermit, "C-", 7),
    ])
    func rangesThatMakeInvalidNumbersAreRefused(document: RenewalDocument, prefix: String, digits: Int) {
        #expect(throws: DocumentNumberAllocationError.invalidRange(prefix: prefix)) {
            try DocumentNumberRange(document: document, prefix: prefix, digits: digits, first: 1, last: 99)
        }
    }

    @Test func badBoundsAreRefused() throws {
        #expect(throws: DocumentNumberAllocationError.invalidRange(prefix: "EA")) {
            try DocumentNumberRange(document: .ordinaryPassport, prefix: "EA", digits: 7, first: 10, last: 9)
        }
        #expect(throws: DocumentNumberAllocationError.invalidRange(prefix: "EA")) {
            try DocumentNumberRange(document: .ordinaryPassport, prefix: "EA", digits: 7, first: 1, last: 10_000_000)
        }
        let range = try DocumentNumberRange(document: .ordinaryPassport, prefix: "EA", digits: 7, first: 1, last: 9)
        #expect(throws: DocumentNumberAllocationError.duplicateRange(rangeID: "ordinary-passport:EA")) {
            try DocumentNumberPlan(ranges: [range, range])
        }
    }
}

struct DocumentReplacementTests {
    let passport = RenewalFixtures.passport

    @Test func aRenewedDocumentIsCancelledWhenTheNewOneIsIssued() {
        for reason in [RenewalReason.validityUnderSixMonths, .damaged, .noVisaPagesLeft] {
            #expect(
                DocumentReplacement.oldDocumentChanges(reason: reason, current: passport) == [
                    HeldDocumentChange(
                        kind: .ordinaryPassport, number: "E12345678", newStatus: .cancelled, timing: .atIssue)
                ])
        }
    }

    @Test(arguments: LossKind.allCases)
    func aLostOrStolenDocumentIsReportedInvalidAtOnce(loss: LossKind) {
        let changes = DocumentReplacement.oldDocumentChanges(reason: .lostOrStolen, loss: loss, current: passport)
        #expect(
            changes == [
                HeldDocumentChange(
                    kind: .ordinaryPassport, number: "E12345678",
                    newStatus: loss == .lost ? .reportedLost : .reportedStolen,
                    timing: .atSubmission),
                HeldDocumentChange(
                    kind: .ordinaryPassport, number: "E12345678", newStatus: .cancelled, timing: .atIssue),
            ])
    }

    @Test func alreadyReportedOrCancelledDocumentsNeedLessWork() {
        var reported = passport
        reported.status = .reportedStolen
        #expect(
            DocumentReplacement.oldDocumentChanges(reason: .lostOrStolen, current: reported).map(\.timing) == [.atIssue]
        )
        var cancelled = passport
        cancelled.status = .cancelled
        #expect(DocumentReplacement.oldDocumentChanges(reason: .damaged, current: cancelled).isEmpty)
        #expect(DocumentReplacement.oldDocumentChanges(reason: .damaged, current: nil).isEmpty)
    }

    @Test func theNewDocumentIsValidForTenYearsLessADay() throws {
        let number = try TravelDocumentNumber.parse("EA0000042", type: .ordinaryPassport)
        let issued = DocumentReplacement.newDocument(
            .ordinaryPassport, number: number, issuedOn: Fixtures.date("2026-03-05"))
        #expect(
            issued
                == HeldDocument(
                    kind: .ordinaryPassport, number: "EA0000042", issueDate: Fixtures.date("2026-03-05"),
                    expiryDate: Fixtures.date("2036-03-04"), status: .valid))
        let leap = DocumentReplacement.newDocument(
            .ordinaryPassport, number: number, issuedOn: Fixtures.date("2028-02-29"))
        #expect(leap.expiryDate == Fixtures.date("2038-02-28"))
    }
}
