import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Vapor

/// The sandbox gateway's hosted payment page, /sandbox/pay/{order}: the payer pays, declines or
/// gives up, and picks a test scenario. Paying schedules the gateway's signed notifications through
/// the outbox (`SandboxCallbacks`) in the transaction that marks the trade paid, so they are retried
/// until our notify endpoint acknowledges them. This page stands for another site: no session, no
/// CSRF; it exists only where sandboxes are allowed.
struct SandboxPaymentPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pay = routes.grouped("sandbox", "pay")
        pay.get(":order", use: show)
        pay.post(":order", use: submit)
    }

    struct Form: Content {
        var outcome: String?
        var scenario: String?
    }

    func show(_ request: Request) async throws -> Response {
        let trade = try await trade(request)
        return try await render(request, trade: trade, state: .open, errors: [])
    }

    func submit(_ request: Request) async throws -> Response {
        var trade = try await trade(request)
        let form = (try? request.content.decode(Form.self)) ?? Form()
        let strings = request.application.payments.strings[request.language]
        guard let outcome = form.outcome, ["pay", "decline", "abandon"].contains(outcome),
            let scenario = SandboxPaymentScenario(rawValue: form.scenario ?? "")
        else {
            return try await render(
                request, trade: trade, state: .open,
                errors: [.init(field: "scenario", message: strings.outcomeInvalid)],
                status: .badRequest)
        }
        let now = request.services.now()
        let runtime = request.application.payments
        let orderNumber = trade.orderNumber
        do {
            switch outcome {
            case "pay":
                try await request.db.transaction { tx in
                    try await SQLSandboxPaymentBook(database: tx).lock(orderNumber)
                    let deliveries = try await runtime.sandbox(on: tx, now: { now })
                        .pay(orderNumber, scenario: scenario)
                    for delivery in deliveries {
                        try await SandboxCallbacks.schedule(
                            SandboxCallback(
                                path: PaymentNotifyController.path, contentType: "application/x-www-form-urlencoded",
                                body: delivery.body, acknowledgement: PaymentNotifyController.acknowledgement),
                            dedupeKey: "sandbox-pay:\(delivery.notifyID):\(delivery.copy)",
                            notBefore: now.addingTimeInterval(delivery.delay), on: tx, now: now)
                    }
                }
                trade = try await self.trade(request)
                return try await render(request, trade: trade, state: .paid, errors: [])
            case "decline":
                try await runtime.sandbox(on: request.db, now: { now }).decline(trade.orderNumber, scenario: scenario)
                return try await render(request, trade: trade, state: .declined, errors: [], status: .paymentRequired)
            default:
                try await runtime.sandbox(on: request.db, now: { now }).abandon(trade.orderNumber, scenario: scenario)
                return request.redirect(to: trade.returnPath, redirectType: .normal)
            }
        } catch SandboxPaymentGateway.PayerError.notPayable {
            trade = try await self.trade(request)
            return try await render(request, trade: trade, state: .notPayable, errors: [], status: .conflict)
        }
    }

    private func trade(_ request: Request) async throws -> SandboxTrade {
        let now = request.services.now()
        guard let order = request.parameters.get("order"), PaymentOrderNumber(order) != nil,
            let trade = try await request.application.payments.sandbox(on: request.db, now: { now }).trade(order)
        else { throw Problem.notFound("That sandbox trade") }
        return trade
    }

    enum State: String {
        case open, paid, declined, notPayable = "not-payable"
    }

    private func render(
        _ request: Request, trade: SandboxTrade, state: State, errors: [FieldErrorView],
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let strings = request.application.payments.strings[request.language]
        let labels: [SandboxPaymentScenario: String] = [
            .normal: strings.scenarioNormal, .duplicate: strings.scenarioDuplicate,
            .outOfOrder: strings.scenarioOutOfOrder, .late: strings.scenarioLate,
            .gatewayTimeout: strings.scenarioGatewayTimeout,
        ]
        let open = trade.status == .waitBuyerPay && request.services.now() <= trade.expiresAt
        let context = SandboxCheckoutContext(
            meta: Portal.meta(request, title: strings.sandboxHeading, section: ""), t: strings, errors: errors,
            state: open || state != .open ? state.rawValue : State.notPayable.rawValue,
            action: SandboxPaymentGateway.hostedPagePrefix + trade.orderNumber, orderNumber: trade.orderNumber,
            tradeNumber: trade.tradeNumber, summary: trade.summary, amount: trade.amount.formatted,
            tradeStatus: trade.status.rawValue, returnPath: AccountPage.safeNext(trade.returnPath),
            scenarios: SandboxPaymentScenario.allCases.map {
                OptionView(value: $0.rawValue, label: labels[$0] ?? $0.rawValue, selected: $0 == .normal)
            })
        return try await AccountPage.render("payment-sandbox/checkout", context, for: request, status: status)
    }
}

struct SandboxCheckoutContext: Encodable, Sendable {
    var meta: PageMeta
    var t: PaymentStrings
    var errors: [FieldErrorView]
    /// open | paid | declined | not-payable
    var state: String
    var action: String
    var orderNumber: String
    var tradeNumber: String
    var summary: String
    var amount: String
    var tradeStatus: String
    var returnPath: String
    var scenarios: [OptionView]
}
