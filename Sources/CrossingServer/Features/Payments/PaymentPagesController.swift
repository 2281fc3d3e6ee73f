import CrossingDomain
import Fluent
import Foundation
import Vapor

/// /account/payments/{id}: the payment's status and amount, with "Pay now" while it is payable;
/// /account/payments/{id}/pay opens the order at the gateway (idempotent) and sends the payer to the
/// gateway's page. Owner or helper only (404 for anyone else).
struct PaymentPagesController: RouteCollection {
    static func path(_ id: UUID) -> String { "/account/payments/\(id.uuidString)" }

    func boot(routes: any RoutesBuilder) throws {
        let payments = routes.grouped("account", "payments")
        payments.get(":id", use: show)
        payments.get(":id", "pay", use: pay)
    }

    func show(_ request: Request) async throws -> Response {
        try await render(request, payment: try await PaymentAPIController.authorizedPayment(request), notice: nil)
    }

    func pay(_ request: Request) async throws -> Response {
        let payment = try await PaymentAPIController.authorizedPayment(request)
        let strings = request.application.payments.strings[request.language]
        guard payment.isPayable(at: request.services.now()) else {
            return try await render(request, payment: payment, notice: strings.notPayable, status: .conflict)
        }
        do {
            let url = try await PaymentService(request).payURL(for: payment, language: request.language)
            return request.redirect(to: url, redirectType: .normal)
        } catch let error as PaymentGatewayError where error.isTransient {
            return try await render(
                request, payment: payment, notice: strings.gatewayUnavailable, status: .serviceUnavailable)
        }
    }

    private func render(
        _ request: Request, payment: PaymentSnapshot, notice: String?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let strings = request.application.payments.strings[request.language]
        let record = try await PaymentRecord.find(payment.id, on: request.db)
        let zone = request.services.config.serviceTimeZone
        let context = PaymentPageContext(
            meta: Portal.meta(request, title: strings.paymentHeading, section: "account"), t: strings,
            notice: notice ?? "", description: record?.summary ?? "", orderNumber: payment.orderNumber,
            amount: payment.amount.formatted, status: strings.status(payment.status),
            statusCode: payment.status.rawValue, payable: payment.isPayable(at: request.services.now()),
            payHref: Self.path(payment.id) + "/pay", created: PaymentTime.text(payment.createdAt, zone),
            expires: PaymentTime.text(payment.expiresAt, zone),
            paid: payment.paidAt.map { PaymentTime.text($0, zone) } ?? "",
            refunded: payment.refundedAt.map { PaymentTime.text($0, zone) } ?? "",
            refundReason: payment.refundReason.map(strings.reason) ?? "")
        return try await AccountPage.render("payments/show", context, for: request, status: status)
    }
}

struct PaymentPageContext: Encodable, Sendable {
    var meta: PageMeta
    var t: PaymentStrings
    var notice: String
    var description: String
    var orderNumber: String
    var amount: String
    var status: String
    var statusCode: String
    var payable: Bool
    var payHref: String
    var created: String
    var expires: String
    var paid: String
    var refunded: String
    var refundReason: String
}

/// Times on payment pages: "2026-11-22 12:00" in the service's time zone.
enum PaymentTime {
    static func text(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }
}
