import CrossingDomain
import Fluent
import Foundation
import Vapor

/// The payments use cases other features call (zero-visit renewal, endorsements).
///
/// ```swift
/// let payment = try await PaymentService(application: app, now: now).createOrder(
///     PaymentDraft(subjectType: "application", subjectID: id, owner: personID, accountID: account.accountID,
///                  amount: fee, description: "护照换发 Passport renewal"), on: tx)
/// // later, when the application is withdrawn or rejected:
/// try await PaymentService(application: app, now: now).release(subjectType: "application", subjectID: id,
///                                                             reason: .subjectWithdrawn, actor: accountID, on: tx)
/// ```
struct PaymentService: Sendable {
    var application: Application
    var now: Date

    init(application: Application, now: Date) {
        self.application = application
        self.now = now
    }

    init(_ request: Request) {
        self.init(application: request.application, now: request.services.now())
    }

    struct PaymentDraft: Sendable {
        var subjectType: String
        var subjectID: String
        var owner: PersonID
        /// The account that creates the order (the owner or a helper acting for them).
        var accountID: UUID
        var amount: Money
        var currency: PaymentCurrency = .cny
        /// Shown to the payer on the gateway's page.
        var description: String
    }

    enum Failure: Error, Equatable {
        case invalidAmount
        case invalidSubject
        case notFound
    }

    /// Creates a payable order in the caller's transaction, and the job that closes it at the gateway
    /// if it is not paid in time. The gateway sees the order when the payer opens its page (`payURL`).
    /// Idempotent per subject: while the subject has a payable or paid payment of the same amount,
    /// that one is answered instead of a second order (a retried request never charges twice).
    func createOrder(_ draft: PaymentDraft, on tx: any Database) async throws -> PaymentSnapshot {
        guard draft.amount.fen > 0, draft.amount.fen <= 100_000_000 else { throw Failure.invalidAmount }
        guard !draft.subjectType.isEmpty, draft.subjectType.count <= 40, !draft.subjectID.isEmpty,
            draft.subjectID.count <= 80
        else { throw Failure.invalidSubject }
        let existing = try await payments(subjectType: draft.subjectType, subjectID: draft.subjectID, on: tx)
        if let current = existing.last(where: {
            $0.amount == draft.amount && ($0.isPayable(at: now) || $0.status == .paid)
        }) {
            return current
        }
        let today = CalendarDate.today(in: application.services.config.serviceTimeZone, now: now)
        let record = PaymentRecord()
        record.id = UUID()
        record.orderNumber = PaymentOrderNumber.make(on: today, random: UInt64.random(in: 0...UInt64.max)).rawValue
        record.gateway = "sandbox"
        record.subjectType = draft.subjectType
        record.subjectID = draft.subjectID
        record.ownerPersonKey = draft.owner.rawValue
        record.accountID = draft.accountID.uuidString
        record.amountFen = draft.amount.fen
        record.currency = draft.currency.rawValue
        record.summary = String(draft.description.prefix(128))
        record.status = PaymentStatus.created.rawValue
        record.createdAt = now
        record.updatedAt = now
        record.expiresAt = now.addingTimeInterval(application.payments.settings.orderLifetime)
        try await record.create(on: tx)
        try await Outbox.enqueue(
            PaymentCloseJob.jobKind, PaymentCloseJob.Payload(orderNumber: record.orderNumber, cancel: false),
            dedupeKey: "payment.expire:\(record.orderNumber)", notBefore: record.expiresAt, on: tx, now: now)
        try await AuditLog(hasher: application.services.auditHasher).append(
            AuditEntryDraft(
                occurredAt: now, actor: draft.accountID.uuidString, action: "payment.created",
                subject: record.snapshot.id.uuidString, outcome: "success",
                details: [
                    "order": record.orderNumber, "amountFen": String(draft.amount.fen),
                    "subject": "\(draft.subjectType):\(draft.subjectID)",
                ]),
            on: tx)
        return record.snapshot
    }

    /// Asks for the refund of a paid payment in the caller's transaction (the `payment.refund` job
    /// does it at the gateway). Answers the domain's transition: `.ignore(.nothingToRefund)` when no
    /// money was received, `.ignore(.alreadyApplied)` when a refund is already on its way or done.
    @discardableResult
    func refund(
        orderNumber: String, reason: PaymentRefundReason, actor: String, on tx: any Database
    ) async throws
        -> PaymentTransition
    {
        let ledger = PaymentLedger(application: application, now: now, actor: actor)
        guard
            case .applied(let transition, _) = try await ledger.apply(
                .refundRequested(reason), orderNumber: orderNumber, on: tx)
        else { throw Failure.notFound }
        return transition
    }

    /// The subject no longer wants any of its money (withdrawn, rejected): paid payments are refunded,
    /// unpaid orders are closed at the gateway (a payment that races the close is refunded when it
    /// arrives, because the subject's handler answers `wantsPayment` false by then).
    func release(
        subjectType: String, subjectID: String, reason: PaymentRefundReason, actor: String, on tx: any Database
    ) async throws {
        let payments = try await PaymentRecord.query(on: tx).filter(\.$subjectType == subjectType)
            .filter(\.$subjectID == subjectID).all()
        for payment in payments {
            switch payment.paymentStatus {
            case .paid:
                try await refund(orderNumber: payment.orderNumber, reason: reason, actor: actor, on: tx)
            case .created:
                try await Outbox.enqueue(
                    PaymentCloseJob.jobKind, PaymentCloseJob.Payload(orderNumber: payment.orderNumber, cancel: true),
                    dedupeKey: "payment.cancel:\(payment.orderNumber)", on: tx, now: now)
            case .refundRequested, .refunded, .closed, .expired:
                break
            }
        }
    }

    func payment(id: UUID, on database: any Database) async throws -> PaymentSnapshot? {
        try await PaymentRecord.find(id, on: database)?.snapshot
    }

    func payments(subjectType: String, subjectID: String, on database: any Database) async throws -> [PaymentSnapshot] {
        try await PaymentRecord.query(on: database).filter(\.$subjectType == subjectType)
            .filter(\.$subjectID == subjectID).sort(\.$createdAt).all().map(\.snapshot)
    }

    /// Opens the order at the gateway (idempotent) and answers the gateway's page for the payer.
    func payURL(for payment: PaymentSnapshot, language: Language) async throws -> String {
        guard let orderNumber = PaymentOrderNumber(payment.orderNumber) else { throw Failure.notFound }
        let gateway = application.payments.gateway(on: application.db, now: { [now] in now })
        let record = try await PaymentRecord.find(payment.id, on: application.db)
        let order = try await gateway.createOrder(
            GatewayOrderRequest(
                orderNumber: orderNumber, amount: payment.amount, currency: .cny, description: record?.summary ?? "",
                expiresAt: payment.expiresAt, returnPath: PaymentPagesController.path(payment.id)))
        return order.payURL + "?lang=\(language.rawValue)"
    }
}
