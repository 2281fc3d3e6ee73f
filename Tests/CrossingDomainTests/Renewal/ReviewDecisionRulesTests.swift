import CrossingDomain
import Testing

@Suite("Review decisions: what a return or a rejection must say")
struct ReviewDecisionRulesTests {
    @Test func aReturnNamesSomethingAndOtherSaysWhat() {
        #expect(ReviewDecisionRules.problems(returning: []) == [.correctionsMissing])
        #expect(ReviewDecisionRules.problems(returning: [CorrectionRequest(item: .photo)]).isEmpty)
        #expect(
            ReviewDecisionRules.problems(returning: [CorrectionRequest(item: .photo), CorrectionRequest(item: .other)])
                == [.noteMissing(index: 1)])
        #expect(ReviewDecisionRules.problems(returning: [CorrectionRequest(item: .other, note: "Sign again")]).isEmpty)
    }

    @Test(arguments: [(500, true), (501, false)])
    func notesHaveALimit(length: Int, accepted: Bool) {
        let note = String(repeating: "字", count: length)
        let problems = ReviewDecisionRules.problems(returning: [CorrectionRequest(item: .signature, note: note)])
        #expect(problems == (accepted ? [] : [.noteTooLong(index: 0)]))
    }

    @Test(arguments: [("", false), ("The photo is of someone else", true), (String(repeating: "x", count: 501), false)])
    func aRejectionGivesItsReason(reason: String, accepted: Bool) {
        #expect(ReviewDecisionRules.problems(rejecting: reason) == (accepted ? [] : [.reasonMissing]))
    }

    @Test func codesAreStable() {
        #expect(
            [ReviewDecisionProblem.correctionsMissing, .noteMissing(index: 0), .noteTooLong(index: 0), .reasonMissing]
                .map(\.code) == ["corrections-missing", "correction-note-missing", "note-too-long", "reason-missing"])
    }
}
