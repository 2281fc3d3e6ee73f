import Foundation

/// Where one payment stands in our ledger.
///
/// ```
/// created ──paid──▶ paid ──refund requested──▶ refund-requested ──refund done──▶ refunded
///    │                                               ▲
///    ├──closed by the gateway or by us──▶ closed ──paid (late)──┤
///    └──not paid in time──▶ expired ─────────paid (late)────────┘
/// ```
/// Money that arrives for a closed or expired order, or for a subject that no longer wants it
/// (withdrawn), is accepted and then refunded: it is the payer's money.
public enum PaymentStatus: String, Sendable, Codable, CaseIterable {
    case created
    case paid
    case refundRequested = "refund-requested"
    case refunded
    case closed
    case expired

    /// Money was received for this payment (it may be on its way back).
    public var moneyReceived: Bool { self == .paid || self == .refundRequested || self == .refunded }

    /// Nothing further can happen, except a late payment for closed or expired orders.
    public var isFinal: Bool { self == .refunded || self == .closed || self == .expired }
}

/// Why money goes back.
public enum PaymentRefundReason: String, Sendable, Codable, CaseIterable {
    /// The subject (e.g. an application) was withdrawn.
    case subjectWithdrawn = "subject-withdrawn"
    /// The subject was rejected.
    case subjectRejected = "subject-rejected"
    /// The payer paid after the order was closed or had expired.
    case latePayment = "late-payment"
    /// A person decided (a supervisor after reconciliation, for example).
    case manual
}

/// Something that happened to a payment.
public enum PaymentEvent: Hashable, Sendable {
    /// The gateway reports the trade paid (notification or query). `subjectWantsPayment` is the
    /// subject's answer at that moment (false after a withdrawal).
    case gatewayPaid(subjectWantsPayment: Bool)
    /// The gateway reports the trade closed.
    case gatewayClosed
    /// The gateway reports the trade waiting for the payer (a stale notification once anything else happened).
    case gatewayWaiting
    /// We closed an unpaid order at the gateway because its time ran out.
    case expired
    /// We closed an unpaid order at the gateway because its subject no longer wants it.
    case cancelled
    case refundRequested
    case refundCompleted
}

public enum PaymentTransition: Hashable, Sendable {
    case move(to: PaymentStatus)
    /// Money arrived that must go back: record it as paid, then ask for the refund (ends in refund-requested).
    case acceptThenRefund(PaymentRefundReason)
    /// Nothing changes; the event is a repeat or older than what we know.
    case ignore(PaymentIgnoredBecause)
    /// The event cannot happen in this state (a programming or gateway error).
    case invalid
}

public enum PaymentIgnoredBecause: String, Hashable, Sendable {
    /// The same fact again (a duplicate notification, a retried job).
    case alreadyApplied = "already-applied"
    /// Older news than what we already know (e.g. WAIT_BUYER_PAY after TRADE_SUCCESS).
    case stale
    /// A refund asked for a payment that never received money.
    case nothingToRefund = "nothing-to-refund"
}

public enum PaymentStateMachine {
    public static func transition(from status: PaymentStatus, on event: PaymentEvent) -> PaymentTransition {
        switch (status, event) {
        case (.created, .gatewayPaid(let wanted)):
            return wanted ? .move(to: .paid) : .acceptThenRefund(.subjectWithdrawn)
        case (.closed, .gatewayPaid), (.expired, .gatewayPaid):
            return .acceptThenRefund(.latePayment)
        case (.paid, .gatewayPaid), (.refundRequested, .gatewayPaid), (.refunded, .gatewayPaid):
            return .ignore(.alreadyApplied)

        case (.created, .gatewayClosed):
            return .move(to: .closed)
        case (.created, .expired):
            return .move(to: .expired)
        case (.created, .cancelled):
            return .move(to: .closed)
        case (.closed, .gatewayClosed), (.closed, .cancelled), (.expired, .expired), (.expired, .gatewayClosed),
            (.closed, .expired), (.expired, .cancelled):
            return .ignore(.alreadyApplied)
        case (.paid, .gatewayClosed), (.refundRequested, .gatewayClosed), (.refunded, .gatewayClosed),
            (.paid, .expired), (.refundRequested, .expired), (.refunded, .expired),
            (.paid, .cancelled), (.refundRequested, .cancelled), (.refunded, .cancelled):
            // A full refund closes the trade at the gateway; a close or expiry racing a payment loses.
            return .ignore(.stale)

        case (.created, .gatewayWaiting):
            return .ignore(.alreadyApplied)
        case (_, .gatewayWaiting):
            return .ignore(.stale)

        case (.paid, .refundRequested):
            return .move(to: .refundRequested)
        case (.refundRequested, .refundRequested), (.refunded, .refundRequested):
            return .ignore(.alreadyApplied)
        case (.created, .refundRequested), (.closed, .refundRequested), (.expired, .refundRequested):
            return .ignore(.nothingToRefund)

        case (.refundRequested, .refundCompleted):
            return .move(to: .refunded)
        case (.refunded, .refundCompleted):
            return .ignore(.alreadyApplied)
        case (.created, .refundCompleted), (.paid, .refundCompleted), (.closed, .refundCompleted),
            (.expired, .refundCompleted):
            return .invalid
        }
    }

    /// The event a verified gateway trade status stands for.
    public static func event(for status: GatewayTradeStatus, subjectWantsPayment: Bool) -> PaymentEvent {
        switch status {
        case .success, .finished: .gatewayPaid(subjectWantsPayment: subjectWantsPayment)
        case .closed: .gatewayClosed
        case .waitBuyerPay: .gatewayWaiting
        }
    }
}
