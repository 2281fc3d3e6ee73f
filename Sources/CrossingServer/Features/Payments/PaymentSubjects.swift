import CrossingDomain
import Fluent
import Foundation
import Vapor

/// What a subject's owner feature learns about its payments. Every call runs inside the transaction
/// that changes the payment (`context.database`): write the subject's own change there and it commits
/// with the payment's, or neither happens. Calls may repeat after a crash (the transaction rolled
/// back), never after a commit.
protocol PaymentSubjectHandler: Sendable {
    /// Asked when the gateway reports the money paid for a payment still waiting. Answer false when
    /// the subject no longer wants it (withdrawn, rejected): the payment is then refunded at once.
    func wantsPayment(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws -> Bool
    /// The money arrived and the subject wants it.
    func paymentPaid(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws
    /// The money went back to the payer (after a refund request, a withdrawal or a late payment).
    func paymentRefunded(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws
    /// The order was closed unpaid (expired, or cancelled by `PaymentService.release`).
    func paymentClosed(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws
}

extension PaymentSubjectHandler {
    func wantsPayment(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws -> Bool { true }
    func paymentPaid(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws {}
    func paymentRefunded(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws {}
    func paymentClosed(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws {}
}

struct PaymentSubjectContext: Sendable {
    /// The transaction that changes the payment.
    var database: any Database
    var now: Date
    var application: Application
    var logger: Logger
}

/// Handlers by subject type: `app.paymentSubjects.register(type: "application", MyHandler())` in the
/// owner feature's configure. A payment whose subject type has no handler is settled as wanted.
final class PaymentSubjectRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var handlers: [String: any PaymentSubjectHandler] = [:]

    func register(type: String, _ handler: any PaymentSubjectHandler) {
        lock.withLock { handlers[type] = handler }
    }

    func handler(for type: String) -> (any PaymentSubjectHandler)? {
        lock.withLock { handlers[type] }
    }
}

/// A handler made of closures, for small features and tests.
struct PaymentSubjectCallbacks: PaymentSubjectHandler {
    var wants: @Sendable (PaymentSnapshot, PaymentSubjectContext) async throws -> Bool = { _, _ in true }
    var paid: @Sendable (PaymentSnapshot, PaymentSubjectContext) async throws -> Void = { _, _ in }
    var refunded: @Sendable (PaymentSnapshot, PaymentSubjectContext) async throws -> Void = { _, _ in }
    var closed: @Sendable (PaymentSnapshot, PaymentSubjectContext) async throws -> Void = { _, _ in }

    func wantsPayment(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws -> Bool {
        try await wants(payment, context)
    }
    func paymentPaid(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws {
        try await paid(payment, context)
    }
    func paymentRefunded(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws {
        try await refunded(payment, context)
    }
    func paymentClosed(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws {
        try await closed(payment, context)
    }
}
