/// What an officer's decision must say before it is recorded: a return names at least one thing to
/// correct and, for "other", says what in its note; notes and a rejection's reason stay within
/// `maxTextLength` characters; a rejection gives its reason. The API and the back-office page both
/// check with these rules (`ApplicationHistory` refuses the same gaps again when the event is added).
public enum ReviewDecisionProblem: DomainError, Hashable {
    case correctionsMissing
    /// The correction at `index` is "other" without a note.
    case noteMissing(index: Int)
    /// The note of the correction at `index` is longer than allowed.
    case noteTooLong(index: Int)
    /// The reason for rejecting is empty or longer than allowed.
    case reasonMissing

    public var code: String {
        switch self {
        case .correctionsMissing: "corrections-missing"
        case .noteMissing: "correction-note-missing"
        case .noteTooLong: "note-too-long"
        case .reasonMissing: "reason-missing"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .correctionsMissing:
            LocalizedText(zh: "退回补正须至少说明一项需更正的内容", en: "Say at least one thing the applicant must correct")
        case .noteMissing:
            LocalizedText(zh: "选择“其他”时请写明需更正的内容", en: "Say what must be corrected when you choose “other”")
        case .noteTooLong:
            LocalizedText(
                zh: "说明不能超过\(ReviewDecisionRules.maxTextLength)字",
                en: "At most \(ReviewDecisionRules.maxTextLength) characters")
        case .reasonMissing:
            LocalizedText(
                zh: "不予批准须写明理由（\(ReviewDecisionRules.maxTextLength)字以内）",
                en: "Give the reason for rejecting (up to \(ReviewDecisionRules.maxTextLength) characters)")
        }
    }
}

public enum ReviewDecisionRules {
    /// The longest note or reason an officer may write.
    public static let maxTextLength = 500

    /// Every problem of a return with `corrections` (notes already trimmed; empty ones nil).
    public static func problems(returning corrections: [CorrectionRequest]) -> [ReviewDecisionProblem] {
        guard !corrections.isEmpty else { return [.correctionsMissing] }
        return corrections.enumerated().compactMap { index, correction in
            let note = correction.note ?? ""
            if correction.item == .other, note.isEmpty { return .noteMissing(index: index) }
            if note.count > maxTextLength { return .noteTooLong(index: index) }
            return nil
        }
    }

    /// The problem of a rejection with `reason` (already trimmed), if any.
    public static func problems(rejecting reason: String) -> [ReviewDecisionProblem] {
        reason.isEmpty || reason.count > maxTextLength ? [.reasonMissing] : []
    }
}
