import CrossingDomain
import Fluent
import Foundation
import SQLKit
import Vapor

/// POST /api/v1/payments/notify/sandbox: the gateway's asynchronous notifications.
///
/// Fast path: verify the signature, check freshness, order, amount and currency, then in one
/// transaction store the notification (unique notify ID) and enqueue the `payment.settle` job, and
/// answer `success` (the gateway's acknowledgement). A repeat of a stored notification (same ID and
/// content) is acknowledged again and changes nothing.
///
/// Refusals answer 400 with the body `fail` (the gateway retries anything but `success`, which is
/// what we want if, say, our key configuration is wrong) and are audited: forged (bad signature),
/// stale (notify_time outside the window), replayed (a known ID with other content), unknown order,
/// amount or currency mismatch (a person must look: reconciliation will also flag it), malformed.
struct PaymentNotifyController: RouteCollection {
    static let path = "/api/v1/payments/notify/sandbox"
    static let acknowledgement = "success"

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "payments", "notify", "sandbox", body: .collect(maxSize: "16kb"), use: notify)
    }

    func notify(_ request: Request) async throws -> Response {
        let now = request.services.now()
        let body = request.body.data.map { Data($0.readableBytesView) } ?? Data()
        let runtime = request.application.payments
        let gateway = runtime.gateway(on: request.db, now: { now })
        let notification: PaymentNotification
        do {
            notification = try gateway.verifyNotification(body)
        } catch let rejection as PaymentNotificationRejection {
            return try await refuse(request, rejection, notification: nil, now: now)
        }
        guard
            PaymentNotificationRules.isFresh(
                notification.notifyTime, now: now, maximumAge: runtime.settings.notificationMaxAge)
        else { return try await refuse(request, .stale, notification: notification, now: now) }
        let outcome = try await request.db.transaction { tx in
            try await accept(notification, gateway: gateway.name, on: tx, now: now)
        }
        switch outcome {
        case .accepted, .duplicate:
            return Self.text(Self.acknowledgement, status: .ok)
        case .refused(let rejection):
            return try await refuse(request, rejection, notification: notification, now: now)
        }
    }

    enum Acceptance {
        case accepted
        case duplicate
        case refused(PaymentNotificationRejection)
    }

    private func accept(
        _ notification: PaymentNotification, gateway: String, on tx: any Database, now: Date
    )
        async throws -> Acceptance
    {
        try await PaymentRowLock.take(orderNumber: notification.orderNumber.rawValue, on: tx)
        guard
            let payment = try await PaymentRecord.query(on: tx)
                .filter(\.$orderNumber == notification.orderNumber.rawValue).first()
        else { return .refused(.unknownOrder) }
        let currency = PaymentCurrency(rawValue: payment.currency) ?? .cny
        if let mismatch = PaymentNotificationRules.mismatch(
            notification, orderAmount: payment.amount, orderCurrency: currency)
        {
            return .refused(mismatch)
        }
        guard let sql = tx as? any SQLDatabase else { throw OutboxUnavailable() }
        let inserted = try await sql.insert(into: PaymentNotificationRecord.schema)
            .columns(
                "id", "notify_id", "gateway", "order_number", "trade_number", "trade_status", "amount_fen", "currency",
                "notify_time", "paid_at", "content_digest", "received_at"
            )
            .values(
                SQLBind(UUID()), SQLBind(notification.notifyID), SQLBind(gateway),
                SQLBind(notification.orderNumber.rawValue), SQLBind(notification.tradeNumber),
                SQLBind(notification.tradeStatus.rawValue), SQLBind(notification.amount.fen),
                SQLBind(notification.currency), SQLBind(notification.notifyTime), SQLBind(notification.paidAt),
                SQLBind(notification.contentDigest), SQLBind(now)
            )
            .ignoringConflicts(with: ["notify_id"])
            .returning("id")
            .all()
        if inserted.isEmpty {
            let stored = try await PaymentNotificationRecord.query(on: tx).filter(\.$notifyID == notification.notifyID)
                .first()
            return stored?.contentDigest == notification.contentDigest ? .duplicate : .refused(.replayed)
        }
        try await Outbox.enqueue(
            PaymentSettleJob.jobKind, PaymentSettleJob.Payload(notifyID: notification.notifyID),
            dedupeKey: "payment.settle:\(notification.notifyID)", on: tx, now: now)
        return .accepted
    }

    private func refuse(
        _ request: Request, _ rejection: PaymentNotificationRejection, notification: PaymentNotification?, now: Date
    ) async throws -> Response {
        var details = ["reason": rejection.rawValue]
        if let notification {
            details["notifyId"] = String(notification.notifyID.prefix(64))
            details["amountFen"] = String(notification.amount.fen)
        }
        try await AuditLog(hasher: request.services.auditHasher).append(
            AuditEntryDraft(
                occurredAt: now, actor: "gateway:sandbox", action: "payment.notification.rejected",
                subject: notification?.orderNumber.rawValue, outcome: "denied", details: details),
            on: request.db)
        request.logger.warning("payment notification refused", metadata: ["reason": "\(rejection.rawValue)"])
        return Self.text("fail", status: .badRequest)
    }

    static func text(_ body: String, status: HTTPResponseStatus) -> Response {
        let response = Response(status: status, body: .init(string: body))
        response.headers.contentType = .plainText
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
