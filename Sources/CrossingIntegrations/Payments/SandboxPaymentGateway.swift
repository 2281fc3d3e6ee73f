import CrossingDomain
import Foundation

/// What the payer picks on the sandbox's hosted page, besides pay / decline / abandon: how the
/// sandbox then behaves (docs/SANDBOXES.md lists each).
public enum SandboxPaymentScenario: String, Sendable, Codable, CaseIterable {
    /// One TRADE_SUCCESS notification, sent at once, retried until acknowledged.
    case normal
    /// The same notification (same notify_id and content) delivered three times.
    case duplicate
    /// TRADE_SUCCESS, then older WAIT_BUYER_PAY and TRADE_CLOSED notifications arriving after it.
    case outOfOrder = "out-of-order"
    /// TRADE_SUCCESS delivered two hours late.
    case late
    /// The first query and the first refund of this trade time out (the refund is made; its answer is lost).
    case gatewayTimeout = "gateway-timeout"
}

/// One trade in the sandbox gateway's own books.
public struct SandboxTrade: Hashable, Sendable {
    public var orderNumber: String
    public var tradeNumber: String
    public var amount: Money
    public var currency: String
    public var summary: String
    public var status: GatewayTradeStatus
    public var scenario: SandboxPaymentScenario
    public var returnPath: String
    public var createdAt: Date
    public var expiresAt: Date
    public var paidAt: Date?
    public var closedAt: Date?
    public var refundedAmount: Money
    public var queryFaultsLeft: Int
    public var refundFaultsLeft: Int
    public var declines: Int

    public init(
        orderNumber: String, tradeNumber: String, amount: Money, currency: String, summary: String,
        status: GatewayTradeStatus, scenario: SandboxPaymentScenario, returnPath: String, createdAt: Date,
        expiresAt: Date, paidAt: Date? = nil, closedAt: Date? = nil, refundedAmount: Money = .zero,
        queryFaultsLeft: Int = 0, refundFaultsLeft: Int = 0, declines: Int = 0
    ) {
        self.orderNumber = orderNumber
        self.tradeNumber = tradeNumber
        self.amount = amount
        self.currency = currency
        self.summary = summary
        self.status = status
        self.scenario = scenario
        self.returnPath = returnPath
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.paidAt = paidAt
        self.closedAt = closedAt
        self.refundedAmount = refundedAmount
        self.queryFaultsLeft = queryFaultsLeft
        self.refundFaultsLeft = refundFaultsLeft
        self.declines = declines
    }
}

public struct SandboxRefundRecord: Hashable, Sendable {
    public var refundNumber: String
    public var orderNumber: String
    public var amount: Money
    public var refundedAt: Date

    public init(refundNumber: String, orderNumber: String, amount: Money, refundedAt: Date) {
        self.refundNumber = refundNumber
        self.orderNumber = orderNumber
        self.amount = amount
        self.refundedAt = refundedAt
    }
}

/// Where the sandbox keeps its books (database tables `sandbox_payment_*` in the server, so they
/// survive restarts and are shared by every instance).
public protocol SandboxPaymentBook: Sendable {
    func trade(_ orderNumber: String) async throws -> SandboxTrade?
    /// false when a trade with that order number exists.
    func insert(_ trade: SandboxTrade) async throws -> Bool
    func save(_ trade: SandboxTrade) async throws
    func refund(_ refundNumber: String) async throws -> SandboxRefundRecord?
    func insert(_ refund: SandboxRefundRecord) async throws
    func trades(paidFrom start: Date, before end: Date) async throws -> [SandboxTrade]
}

/// A notification the sandbox sends, to be delivered after `delay` (and retried until acknowledged).
public struct SandboxNotificationDelivery: Hashable, Sendable {
    public var notifyID: String
    /// 1 for the first delivery of this notify ID; 2, 3 for deliberate duplicates.
    public var copy: Int
    public var delay: TimeInterval
    public var body: Data
}

/// A sandbox that behaves like Alipay / WeChat Pay: its own books, a hosted payment page (served by
/// the server), signed asynchronous notifications, duplicates, late and out-of-order delivery, and
/// a gateway that times out on request. It signs with its own key; `verifyNotification` checks with
/// the public key our side was configured with, as a live adapter would.
public struct SandboxPaymentGateway: PaymentGateway {
    public let name = "sandbox"
    public static let hostedPagePrefix = "/sandbox/pay/"
    public static let lateDelay: TimeInterval = 2 * 3600

    var book: any SandboxPaymentBook
    var signingKey: PaymentSigningKey
    var verificationKey: PaymentVerificationKey
    var now: @Sendable () -> Date

    public init(
        book: any SandboxPaymentBook, signingKey: PaymentSigningKey, verificationKey: PaymentVerificationKey,
        now: @escaping @Sendable () -> Date
    ) {
        self.book = book
        self.signingKey = signingKey
        self.verificationKey = verificationKey
        self.now = now
    }

    public func createOrder(_ request: GatewayOrderRequest) async throws -> GatewayOrder {
        let number = request.orderNumber.rawValue
        let page = GatewayOrder(orderNumber: request.orderNumber, payURL: Self.hostedPagePrefix + number)
        if let existing = try await book.trade(number) {
            guard existing.amount == request.amount else { throw PaymentGatewayError.orderConflict }
            return page
        }
        let trade = SandboxTrade(
            orderNumber: number, tradeNumber: Self.tradeNumber(now()), amount: request.amount,
            currency: request.currency.rawValue, summary: request.description, status: .waitBuyerPay,
            scenario: .normal, returnPath: request.returnPath, createdAt: now(), expiresAt: request.expiresAt)
        if try await !book.insert(trade) {
            // Another request opened it first; same answer if it is the same order.
            guard try await book.trade(number)?.amount == request.amount else {
                throw PaymentGatewayError.orderConflict
            }
        }
        return page
    }

    public func query(_ orderNumber: PaymentOrderNumber) async throws -> GatewayTrade? {
        guard var trade = try await book.trade(orderNumber.rawValue) else { return nil }
        if trade.queryFaultsLeft > 0 {
            trade.queryFaultsLeft -= 1
            try await book.save(trade)
            throw PaymentGatewayError.timeout
        }
        return Self.gatewayTrade(trade)
    }

    public func close(_ orderNumber: PaymentOrderNumber) async throws -> GatewayCloseResult {
        guard var trade = try await book.trade(orderNumber.rawValue) else { return .notFound }
        switch trade.status {
        case .success, .finished:
            return .alreadyPaid(Self.gatewayTrade(trade))
        case .closed:
            return trade.paidAt == nil ? .closed : .alreadyPaid(Self.gatewayTrade(trade))
        case .waitBuyerPay:
            trade.status = .closed
            trade.closedAt = now()
            try await book.save(trade)
            return .closed
        }
    }

    public func refund(_ request: GatewayRefundRequest) async throws -> GatewayRefund {
        if let done = try await book.refund(request.refundNumber) {
            guard done.amount == request.amount, done.orderNumber == request.orderNumber.rawValue else {
                throw PaymentGatewayError.orderConflict
            }
            return GatewayRefund(
                refundNumber: done.refundNumber, amount: done.amount, refundedAt: done.refundedAt, wasDuplicate: true)
        }
        guard var trade = try await book.trade(request.orderNumber.rawValue) else {
            throw PaymentGatewayError.tradeNotFound
        }
        guard trade.paidAt != nil else { throw PaymentGatewayError.tradeNotPaid }
        guard request.amount.fen > 0, request.amount <= trade.amount - trade.refundedAmount else {
            throw PaymentGatewayError.rejected("REFUND_AMT_NOT_EQUAL_TOTAL")
        }
        let record = SandboxRefundRecord(
            refundNumber: request.refundNumber, orderNumber: trade.orderNumber, amount: request.amount,
            refundedAt: now())
        try await book.insert(record)
        trade.refundedAmount = trade.refundedAmount + request.amount
        if trade.refundedAmount == trade.amount {
            trade.status = .closed
            trade.closedAt = now()
        }
        let losesAnswer = trade.refundFaultsLeft > 0
        if losesAnswer { trade.refundFaultsLeft -= 1 }
        try await book.save(trade)
        // The refund is made, but the answer never reaches the caller: the retry must not refund again.
        if losesAnswer { throw PaymentGatewayError.timeout }
        return GatewayRefund(
            refundNumber: record.refundNumber, amount: record.amount, refundedAt: record.refundedAt,
            wasDuplicate: false)
    }

    public func verifyNotification(_ body: Data) throws -> PaymentNotification {
        try PaymentNotificationFormat.notification(from: body, key: verificationKey)
    }

    public func statement(for date: CalendarDate, timeZone: TimeZone) async throws -> [StatementLine] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)),
            let end = calendar.date(byAdding: .day, value: 1, to: start)
        else { return [] }
        return try await book.trades(paidFrom: start, before: end).map { trade in
            StatementLine(
                orderNumber: trade.orderNumber, tradeNumber: trade.tradeNumber, amount: trade.amount,
                status: trade.refundedAmount == trade.amount ? .refunded : .paid)
        }
        .sorted { $0.orderNumber < $1.orderNumber }
    }

    // MARK: The payer on the hosted page

    public enum PayerError: Error, Equatable {
        case unknownOrder
        /// Paid, closed or past its time limit.
        case notPayable(GatewayTradeStatus)
    }

    public func trade(_ orderNumber: String) async throws -> SandboxTrade? { try await book.trade(orderNumber) }

    /// The payer pays: the trade succeeds and the notifications of `scenario` are answered for delivery.
    public func pay(
        _ orderNumber: String, scenario: SandboxPaymentScenario
    ) async throws
        -> [SandboxNotificationDelivery]
    {
        guard var trade = try await book.trade(orderNumber) else { throw PayerError.unknownOrder }
        let at = now()
        if trade.status == .waitBuyerPay, at > trade.expiresAt {
            trade.status = .closed
            trade.closedAt = trade.expiresAt
            try await book.save(trade)
        }
        guard trade.status == .waitBuyerPay else { throw PayerError.notPayable(trade.status) }
        trade.status = .success
        trade.paidAt = at
        apply(scenario, to: &trade)
        try await book.save(trade)
        return try deliveries(for: trade)
    }

    /// The payer's bank declines (e.g. insufficient balance): the trade stays open, nothing is sent.
    public func decline(_ orderNumber: String, scenario: SandboxPaymentScenario) async throws {
        guard var trade = try await book.trade(orderNumber) else { throw PayerError.unknownOrder }
        guard trade.status == .waitBuyerPay else { throw PayerError.notPayable(trade.status) }
        trade.declines += 1
        apply(scenario, to: &trade)
        try await book.save(trade)
    }

    /// The payer gives up: the trade stays open until the merchant closes it or it times out.
    public func abandon(_ orderNumber: String, scenario: SandboxPaymentScenario) async throws {
        guard var trade = try await book.trade(orderNumber) else { throw PayerError.unknownOrder }
        guard trade.status == .waitBuyerPay else { throw PayerError.notPayable(trade.status) }
        apply(scenario, to: &trade)
        try await book.save(trade)
    }

    private func apply(_ scenario: SandboxPaymentScenario, to trade: inout SandboxTrade) {
        trade.scenario = scenario
        if scenario == .gatewayTimeout {
            trade.queryFaultsLeft = 1
            trade.refundFaultsLeft = 1
        }
    }

    func deliveries(for trade: SandboxTrade) throws -> [SandboxNotificationDelivery] {
        let paidAt = trade.paidAt ?? now()
        func make(
            _ status: GatewayTradeStatus, at time: Date, delay: TimeInterval, copies: [Int] = [1]
        )
            throws -> [SandboxNotificationDelivery]
        {
            let notifyID = Self.notifyID(trade, status)
            let body = try PaymentNotificationFormat.body(
                notifyID: notifyID, notifyTime: time, orderNumber: trade.orderNumber, tradeNumber: trade.tradeNumber,
                status: status, amount: trade.amount, currency: trade.currency,
                paidAt: status.meansPaid ? paidAt : nil, key: signingKey)
            return copies.map { copy in
                SandboxNotificationDelivery(
                    notifyID: notifyID, copy: copy, delay: delay + Double(copy - 1) * 30, body: body)
            }
        }
        switch trade.scenario {
        case .normal, .gatewayTimeout:
            return try make(.success, at: paidAt, delay: 0)
        case .duplicate:
            return try make(.success, at: paidAt, delay: 0, copies: [1, 2, 3])
        case .outOfOrder:
            return try make(.success, at: paidAt, delay: 0)
                + make(.waitBuyerPay, at: trade.createdAt, delay: 30)
                + make(.closed, at: trade.createdAt, delay: 60)
        case .late:
            return try make(.success, at: paidAt.addingTimeInterval(Self.lateDelay), delay: Self.lateDelay)
        }
    }

    static func gatewayTrade(_ trade: SandboxTrade) -> GatewayTrade {
        GatewayTrade(
            orderNumber: trade.orderNumber, tradeNumber: trade.tradeNumber,
            status: trade.status, amount: trade.amount, paidAt: trade.paidAt, refundedAmount: trade.refundedAmount)
    }

    /// Like Alipay's 28-digit trade numbers: date, then random digits.
    static func tradeNumber(_ date: Date) -> String {
        let day = CalendarDate.today(in: PaymentNotificationFormat.timeZone, now: date).iso
            .replacingOccurrences(of: "-", with: "")
        let digits = (0..<20).map { _ in String(Int.random(in: 0...9)) }.joined()
        return day + digits
    }

    /// One notify ID per trade and status: a retry or a deliberate duplicate carries the same ID.
    static func notifyID(_ trade: SandboxTrade, _ status: GatewayTradeStatus) -> String {
        let short: String
        switch status {
        case .success: short = "s"
        case .finished: short = "f"
        case .closed: short = "c"
        case .waitBuyerPay: short = "w"
        }
        return "sbx\(trade.tradeNumber)\(short)"
    }
}
