import Foundation

/// Where an application stands, derived by folding its events (never stored on its own).
public enum ApplicationStatus: String, CaseIterable, Hashable, Sendable, Codable {
    /// Submitted or resubmitted, waiting for an officer.
    case underReview = "under-review"
    /// Sent back for correction: waiting on the applicant.
    case returned
    /// Approved: waiting on the applicant to pay.
    case approved
    /// Paid: waiting for production.
    case paid
    case inProduction = "in-production"
    case dispatched
    case outForDelivery = "out-for-delivery"
    case delivered
    case readyForCollection = "ready-for-collection"
    case collected
    case withdrawn
    case rejected
    case refunded

    /// The states in which the clocks stop because the application waits on the applicant.
    public var isWaitingOnApplicant: Bool { self == .returned || self == .approved }

    /// Nothing more can happen, except a refund after a withdrawal or rejection.
    public var isClosed: Bool {
        switch self {
        case .delivered, .collected, .withdrawn, .rejected, .refunded: true
        default: false
        }
    }

    public var name: LocalizedText {
        switch self {
        case .underReview: LocalizedText(zh: "审核中", en: "Under review")
        case .returned: LocalizedText(zh: "待补正", en: "Waiting for your correction")
        case .approved: LocalizedText(zh: "待缴费", en: "Approved, waiting for payment")
        case .paid: LocalizedText(zh: "已缴费，待制证", en: "Paid, waiting for production")
        case .inProduction: LocalizedText(zh: "制证中", en: "In production")
        case .dispatched: LocalizedText(zh: "已寄出", en: "Dispatched")
        case .outForDelivery: LocalizedText(zh: "派送中", en: "Out for delivery")
        case .delivered: LocalizedText(zh: "已签收", en: "Delivered")
        case .readyForCollection: LocalizedText(zh: "待领取", en: "Ready for collection")
        case .collected: LocalizedText(zh: "已领取", en: "Collected")
        case .withdrawn: LocalizedText(zh: "已撤回", en: "Withdrawn")
        case .rejected: LocalizedText(zh: "不予批准", en: "Rejected")
        case .refunded: LocalizedText(zh: "已退款", en: "Refunded")
        }
    }
}

/// The automatic-withdrawal rule (domain-facts §4.3): a returned application waits `waitingPeriod`
/// for the correction and an approved one `waitingPeriod` for payment, counted in calendar time from
/// the event that started the wait (7 days = 7 × 24 hours); then it is treated as withdrawn.
public struct WithdrawalPolicy: Hashable, Sendable {
    public var waitingPeriod: TimeInterval

    public init(waitingPeriod: TimeInterval = 7 * 86_400) {
        self.waitingPeriod = waitingPeriod
    }
}

/// An application's event log with its derived state. Every append is checked against the state
/// machine, so a history that exists is a legal one:
///
/// ```
/// submitted ─▶ under review ─┬─ returned ─▶ returned ── resubmitted ─▶ under review
///                            ├─ approved ─▶ approved ── paid ─▶ paid ── in production ─▶ in production
///                            └─ rejected ─▶ rejected                                      │
/// in production ─┬─ dispatched ─▶ dispatched ── out for delivery ─▶ … ── delivered ─▶ delivered
///                └─ ready for collection ─▶ ready for collection ── collected ─▶ collected
/// withdrawn: by the applicant from under review, returned, approved or paid; automatically from
///            returned or approved once the waiting period is over (system actor)
/// refunded:  after withdrawn or rejected (a payment made before, or arriving after, the withdrawal)
/// ```
///
/// Actors: the applicant (or a helper) submits, resubmits and withdraws; officers return, approve,
/// reject, produce and hand over at the counter; the payment gateway pays and refunds; the courier or
/// an officer dispatches and delivers; only the system withdraws automatically.
public struct ApplicationHistory: Hashable, Sendable {
    public private(set) var events: [ApplicationEvent]
    public private(set) var status: ApplicationStatus
    public private(set) var handover: HandoverMethod
    public let policy: WithdrawalPolicy

    /// Starts a history with its submission.
    public init(
        submission: ApplicationEvent, policy: WithdrawalPolicy = WithdrawalPolicy()
    )
        throws(ApplicationTransitionError)
    {
        guard case .submitted(let handover) = submission.type else {
            throw .mustStartWithSubmission(submission.kind)
        }
        guard submission.actor.isApplicantSide else { throw .actorNotAllowed(.submitted, submission.actor) }
        self.events = [submission]
        self.status = .underReview
        self.handover = handover
        self.policy = policy
    }

    /// Rebuilds a history from stored events, checking each transition.
    public init(
        events: [ApplicationEvent], policy: WithdrawalPolicy = WithdrawalPolicy()
    )
        throws(ApplicationTransitionError)
    {
        guard let first = events.first else { throw .empty }
        self = try ApplicationHistory(submission: first, policy: policy)
        for event in events.dropFirst() { try append(event) }
    }

    public var submittedAt: Date { events[0].at }
    public var lastEvent: ApplicationEvent { events[events.count - 1] }

    /// Appends `event` if it is legal now, or throws and leaves the history unchanged.
    public mutating func append(_ event: ApplicationEvent) throws(ApplicationTransitionError) {
        guard event.at >= lastEvent.at else { throw .earlierThanPreviousEvent(event.kind) }
        guard Self.actorMayRecord(event, actor: event.actor) else { throw .actorNotAllowed(event.kind, event.actor) }
        status = try nextStatus(after: event)
        events.append(event)
    }

    public func appending(_ event: ApplicationEvent) throws(ApplicationTransitionError) -> ApplicationHistory {
        var copy = self
        try copy.append(event)
        return copy
    }

    /// Whether an event of this kind could be recorded now (ignoring actor and time): for buttons.
    public func allows(_ kind: ApplicationEventKind) -> Bool {
        Self.transitions[status]?[kind] != nil && handoverAllows(kind)
    }

    /// When the current wait on the applicant started (the returned or approved event), if waiting.
    public var waitingSince: Date? {
        status.isWaitingOnApplicant ? lastEvent.at : nil
    }

    /// When the application is withdrawn automatically if the applicant does nothing; nil unless
    /// returned or approved. Schedule the withdrawal job for this moment.
    public var automaticWithdrawalDeadline: Date? {
        waitingSince.map { $0.addingTimeInterval(policy.waitingPeriod) }
    }

    /// The automatic withdrawal to record at `now`, or nil when none is due (not waiting, or the
    /// waiting period is not over yet). The job appends it with `append`.
    public func automaticWithdrawal(
        at now: Date, by actor: ApplicationActor = .system("auto-withdrawal")
    )
        -> ApplicationEvent?
    {
        guard let deadline = automaticWithdrawalDeadline, now >= deadline else { return nil }
        let cause: WithdrawalCause = status == .returned ? .correctionNotMade : .notPaid
        return ApplicationEvent(.withdrawn(cause), by: actor, at: now)
    }

    /// The most recent events of a kind, newest last.
    public func events(of kind: ApplicationEventKind) -> [ApplicationEvent] {
        events.filter { $0.kind == kind }
    }

    private func nextStatus(after event: ApplicationEvent) throws(ApplicationTransitionError) -> ApplicationStatus {
        guard let next = Self.transitions[status]?[event.kind] else { throw .notAllowed(event.kind, status) }
        guard handoverAllows(event.kind) else { throw .wrongHandover(event.kind, handover) }
        switch event.type {
        case .returned(let corrections):
            guard !corrections.isEmpty else { throw .correctionsMissing }
            if corrections.contains(where: { $0.item == .other && ($0.note ?? "").trimmingWhitespace().isEmpty }) {
                throw .correctionsMissing
            }
        case .rejected(let reason):
            guard !reason.trimmingWhitespace().isEmpty else { throw .reasonMissing }
        case .paid(let amount), .refunded(let amount):
            guard amount > .zero else { throw .amountNotPositive }
        case .withdrawn(let cause):
            guard cause.isAutomatic == event.actor.isSystem else { throw .actorNotAllowed(.withdrawn, event.actor) }
            if cause.isAutomatic {
                let expected: ApplicationStatus = cause == .correctionNotMade ? .returned : .approved
                guard status == expected else { throw .notAllowed(.withdrawn, status) }
                guard let deadline = automaticWithdrawalDeadline, event.at >= deadline else {
                    throw .waitingPeriodNotOver(until: automaticWithdrawalDeadline ?? event.at)
                }
            }
        default: break
        }
        return next
    }

    private func handoverAllows(_ kind: ApplicationEventKind) -> Bool {
        switch kind {
        case .dispatched, .outForDelivery, .delivered: handover == .courier
        case .readyForCollection, .collected: handover == .collection
        default: true
        }
    }

    /// status → event → next status.
    static let transitions: [ApplicationStatus: [ApplicationEventKind: ApplicationStatus]] = [
        .underReview: [.returned: .returned, .approved: .approved, .rejected: .rejected, .withdrawn: .withdrawn],
        .returned: [.resubmitted: .underReview, .withdrawn: .withdrawn],
        .approved: [.paid: .paid, .withdrawn: .withdrawn],
        .paid: [.inProduction: .inProduction, .withdrawn: .withdrawn],
        .inProduction: [.dispatched: .dispatched, .readyForCollection: .readyForCollection],
        .dispatched: [.outForDelivery: .outForDelivery, .delivered: .delivered],
        .outForDelivery: [.delivered: .delivered],
        .readyForCollection: [.collected: .collected],
        .withdrawn: [.refunded: .refunded],
        .rejected: [.refunded: .refunded],
    ]

    static func actorMayRecord(_ event: ApplicationEvent, actor: ApplicationActor) -> Bool {
        switch event.kind {
        case .submitted, .resubmitted: actor.isApplicantSide
        case .withdrawn: actor.isApplicantSide || actor.isSystem
        case .returned, .approved, .rejected, .collected: actor.isOfficer
        case .paid, .refunded: actor == .payments
        case .inProduction, .readyForCollection: actor.isOfficer || actor.isSystem
        case .dispatched, .outForDelivery, .delivered: actor.isOfficer || actor == .courier
        }
    }
}

public enum ApplicationTransitionError: DomainError, Hashable {
    case empty
    case mustStartWithSubmission(ApplicationEventKind)
    case notAllowed(ApplicationEventKind, ApplicationStatus)
    case actorNotAllowed(ApplicationEventKind, ApplicationActor)
    case earlierThanPreviousEvent(ApplicationEventKind)
    case wrongHandover(ApplicationEventKind, HandoverMethod)
    case waitingPeriodNotOver(until: Date)
    case correctionsMissing
    case reasonMissing
    case amountNotPositive

    public var code: String {
        switch self {
        case .empty: "application-no-events"
        case .mustStartWithSubmission: "application-must-start-with-submission"
        case .notAllowed: "application-transition-not-allowed"
        case .actorNotAllowed: "application-actor-not-allowed"
        case .earlierThanPreviousEvent: "application-event-out-of-order"
        case .wrongHandover: "application-wrong-handover"
        case .waitingPeriodNotOver: "application-waiting-period-not-over"
        case .correctionsMissing: "application-corrections-missing"
        case .reasonMissing: "application-reason-missing"
        case .amountNotPositive: "application-amount-not-positive"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .empty:
            LocalizedText(zh: "申请没有任何记录", en: "The application has no events")
        case .mustStartWithSubmission(let kind):
            LocalizedText(
                zh: "申请必须先提交，不能以“\(kind.name.zh)”开始",
                en: "An application starts with its submission, not with \"\(kind.name.en)\"")
        case .notAllowed(let kind, let status):
            LocalizedText(
                zh: "申请当前状态为“\(status.name.zh)”，不能执行“\(kind.name.zh)”",
                en: "The application is \"\(status.name.en)\", so \"\(kind.name.en)\" is not possible now")
        case .actorNotAllowed(let kind, let actor):
            LocalizedText(
                zh: "\(actor) 无权记录“\(kind.name.zh)”", en: "\(actor) may not record \"\(kind.name.en)\"")
        case .earlierThanPreviousEvent(let kind):
            LocalizedText(
                zh: "“\(kind.name.zh)”的时间早于上一条记录", en: "\"\(kind.name.en)\" is dated before the previous event")
        case .wrongHandover(let kind, let handover):
            handover == .courier
                ? LocalizedText(
                    zh: "该申请选择邮寄，不能执行“\(kind.name.zh)”",
                    en: "This application is mailed, so \"\(kind.name.en)\" does not apply")
                : LocalizedText(
                    zh: "该申请选择窗口领取，不能执行“\(kind.name.zh)”",
                    en: "This application is collected at the office, so \"\(kind.name.en)\" does not apply")
        case .waitingPeriodNotOver:
            LocalizedText(
                zh: "等待申请人的7日期限尚未届满，不能自动撤回",
                en: "The 7-day wait for the applicant is not over; it cannot be withdrawn yet")
        case .correctionsMissing:
            LocalizedText(
                zh: "退回补正时请至少写明一项需要修改的内容（“其他”须填写说明）",
                en: "Say at least one thing to correct when returning an application (\"other\" needs a note)")
        case .reasonMissing:
            LocalizedText(zh: "请填写不予批准的理由", en: "Give the reason for the rejection")
        case .amountNotPositive:
            LocalizedText(zh: "金额必须大于零", en: "The amount must be more than zero")
        }
    }
}
