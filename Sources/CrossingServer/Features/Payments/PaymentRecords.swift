import CrossingDomain
import Fluent
import Foundation

/// One payment in our ledger. Amounts are integer fen; the order number is unique for ever.
final class PaymentRecord: Model, @unchecked Sendable {
    static let schema = "payments"

    @ID(key: .id) var id: UUID?
    @Field(key: "order_number") var orderNumber: String
    /// The gateway's short name (`sandbox`).
    @Field(key: "gateway") var gateway: String
    /// What is paid for, e.g. `application` + its ID.
    @Field(key: "subject_type") var subjectType: String
    @Field(key: "subject_id") var subjectID: String
    /// Registry person key of the person the subject belongs to (who may see the payment).
    @Field(key: "owner_person_key") var ownerPersonKey: String
    /// The account that created the order (the owner, or a helper acting for them).
    @Field(key: "account_id") var accountID: String
    @Field(key: "amount_fen") var amountFen: Int64
    @Field(key: "currency") var currency: String
    /// Shown to the payer.
    @Field(key: "description") var summary: String
    /// PaymentStatus raw value.
    @Field(key: "status") var status: String
    @OptionalField(key: "gateway_trade_number") var gatewayTradeNumber: String?
    @OptionalField(key: "refund_number") var refundNumber: String?
    @OptionalField(key: "refund_reason") var refundReason: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "paid_at") var paidAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "refund_requested_at") var refundRequestedAt: Date?
    @OptionalField(key: "refunded_at") var refundedAt: Date?

    init() {}

    var paymentStatus: PaymentStatus { PaymentStatus(rawValue: status) ?? .created }
    var amount: Money { Money(fen: amountFen) }

    var snapshot: PaymentSnapshot {
        PaymentSnapshot(
            id: id ?? UUID(), orderNumber: orderNumber, subjectType: subjectType, subjectID: subjectID,
            ownerPersonKey: ownerPersonKey, accountID: accountID, amount: amount, status: paymentStatus,
            refundReason: refundReason.flatMap(PaymentRefundReason.init(rawValue:)), createdAt: createdAt,
            expiresAt: expiresAt, paidAt: paidAt, refundedAt: refundedAt)
    }
}

/// One notification from the gateway, keyed by its notify ID: a repeat of the same ID is a no-op.
final class PaymentNotificationRecord: Model, @unchecked Sendable {
    static let schema = "payment_notifications"

    @ID(key: .id) var id: UUID?
    @Field(key: "notify_id") var notifyID: String
    @Field(key: "gateway") var gateway: String
    @Field(key: "order_number") var orderNumber: String
    @Field(key: "trade_number") var tradeNumber: String
    @Field(key: "trade_status") var tradeStatus: String
    @Field(key: "amount_fen") var amountFen: Int64
    @Field(key: "currency") var currency: String
    @Field(key: "notify_time") var notifyTime: Date
    @OptionalField(key: "paid_at") var paidAt: Date?
    /// SHA-256 of the signed content: the same ID with other content is a replay.
    @Field(key: "content_digest") var contentDigest: String
    @Field(key: "received_at") var receivedAt: Date
    @OptionalField(key: "settled_at") var settledAt: Date?

    init() {}
}

/// One reconciliation of one day's statement (the last run per date and gateway).
final class ReconciliationRunRecord: Model, @unchecked Sendable {
    static let schema = "payment_reconciliation_runs"

    @ID(key: .id) var id: UUID?
    @Field(key: "statement_date") var statementDate: String
    @Field(key: "gateway") var gateway: String
    @Field(key: "ran_at") var ranAt: Date
    @Field(key: "statement_lines") var statementLines: Int
    @Field(key: "differences") var differences: Int

    init() {}
}

/// A difference between our ledger and the gateway's statement, until a supervisor resolves it.
final class ReconciliationDifferenceRecord: Model, @unchecked Sendable {
    static let schema = "payment_reconciliation_differences"

    @ID(key: .id) var id: UUID?
    @Field(key: "statement_date") var statementDate: String
    @Field(key: "order_number") var orderNumber: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "our_amount_fen") var ourAmountFen: Int64?
    @OptionalField(key: "gateway_amount_fen") var gatewayAmountFen: Int64?
    @OptionalField(key: "our_status") var ourStatus: String?
    @OptionalField(key: "gateway_status") var gatewayStatus: String?
    @Field(key: "found_at") var foundAt: Date
    @OptionalField(key: "resolved_at") var resolvedAt: Date?
    /// Account ID of the supervisor or administrator.
    @OptionalField(key: "resolved_by") var resolvedBy: String?
    @OptionalField(key: "resolution_note") var resolutionNote: String?

    init() {}
}

/// A payment as other features see it (the subject listeners, the API).
struct PaymentSnapshot: Sendable, Equatable {
    var id: UUID
    var orderNumber: String
    var subjectType: String
    var subjectID: String
    var ownerPersonKey: String
    var accountID: String
    var amount: Money
    var status: PaymentStatus
    var refundReason: PaymentRefundReason?
    var createdAt: Date
    var expiresAt: Date
    var paidAt: Date?
    var refundedAt: Date?

    /// The payer may still pay: created and within its time.
    func isPayable(at now: Date) -> Bool { status == .created && now < expiresAt }
}
