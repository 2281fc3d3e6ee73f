import CrossingDomain
import Fluent
import Foundation
import Vapor

/// GET /api/v1/payments/{id}: one payment, for its owner or a helper acting for them (404 for
/// anyone else, and for IDs that do not exist).
struct PaymentAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("payments", ":id", use: show)
    }

    struct PaymentDocument: Content {
        var id: String
        var orderNumber: String
        var subjectType: String
        var subjectId: String
        var amountFen: Int64
        var amount: String
        var currency: String
        var status: String
        var payable: Bool
        /// Where the payer goes to pay (the portal redirects to the gateway's page); only while payable.
        var payUrl: String?
        var refundReason: String?
        /// ISO 8601, UTC.
        var createdAt: String
        var expiresAt: String
        var paidAt: String?
        var refundedAt: String?
    }

    func show(_ request: Request) async throws -> Response {
        let payment = try await Self.authorizedPayment(request)
        let payable = payment.isPayable(at: request.services.now())
        let document = PaymentDocument(
            id: payment.id.uuidString, orderNumber: payment.orderNumber, subjectType: payment.subjectType,
            subjectId: payment.subjectID, amountFen: payment.amount.fen, amount: payment.amount.yuanString,
            currency: PaymentCurrency.cny.rawValue, status: payment.status.rawValue, payable: payable,
            payUrl: payable ? PaymentPagesController.path(payment.id) + "/pay" : nil,
            refundReason: payment.refundReason?.rawValue, createdAt: Self.iso(payment.createdAt),
            expiresAt: Self.iso(payment.expiresAt), paidAt: payment.paidAt.map(Self.iso),
            refundedAt: payment.refundedAt.map(Self.iso))
        let response = try await document.encodeResponse(for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// The payment named by the `id` parameter, if the signed-in person may see it; 404 otherwise.
    static func authorizedPayment(_ request: Request) async throws -> PaymentSnapshot {
        _ = try request.requireAccount()
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let payment = try await PaymentService(request).payment(id: id, on: request.db)
        else { throw Problem.notFound("That payment") }
        _ = try request.authorizeOwnerOrHelper(of: PersonID(payment.ownerPersonKey))
        return payment
    }
}
