import CrossingDomain
import Fluent
import Foundation
import Vapor

/// `payment.settle`: applies one accepted notification to the ledger (written by the notify
/// endpoint in the transaction that stored the notification). Idempotent: the ledger ignores a fact
/// it already applied.
struct PaymentSettleJob: JobHandler {
    static let jobKind = "payment.settle"
    var kind: String { Self.jobKind }

    struct Payload: Codable, Sendable {
        var notifyID: String
    }

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let payload = try job.decode(Payload.self)
        guard
            let notification = try await PaymentNotificationRecord.query(on: context.database)
                .filter(\.$notifyID == payload.notifyID).first()
        else { throw JobFailure.permanent("no notification \(payload.notifyID)") }
        guard let status = GatewayTradeStatus(rawValue: notification.tradeStatus) else {
            throw JobFailure.permanent("unknown trade status \(notification.tradeStatus)")
        }
        let outcome = try await PaymentLedger(
            application: context.application, now: context.now, logger: context.logger
        )
        .apply(
            .gateway(status, tradeNumber: notification.tradeNumber, paidAt: notification.paidAt),
            orderNumber: notification.orderNumber)
        if outcome == .unknownOrder { throw JobFailure.permanent("no payment \(notification.orderNumber)") }
        notification.settledAt = context.now
        try await notification.save(on: context.database)
    }
}

/// `payment.refund`: asks the gateway for the order's refund (refund number = the order's, so a
/// retry never refunds twice), then records it. A timeout retries with backoff.
struct PaymentRefundJob: JobHandler {
    static let jobKind = "payment.refund"
    var kind: String { Self.jobKind }

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let payload = try job.decode(PaymentJobPayload.self)
        guard
            let payment = try await PaymentRecord.query(on: context.database)
                .filter(\.$orderNumber == payload.orderNumber).first()
        else { throw JobFailure.permanent("no payment \(payload.orderNumber)") }
        guard payment.paymentStatus == .refundRequested, let orderNumber = PaymentOrderNumber(payment.orderNumber)
        else { return }
        let now = context.now
        let gateway = context.application.payments.gateway(on: context.database, now: { now })
        let refund: GatewayRefund
        do {
            refund = try await gateway.refund(
                GatewayRefundRequest(
                    orderNumber: orderNumber, refundNumber: payment.refundNumber ?? orderNumber.refundNumber,
                    amount: payment.amount, reason: payment.refundReason ?? PaymentRefundReason.manual.rawValue))
        } catch let error as PaymentGatewayError where !error.isTransient {
            throw JobFailure.permanent("gateway refused the refund: \(error)")
        }
        try await PaymentLedger(application: context.application, now: now, logger: context.logger)
            .apply(.refundCompleted(at: refund.refundedAt), orderNumber: payment.orderNumber)
    }
}

/// `payment.close`: closes an unpaid order at the gateway, when its time runs out (enqueued with the
/// order, not before its expiry) or when its subject no longer wants it (`cancel`). It asks the
/// gateway first: a trade that was paid meanwhile is settled as paid instead (and refunded if the
/// subject no longer wants it).
struct PaymentCloseJob: JobHandler {
    static let jobKind = "payment.close"
    var kind: String { Self.jobKind }

    struct Payload: Codable, Sendable {
        var orderNumber: String
        var cancel: Bool
    }

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let payload = try job.decode(Payload.self)
        guard
            let payment = try await PaymentRecord.query(on: context.database)
                .filter(\.$orderNumber == payload.orderNumber).first()
        else { throw JobFailure.permanent("no payment \(payload.orderNumber)") }
        guard payment.paymentStatus == .created, let orderNumber = PaymentOrderNumber(payment.orderNumber) else {
            return
        }
        let now = context.now
        let gateway = context.application.payments.gateway(on: context.database, now: { now })
        let ledger = PaymentLedger(application: context.application, now: now, logger: context.logger)
        if let trade = try await gateway.query(orderNumber), trade.status.meansPaid {
            try await ledger.apply(
                .gateway(trade.status, tradeNumber: trade.tradeNumber, paidAt: trade.paidAt),
                orderNumber: payment.orderNumber)
            return
        }
        switch try await gateway.close(orderNumber) {
        case .closed, .notFound:
            try await ledger.apply(payload.cancel ? .cancelled : .expired, orderNumber: payment.orderNumber)
        case .alreadyPaid(let trade):
            try await ledger.apply(
                .gateway(trade.status, tradeNumber: trade.tradeNumber, paidAt: trade.paidAt),
                orderNumber: payment.orderNumber)
        }
    }
}

/// `payment.reconcile`: reconciles one day's statement; with `scheduleNext`, enqueues the next day's
/// run for 02:00 Beijing time the day after, so a daily schedule keeps itself going (one job per
/// date, whatever the number of instances).
struct PaymentReconcileJob: JobHandler {
    static let jobKind = "payment.reconcile"
    var kind: String { Self.jobKind }

    struct Payload: Codable, Sendable {
        var date: CalendarDate
        var scheduleNext: Bool
    }

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let payload = try job.decode(Payload.self)
        try await PaymentReconciler(application: context.application, now: context.now)
            .run(date: payload.date, actor: "system:payments")
        if payload.scheduleNext {
            try await Self.schedule(
                payload.date.adding(days: 1), application: context.application, on: context.database, now: context.now)
        }
    }

    /// Enqueues the run for `date` at 02:00 (service time zone) the day after.
    static func schedule(
        _ date: CalendarDate, application: Application, on database: any Database, now: Date
    )
        async throws
    {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = application.services.config.serviceTimeZone
        let next = date.adding(days: 1)
        let due = calendar.date(from: DateComponents(year: next.year, month: next.month, day: next.day, hour: 2))
        try await Outbox.enqueue(
            jobKind, Payload(date: date, scheduleNext: true), dedupeKey: "payment.reconcile:\(date.iso)",
            notBefore: due,
            on: database, now: now)
    }
}

/// Starts the daily reconciliation when a server boots: yesterday's run (a no-op if another
/// instance already enqueued it), which then schedules each following day.
struct DailyReconciliationScheduler: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        let now = app.services.now()
        let yesterday = CalendarDate.today(in: app.services.config.serviceTimeZone, now: now).adding(days: -1)
        do {
            try await PaymentReconcileJob.schedule(yesterday, application: app, on: app.db, now: now)
        } catch {
            app.logger.warning("daily payment reconciliation not scheduled (migrations pending?)")
        }
    }
}
