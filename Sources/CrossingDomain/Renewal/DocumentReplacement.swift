/// When a registry change takes effect.
public enum RegistryChangeTiming: String, Hashable, Sendable, Codable {
    /// As soon as the application is submitted: a lost or stolen document must stop working at once,
    /// so nobody else can travel on it (it is reported invalid even if the application is later
    /// withdrawn: the person said it is gone).
    case atSubmission = "at-submission"
    /// When the new document is issued: the old one stays usable until then.
    case atIssue = "at-issue"
}

/// Whether a lost document was lost or stolen (the applicant says which on the reason page).
public enum LossKind: String, CaseIterable, Hashable, Sendable, Codable {
    case lost
    case stolen

    public var status: HeldDocumentStatus { self == .lost ? .reportedLost : .reportedStolen }
}

/// A change the server applies to the registry's record of the old document.
public struct HeldDocumentChange: Hashable, Sendable, Codable {
    public var kind: HeldDocumentKind
    public var number: String
    public var newStatus: HeldDocumentStatus
    public var timing: RegistryChangeTiming

    public init(kind: HeldDocumentKind, number: String, newStatus: HeldDocumentStatus, timing: RegistryChangeTiming) {
        self.kind = kind
        self.number = number
        self.newStatus = newStatus
        self.timing = timing
    }
}

/// What happens to the old document and what the new one looks like (domain decisions the server
/// applies in the transaction of the submission or the issue).
public enum DocumentReplacement {
    /// The change to the old document: a lost or stolen one is reported invalid at submission; any
    /// other is cancelled when the new one is issued. nil when there is no old document on record or it
    /// is already cancelled (nothing to do). A document already reported lost stays so until issue,
    /// when it is cancelled.
    public static func oldDocumentChanges(
        reason: RenewalReason, loss: LossKind = .lost, current: HeldDocument?
    ) -> [HeldDocumentChange] {
        guard let current, current.status != .cancelled else { return [] }
        var changes: [HeldDocumentChange] = []
        if reason == .lostOrStolen, current.status == .valid || current.status == .expired {
            changes.append(
                HeldDocumentChange(
                    kind: current.kind, number: current.number, newStatus: loss.status, timing: .atSubmission))
        }
        changes.append(
            HeldDocumentChange(kind: current.kind, number: current.number, newStatus: .cancelled, timing: .atIssue))
        return changes
    }

    /// The registry record of the newly issued document: valid for 10 years (online renewal is for
    /// people 16 or older), expiring the day before the tenth anniversary of issue (the convention on
    /// PRC documents: issued 2026-03-05, valid until 2036-03-04). The anniversary of 29 February in a
    /// common year is 1 March, as for ages, so a document issued on 2028-02-29 runs to 2038-02-28.
    public static func newDocument(
        _ document: RenewalDocument, number: TravelDocumentNumber, issuedOn date: CalendarDate
    ) -> HeldDocument {
        let year = date.year + RenewalDocument.adultValidityYears
        let anniversary =
            CalendarDate(year: year, month: date.month, day: date.day)
            ?? CalendarDate(year: year, month: 3, day: 1) ?? date
        let expiry = anniversary.adding(days: -1)
        return HeldDocument(
            kind: document.heldKind, number: number.value, issueDate: date, expiryDate: expiry, status: .valid)
    }
}
