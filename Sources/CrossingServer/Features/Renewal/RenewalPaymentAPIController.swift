import CrossingDomain
import Fluent
import Foundation
import Vapor

/// POST /api/v1/renewals/{number}/payment: the payable order of an approved application. The order
/// made at approval lasts `PAYMENT_ORDER_MINUTES`; the applicant has 7 days to pay, so this makes a
/// new order when the last one expired or was closed (never a second one while one can be paid or was
/// paid: `PaymentService.createOrder` answers that one). 409 when the application is not waiting for
/// payment. The answer is the payment (`/api/v1/payments/{id}`), whose `payUrl` leads to the gateway.
struct RenewalPaymentAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("renewals").on(.POST, ":number", "payment", body: .collect(maxSize: "1kb"), use: payment)
    }

    func payment(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = RenewalService(request)
        let record = try await service.application(request.parameters.get("number") ?? "", for: account)
        let payment = try await service.payableOrder(record)
        let response = Response(status: .seeOther)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/payments/\(payment.id.uuidString)")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

extension RenewalService {
    /// The order to pay an approved application with: the current payable one, or a new one.
    func payableOrder(_ record: RenewalApplicationRecord) async throws -> PaymentSnapshot {
        let number = record.number
        let now = now
        let language = language
        return try await database.writeTransaction { tx in
            try await RenewalTransitions(application: application, now: now).lock(number, on: tx)
            guard let current = try await RenewalApplicationRecord.query(on: tx).filter(\.$number == number).first(),
                current.applicationStatus == .approved
            else {
                throw Problem(
                    .conflict,
                    detail: LocalizedText(
                        zh: "该申请当前无需缴费", en: "This application is not waiting for payment"
                    ).text(in: language))
            }
            return try await PaymentService(application: application, now: now).createOrder(
                .init(
                    subjectType: RenewalTransitions.subjectType, subjectID: number, owner: current.owner,
                    accountID: UUID(uuidString: current.accountID) ?? UUID(), amount: current.fee,
                    description: "\(current.renewalDocument.name.zh) \(current.renewalDocument.name.en) \(number)"),
                on: tx)
        }
    }
}
