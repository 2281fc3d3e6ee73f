import Foundation

/// Our order number for one payment (Alipay `out_trade_no`, WeChat Pay `out_trade_no`): unique for
/// ever, 6–32 characters of letters, digits and `_`/`-` (the narrower of the two gateways' rules).
public struct PaymentOrderNumber: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    public init?(_ rawValue: String) {
        guard (6...32).contains(rawValue.count),
            rawValue.unicodeScalars.allSatisfy({ $0.isASCIIAlphanumeric || $0 == "_" || $0 == "-" })
        else { return nil }
        self.rawValue = rawValue
    }

    /// `CX` + Beijing date `yyyyMMdd` + 16 random hexadecimal digits, e.g. `CX20261122A1B2C3D4E5F60718`.
    public static func make(on date: CalendarDate, random: UInt64) -> PaymentOrderNumber {
        let digits = String(random, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 16 - digits.count)) + digits
        let day = date.iso.replacingOccurrences(of: "-", with: "")
        guard let number = PaymentOrderNumber("CX" + day + padded) else {
            preconditionFailure("a generated order number is always valid")
        }
        return number
    }

    /// The refund number of this order's (single, full) refund: one per order, so a retried refund
    /// request is recognised by the gateway as the same refund.
    public var refundNumber: String { "RF" + rawValue.dropFirst(2) }

    public var description: String { rawValue }

    public static func < (lhs: PaymentOrderNumber, rhs: PaymentOrderNumber) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let number = PaymentOrderNumber(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "order number"))
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}

/// Payments are in Chinese yuan only (both gateways settle domestic payments in CNY).
public enum PaymentCurrency: String, Sendable, Codable, CaseIterable {
    case cny = "CNY"
}

/// A gateway's view of one trade (Alipay's trade_status names; WeChat Pay's map onto them:
/// NOTPAY → waitBuyerPay, SUCCESS → success, CLOSED/REVOKED/PAYERROR → closed).
public enum GatewayTradeStatus: String, Sendable, Codable, CaseIterable {
    case waitBuyerPay = "WAIT_BUYER_PAY"
    case success = "TRADE_SUCCESS"
    /// Paid and no longer refundable (after the refund period).
    case finished = "TRADE_FINISHED"
    /// Unpaid and closed (timeout or merchant close), or fully refunded.
    case closed = "TRADE_CLOSED"

    public var meansPaid: Bool { self == .success || self == .finished }
}

/// A notification whose signature was verified, parsed into typed fields.
public struct PaymentNotification: Hashable, Sendable, Codable {
    /// The gateway's ID of this notification; retries of one notification carry the same ID.
    public var notifyID: String
    public var notifyTime: Date
    public var orderNumber: PaymentOrderNumber
    public var tradeNumber: String
    public var tradeStatus: GatewayTradeStatus
    public var amount: Money
    public var currency: String
    public var paidAt: Date?
    /// SHA-256 (hex) of the canonical signed content: a replay with the same ID but other content differs here.
    public var contentDigest: String

    public init(
        notifyID: String, notifyTime: Date, orderNumber: PaymentOrderNumber, tradeNumber: String,
        tradeStatus: GatewayTradeStatus, amount: Money, currency: String, paidAt: Date?, contentDigest: String
    ) {
        self.notifyID = notifyID
        self.notifyTime = notifyTime
        self.orderNumber = orderNumber
        self.tradeNumber = tradeNumber
        self.tradeStatus = tradeStatus
        self.amount = amount
        self.currency = currency
        self.paidAt = paidAt
        self.contentDigest = contentDigest
    }
}

/// Why a notification body was refused before it reached our ledger.
public enum PaymentNotificationRejection: String, Error, Sendable, Equatable, CaseIterable {
    /// Not form-encoded, a field missing or malformed.
    case malformed
    /// The signature does not verify with the gateway's public key.
    case forged
    /// notify_time outside the accepted window (an old message played again, or a clock far ahead).
    case stale
    /// The notify ID was seen before with different content.
    case replayed
    case unknownOrder = "unknown-order"
    case amountMismatch = "amount-mismatch"
    case currencyMismatch = "currency-mismatch"
}

/// What we ask the gateway to open.
public struct GatewayOrderRequest: Hashable, Sendable {
    public var orderNumber: PaymentOrderNumber
    public var amount: Money
    public var currency: PaymentCurrency
    /// Shown to the payer, e.g. "护照换发 Passport renewal".
    public var description: String
    /// The gateway closes the trade by itself after this (Alipay `time_expire`).
    public var expiresAt: Date
    /// Where the payer goes back to after paying (our status page).
    public var returnPath: String

    public init(
        orderNumber: PaymentOrderNumber, amount: Money, currency: PaymentCurrency, description: String,
        expiresAt: Date, returnPath: String
    ) {
        self.orderNumber = orderNumber
        self.amount = amount
        self.currency = currency
        self.description = description
        self.expiresAt = expiresAt
        self.returnPath = returnPath
    }
}

public struct GatewayOrder: Hashable, Sendable {
    public var orderNumber: PaymentOrderNumber
    /// The gateway's page where the payer pays.
    public var payURL: String

    public init(orderNumber: PaymentOrderNumber, payURL: String) {
        self.orderNumber = orderNumber
        self.payURL = payURL
    }
}

/// A trade as the gateway's query answers it.
public struct GatewayTrade: Hashable, Sendable {
    public var orderNumber: String
    public var tradeNumber: String
    public var status: GatewayTradeStatus
    public var amount: Money
    public var paidAt: Date?
    public var refundedAmount: Money

    public init(
        orderNumber: String, tradeNumber: String, status: GatewayTradeStatus, amount: Money, paidAt: Date?,
        refundedAmount: Money
    ) {
        self.orderNumber = orderNumber
        self.tradeNumber = tradeNumber
        self.status = status
        self.amount = amount
        self.paidAt = paidAt
        self.refundedAmount = refundedAmount
    }
}

public enum GatewayCloseResult: Hashable, Sendable {
    case closed
    /// The gateway never saw the order (the payer never opened the payment page).
    case notFound
    /// Too late: the payer paid. The trade is returned so it can be settled.
    case alreadyPaid(GatewayTrade)
}

public struct GatewayRefundRequest: Hashable, Sendable {
    public var orderNumber: PaymentOrderNumber
    /// Idempotency key at the gateway: the same refund number never refunds twice.
    public var refundNumber: String
    public var amount: Money
    public var reason: String

    public init(orderNumber: PaymentOrderNumber, refundNumber: String, amount: Money, reason: String) {
        self.orderNumber = orderNumber
        self.refundNumber = refundNumber
        self.amount = amount
        self.reason = reason
    }
}

public struct GatewayRefund: Hashable, Sendable {
    public var refundNumber: String
    public var amount: Money
    public var refundedAt: Date
    /// The gateway had already made this refund (a retried request).
    public var wasDuplicate: Bool

    public init(refundNumber: String, amount: Money, refundedAt: Date, wasDuplicate: Bool) {
        self.refundNumber = refundNumber
        self.amount = amount
        self.refundedAt = refundedAt
        self.wasDuplicate = wasDuplicate
    }
}

/// One line of the gateway's daily statement (Alipay's bill, WeChat Pay's tradebill): a trade paid
/// that day, with its status when the statement was made.
public struct StatementLine: Hashable, Sendable, Codable {
    public enum Status: String, Sendable, Codable {
        case paid
        case refunded
    }

    public var orderNumber: String
    public var tradeNumber: String
    public var amount: Money
    public var status: Status

    public init(orderNumber: String, tradeNumber: String, amount: Money, status: Status) {
        self.orderNumber = orderNumber
        self.tradeNumber = tradeNumber
        self.amount = amount
        self.status = status
    }
}

/// Failures of a call to the gateway. `timeout` and `unavailable` are worth retrying (the call may or
/// may not have happened: every call is idempotent by order or refund number).
public enum PaymentGatewayError: Error, Sendable, Equatable {
    case timeout
    case unavailable
    case tradeNotFound
    case tradeNotPaid
    /// The order number is known with other details (amount).
    case orderConflict
    case rejected(String)

    public var isTransient: Bool { self == .timeout || self == .unavailable }
}

/// A payment gateway (Alipay, WeChat Pay, the sandbox). Every call is idempotent: by order number for
/// orders, by refund number for refunds.
public protocol PaymentGateway: Sendable {
    /// Short name stored with each payment and used in the notify path, e.g. `sandbox`.
    var name: String { get }
    /// Opens (or finds again) the trade and answers the page where the payer pays.
    func createOrder(_ request: GatewayOrderRequest) async throws -> GatewayOrder
    /// nil when the gateway does not know the order.
    func query(_ orderNumber: PaymentOrderNumber) async throws -> GatewayTrade?
    func close(_ orderNumber: PaymentOrderNumber) async throws -> GatewayCloseResult
    func refund(_ request: GatewayRefundRequest) async throws -> GatewayRefund
    /// Checks the signature and parses an asynchronous notification body; throws
    /// `PaymentNotificationRejection.malformed` or `.forged`.
    func verifyNotification(_ body: Data) throws -> PaymentNotification
    /// The trades paid on `date` (in `timeZone`).
    func statement(for date: CalendarDate, timeZone: TimeZone) async throws -> [StatementLine]
}
