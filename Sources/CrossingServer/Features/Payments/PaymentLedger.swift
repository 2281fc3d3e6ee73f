import CrossingDomain
import Fluent
import Foundation
import SQLKit
import Vapor

/// A fact about one payment that moves it through the domain's state machine.
enum PaymentFact: Sendable, Equatable {
    /// What the gateway says about the trade (notification or query).
    case gateway(GatewayTradeStatus, tradeNumber: String?, paidAt: Date?)
    /// We closed the unpaid order at the gateway because its time ran out.
    case expired
    /// We closed the unpaid order at the gateway because its subject no longer wants it.
    case cancelled
    case refundRequested(PaymentRefundReason)
    case refundCompleted(at: Date)
}

/// Applies facts to the `payments` ledger. Each application is one transaction: read the payment,
/// ask the domain for the transition, change the row only if its status is still the one read
/// (compare-and-set, so two workers settling at once change it once), then, in the same transaction,
/// tell the subject, append the timeline event and the audit entry, and enqueue follow-up jobs.
struct PaymentLedger: Sendable {
    var application: Application
    var now: Date
    var actor = "system:payments"
    var logger = Logger(label: "crossing.payments")

    struct Conflict: Error {}

    enum Outcome: Equatable {
        case applied(PaymentTransition, PaymentSnapshot)
        case unknownOrder
    }

    @discardableResult
    func apply(_ fact: PaymentFact, orderNumber: String) async throws -> Outcome {
        // A lost compare-and-set means another worker changed the row: read it again and decide anew.
        for _ in 0..<5 {
            do {
                return try await application.db.transaction { tx in
                    try await apply(fact, orderNumber: orderNumber, on: tx)
                }
            } catch is Conflict {
                continue
            }
        }
        throw Conflict()
    }

    /// Applies `fact` inside the caller's transaction (throws `Conflict` when the row changed underneath).
    func apply(_ fact: PaymentFact, orderNumber: String, on tx: any Database) async throws -> Outcome {
        try await PaymentRowLock.take(orderNumber: orderNumber, on: tx)
        guard let payment = try await PaymentRecord.query(on: tx).filter(\.$orderNumber == orderNumber).first() else {
            return .unknownOrder
        }
        let context = PaymentSubjectContext(database: tx, now: now, application: application, logger: logger)
        let handler = application.paymentSubjects.handler(for: payment.subjectType)
        let event: PaymentEvent
        switch fact {
        case .gateway(let status, _, _):
            var wanted = true
            if status.meansPaid, payment.paymentStatus == .created, let handler {
                wanted = try await handler.wantsPayment(payment.snapshot, context: context)
            }
            event = PaymentStateMachine.event(for: status, subjectWantsPayment: wanted)
        case .expired: event = .expired
        case .cancelled: event = .cancelled
        case .refundRequested: event = .refundRequested
        case .refundCompleted: event = .refundCompleted
        }
        let transition = PaymentStateMachine.transition(from: payment.paymentStatus, on: event)
        let before = payment.paymentStatus
        switch transition {
        case .ignore, .invalid:
            return .applied(transition, payment.snapshot)
        case .move(let status):
            stamp(payment, status: status, fact: fact, reason: nil)
        case .acceptThenRefund(let reason):
            stamp(payment, status: .refundRequested, fact: fact, reason: reason)
        }
        try await compareAndSet(payment, expected: before, on: tx)
        let snapshot = payment.snapshot
        try await effects(of: transition, payment: snapshot, handler: handler, context: context, on: tx)
        return .applied(transition, snapshot)
    }

    private func stamp(_ payment: PaymentRecord, status: PaymentStatus, fact: PaymentFact, reason: PaymentRefundReason?)
    {
        payment.status = status.rawValue
        payment.updatedAt = now
        if case .gateway(let tradeStatus, let tradeNumber, let paidAt) = fact, tradeStatus.meansPaid {
            payment.paidAt = paidAt ?? now
            payment.gatewayTradeNumber = tradeNumber ?? payment.gatewayTradeNumber
        }
        if case .gateway(_, let tradeNumber, _) = fact, payment.gatewayTradeNumber == nil {
            payment.gatewayTradeNumber = tradeNumber
        }
        switch status {
        case .closed, .expired: payment.closedAt = now
        case .refundRequested:
            payment.refundRequestedAt = now
            payment.refundNumber = PaymentOrderNumber(payment.orderNumber)?.refundNumber ?? "RF" + payment.orderNumber
            if case .refundRequested(let requested) = fact {
                payment.refundReason = requested.rawValue
            } else {
                payment.refundReason = reason?.rawValue
            }
        case .refunded:
            if case .refundCompleted(let at) = fact { payment.refundedAt = at } else { payment.refundedAt = now }
        case .created, .paid: break
        }
    }

    private func compareAndSet(_ payment: PaymentRecord, expected: PaymentStatus, on tx: any Database) async throws {
        guard let sql = tx as? any SQLDatabase, let id = payment.id else { throw OutboxUnavailable() }
        let rows = try await sql.update(PaymentRecord.schema)
            .set("status", to: payment.status)
            .set("updated_at", to: payment.updatedAt)
            .set("paid_at", to: payment.paidAt)
            .set("gateway_trade_number", to: payment.gatewayTradeNumber)
            .set("closed_at", to: payment.closedAt)
            .set("refund_requested_at", to: payment.refundRequestedAt)
            .set("refund_number", to: payment.refundNumber)
            .set("refund_reason", to: payment.refundReason)
            .set("refunded_at", to: payment.refundedAt)
            .where("id", .equal, id)
            .where("status", .equal, expected.rawValue)
            .returning("id")
            .all()
        if rows.isEmpty { throw Conflict() }
    }

    private func effects(
        of transition: PaymentTransition, payment: PaymentSnapshot, handler: (any PaymentSubjectHandler)?,
        context: PaymentSubjectContext, on tx: any Database
    ) async throws {
        var audit: (action: String, details: [String: String])?
        switch transition {
        case .move(.paid):
            try await timeline("paid", payment, on: tx)
            try await handler?.paymentPaid(payment, context: context)
            audit = ("payment.paid", [:])
        case .acceptThenRefund(let reason):
            try await timeline("paid", payment, on: tx)
            try await enqueueRefund(payment, on: tx)
            audit = ("payment.paid", ["refund": reason.rawValue])
        case .move(.refundRequested):
            try await enqueueRefund(payment, on: tx)
            audit = ("payment.refund.requested", ["reason": payment.refundReason?.rawValue ?? ""])
        case .move(.refunded):
            try await timeline("refunded", payment, on: tx)
            try await handler?.paymentRefunded(payment, context: context)
            audit = ("payment.refunded", [:])
        case .move(.closed), .move(.expired):
            try await handler?.paymentClosed(payment, context: context)
            audit = ("payment.\(payment.status.rawValue)", [:])
        case .move(.created), .ignore, .invalid:
            break
        }
        if let audit {
            var details = audit.details
            details["order"] = payment.orderNumber
            details["amountFen"] = String(payment.amount.fen)
            try await AuditLog(hasher: application.services.auditHasher).append(
                AuditEntryDraft(
                    occurredAt: now, actor: actor, action: audit.action, subject: payment.id.uuidString,
                    outcome: "success", details: details),
                on: tx)
        }
    }

    private func timeline(_ kind: String, _ payment: PaymentSnapshot, on tx: any Database) async throws {
        try await Timeline.append(
            TimelineEventDraft(
                subjectType: payment.subjectType, subjectID: payment.subjectID, ownerPersonKey: payment.ownerPersonKey,
                kind: kind, actor: actor,
                details: ["payment": payment.id.uuidString, "amountFen": String(payment.amount.fen)]),
            on: tx, now: now)
    }

    private func enqueueRefund(_ payment: PaymentSnapshot, on tx: any Database) async throws {
        try await Outbox.enqueue(
            PaymentRefundJob.jobKind, PaymentJobPayload(orderNumber: payment.orderNumber),
            dedupeKey: "payment.refund:\(payment.orderNumber)", on: tx, now: now)
    }
}

enum PaymentRowLock {
    /// A write before any read: takes the payment's row lock (PostgreSQL) or the database's write
    /// lock (SQLite), so concurrent read-then-write transactions queue instead of deadlocking.
    static func take(orderNumber: String, on tx: any Database) async throws {
        guard let sql = tx as? any SQLDatabase else { throw OutboxUnavailable() }
        try await sql.raw("UPDATE payments SET updated_at = updated_at WHERE order_number = \(bind: orderNumber)").run()
    }
}

struct PaymentJobPayload: Codable, Sendable {
    var orderNumber: String
}
