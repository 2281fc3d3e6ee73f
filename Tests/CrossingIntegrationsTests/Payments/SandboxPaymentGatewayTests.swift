import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

/// The sandbox's books in memory, for testing the gateway without a database.
actor MemoryPaymentBook: SandboxPaymentBook {
    var trades: [String: SandboxTrade] = [:]
    var refunds: [String: SandboxRefundRecord] = [:]

    func trade(_ orderNumber: String) async throws -> SandboxTrade? { trades[orderNumber] }
    func insert(_ trade: SandboxTrade) async throws -> Bool {
        guard trades[trade.orderNumber] == nil else { return false }
        trades[trade.orderNumber] = trade
        return true
    }
    func save(_ trade: SandboxTrade) async throws { trades[trade.orderNumber] = trade }
    func refund(_ refundNumber: String) async throws -> SandboxRefundRecord? { refunds[refundNumber] }
    func insert(_ refund: SandboxRefundRecord) async throws { refunds[refund.refundNumber] = refund }
    func trades(paidFrom start: Date, before end: Date) async throws -> [SandboxTrade] {
        trades.values.filter { ($0.paidAt.map { $0 >= start && $0 < end }) ?? false }
    }
}

@Suite("Sandbox payment gateway")
struct SandboxPaymentGatewayTests {
    static let now = Date(timeIntervalSince1970: 1_795_320_000)
    static let order = PaymentOrderNumber.make(on: CalendarDate(daysSince1970: 20_779), random: 0xABC)
    static let fee = Money(yuan: 120)

    static func gateway(
        _ book: MemoryPaymentBook = MemoryPaymentBook(), key: PaymentSigningKey = .generate()
    )
        -> SandboxPaymentGateway
    {
        SandboxPaymentGateway(book: book, signingKey: key, verificationKey: key.verificationKey, now: { now })
    }

    static func open(_ gateway: SandboxPaymentGateway, amount: Money = fee) async throws -> GatewayOrder {
        try await gateway.createOrder(
            GatewayOrderRequest(
                orderNumber: order, amount: amount, currency: .cny, description: "Passport renewal",
                expiresAt: now.addingTimeInterval(1800), returnPath: "/account/payments/x"))
    }

    @Test func creatingAnOrderTwiceAnswersTheSamePageAndADifferentAmountConflicts() async throws {
        let gateway = Self.gateway()
        let first = try await Self.open(gateway)
        #expect(first.payURL == "/sandbox/pay/CX202611220000000000000ABC")
        #expect(try await Self.open(gateway) == first)
        await #expect(throws: PaymentGatewayError.orderConflict) {
            try await Self.open(gateway, amount: Money(yuan: 1))
        }
    }

    @Test func payingSendsOneSignedSuccessNotification() async throws {
        let gateway = Self.gateway()
        _ = try await Self.open(gateway)
        let deliveries = try await gateway.pay(Self.order.rawValue, scenario: .normal)
        #expect(deliveries.count == 1)
        let notification = try gateway.verifyNotification(try #require(deliveries.first).body)
        #expect(notification.tradeStatus == .success)
        #expect(notification.amount == Self.fee)
        #expect(try await gateway.query(Self.order)?.status == .success)
        await #expect(throws: SandboxPaymentGateway.PayerError.notPayable(.success)) {
            _ = try await gateway.pay(Self.order.rawValue, scenario: .normal)
        }
    }

    @Test func theDuplicateScenarioSendsTheSameNotificationThreeTimes() async throws {
        let gateway = Self.gateway()
        _ = try await Self.open(gateway)
        let deliveries = try await gateway.pay(Self.order.rawValue, scenario: .duplicate)
        #expect(deliveries.map(\.copy) == [1, 2, 3])
        #expect(Set(deliveries.map(\.notifyID)).count == 1)
        #expect(Set(deliveries.map(\.body)).count == 1)
    }

    @Test func theOutOfOrderScenarioSendsOlderNewsAfterSuccess() async throws {
        let gateway = Self.gateway()
        _ = try await Self.open(gateway)
        let deliveries = try await gateway.pay(Self.order.rawValue, scenario: .outOfOrder)
        let statuses = try deliveries.sorted { $0.delay < $1.delay }.map {
            try gateway.verifyNotification($0.body).tradeStatus
        }
        #expect(statuses == [.success, .waitBuyerPay, .closed])
        #expect(Set(deliveries.map(\.notifyID)).count == 3)
    }

    @Test func theLateScenarioDelaysTheNotificationTwoHours() async throws {
        let gateway = Self.gateway()
        _ = try await Self.open(gateway)
        let deliveries = try await gateway.pay(Self.order.rawValue, scenario: .late)
        #expect(deliveries.map(\.delay) == [SandboxPaymentGateway.lateDelay])
    }

    @Test func aDeclineLeavesTheTradeOpenAndSendsNothing() async throws {
        let book = MemoryPaymentBook()
        let gateway = Self.gateway(book)
        _ = try await Self.open(gateway)
        try await gateway.decline(Self.order.rawValue, scenario: .normal)
        #expect(try await gateway.query(Self.order)?.status == .waitBuyerPay)
        #expect(await book.trades[Self.order.rawValue]?.declines == 1)
    }

    @Test func aTimedOutGatewayTimesOutOnceForQueryAndRefundAndTheRefundIsMadeOnce() async throws {
        let book = MemoryPaymentBook()
        let gateway = Self.gateway(book)
        _ = try await Self.open(gateway)
        _ = try await gateway.pay(Self.order.rawValue, scenario: .gatewayTimeout)
        await #expect(throws: PaymentGatewayError.timeout) { _ = try await gateway.query(Self.order) }
        #expect(try await gateway.query(Self.order)?.status == .success)
        let request = GatewayRefundRequest(
            orderNumber: Self.order, refundNumber: Self.order.refundNumber, amount: Self.fee, reason: "test")
        await #expect(throws: PaymentGatewayError.timeout) { _ = try await gateway.refund(request) }
        let retried = try await gateway.refund(request)
        #expect(retried.wasDuplicate)
        #expect(await book.refunds.count == 1)
        #expect(try await gateway.query(Self.order)?.refundedAmount == Self.fee)
        #expect(try await gateway.query(Self.order)?.status == .closed)
    }

    @Test func refundsNeedAPaidTrade() async throws {
        let gateway = Self.gateway()
        _ = try await Self.open(gateway)
        let request = GatewayRefundRequest(
            orderNumber: Self.order, refundNumber: "R1", amount: Self.fee, reason: "test")
        await #expect(throws: PaymentGatewayError.tradeNotPaid) { _ = try await gateway.refund(request) }
    }

    @Test func closingAnUnpaidTradeClosesItAndAPaidOneAnswersThePayment() async throws {
        let gateway = Self.gateway()
        #expect(try await gateway.close(Self.order) == .notFound)
        _ = try await Self.open(gateway)
        #expect(try await gateway.close(Self.order) == .closed)
        await #expect(throws: SandboxPaymentGateway.PayerError.notPayable(.closed)) {
            _ = try await gateway.pay(Self.order.rawValue, scenario: .normal)
        }
        let other = Self.gateway()
        _ = try await Self.open(other)
        _ = try await other.pay(Self.order.rawValue, scenario: .normal)
        guard case .alreadyPaid(let trade) = try await other.close(Self.order) else {
            Issue.record("a paid trade must not close")
            return
        }
        #expect(trade.status == .success)
    }

    @Test func theStatementListsTradesPaidThatDay() async throws {
        let gateway = Self.gateway()
        _ = try await Self.open(gateway)
        _ = try await gateway.pay(Self.order.rawValue, scenario: .normal)
        let zone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let today = try #require(CalendarDate(iso: "2026-11-22"))
        let lines = try await gateway.statement(for: today, timeZone: zone)
        #expect(lines.map(\.orderNumber) == [Self.order.rawValue])
        #expect(lines.first?.status == .paid)
        #expect(try await gateway.statement(for: today.adding(days: 1), timeZone: zone).isEmpty)
    }
}
