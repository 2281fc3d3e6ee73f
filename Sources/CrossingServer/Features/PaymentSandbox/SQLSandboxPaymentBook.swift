import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import SQLKit

/// The sandbox gateway's own books, in its own tables (`sandbox_payment_*`): they survive restarts
/// and are shared by every instance, as a real gateway's are.
final class SandboxTradeRecord: Model, @unchecked Sendable {
    static let schema = "sandbox_payment_trades"

    @ID(key: .id) var id: UUID?
    @Field(key: "order_number") var orderNumber: String
    @Field(key: "trade_number") var tradeNumber: String
    @Field(key: "amount_fen") var amountFen: Int64
    @Field(key: "currency") var currency: String
    @Field(key: "summary") var summary: String
    @Field(key: "status") var status: String
    @Field(key: "scenario") var scenario: String
    @Field(key: "return_path") var returnPath: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "paid_at") var paidAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "refunded_fen") var refundedFen: Int64
    @Field(key: "query_faults_left") var queryFaultsLeft: Int
    @Field(key: "refund_faults_left") var refundFaultsLeft: Int
    @Field(key: "declines") var declines: Int

    init() {}

    var trade: SandboxTrade {
        SandboxTrade(
            orderNumber: orderNumber, tradeNumber: tradeNumber, amount: Money(fen: amountFen), currency: currency,
            summary: summary, status: GatewayTradeStatus(rawValue: status) ?? .closed,
            scenario: SandboxPaymentScenario(rawValue: scenario) ?? .normal, returnPath: returnPath,
            createdAt: createdAt, expiresAt: expiresAt, paidAt: paidAt, closedAt: closedAt,
            refundedAmount: Money(fen: refundedFen), queryFaultsLeft: queryFaultsLeft,
            refundFaultsLeft: refundFaultsLeft, declines: declines)
    }

    func update(from trade: SandboxTrade) {
        orderNumber = trade.orderNumber
        tradeNumber = trade.tradeNumber
        amountFen = trade.amount.fen
        currency = trade.currency
        summary = trade.summary
        status = trade.status.rawValue
        scenario = trade.scenario.rawValue
        returnPath = trade.returnPath
        createdAt = trade.createdAt
        expiresAt = trade.expiresAt
        paidAt = trade.paidAt
        closedAt = trade.closedAt
        refundedFen = trade.refundedAmount.fen
        queryFaultsLeft = trade.queryFaultsLeft
        refundFaultsLeft = trade.refundFaultsLeft
        declines = trade.declines
    }
}

final class SandboxRefundRecordRow: Model, @unchecked Sendable {
    static let schema = "sandbox_payment_refunds"

    @ID(key: .id) var id: UUID?
    @Field(key: "refund_number") var refundNumber: String
    @Field(key: "order_number") var orderNumber: String
    @Field(key: "amount_fen") var amountFen: Int64
    @Field(key: "refunded_at") var refundedAt: Date

    init() {}
}

struct SQLSandboxPaymentBook: SandboxPaymentBook {
    var database: any Database

    /// A write before any read in a transaction (row lock on PostgreSQL, write lock on SQLite).
    func lock(_ orderNumber: String) async throws {
        guard let sql = database as? any SQLDatabase else { throw OutboxUnavailable() }
        try await sql.raw(
            "UPDATE sandbox_payment_trades SET declines = declines WHERE order_number = \(bind: orderNumber)"
        )
        .run()
    }

    func trade(_ orderNumber: String) async throws -> SandboxTrade? {
        try await SandboxTradeRecord.query(on: database).filter(\.$orderNumber == orderNumber).first()?.trade
    }

    func insert(_ trade: SandboxTrade) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { throw OutboxUnavailable() }
        let row = SandboxTradeRecord()
        row.update(from: trade)
        let rows = try await sql.insert(into: SandboxTradeRecord.schema)
            .columns(
                "id", "order_number", "trade_number", "amount_fen", "currency", "summary", "status", "scenario",
                "return_path", "created_at", "expires_at", "paid_at", "closed_at", "refunded_fen", "query_faults_left",
                "refund_faults_left", "declines"
            )
            .values(
                SQLBind(UUID()), SQLBind(row.orderNumber), SQLBind(row.tradeNumber), SQLBind(row.amountFen),
                SQLBind(row.currency), SQLBind(row.summary), SQLBind(row.status), SQLBind(row.scenario),
                SQLBind(row.returnPath), SQLBind(row.createdAt), SQLBind(row.expiresAt), SQLBind(row.paidAt),
                SQLBind(row.closedAt), SQLBind(row.refundedFen), SQLBind(row.queryFaultsLeft),
                SQLBind(row.refundFaultsLeft), SQLBind(row.declines)
            )
            .ignoringConflicts(with: ["order_number"])
            .returning("id")
            .all()
        return !rows.isEmpty
    }

    func save(_ trade: SandboxTrade) async throws {
        guard
            let row = try await SandboxTradeRecord.query(on: database).filter(\.$orderNumber == trade.orderNumber)
                .first()
        else { return }
        row.update(from: trade)
        try await row.save(on: database)
    }

    func refund(_ refundNumber: String) async throws -> SandboxRefundRecord? {
        try await SandboxRefundRecordRow.query(on: database).filter(\.$refundNumber == refundNumber).first().map {
            SandboxRefundRecord(
                refundNumber: $0.refundNumber, orderNumber: $0.orderNumber, amount: Money(fen: $0.amountFen),
                refundedAt: $0.refundedAt)
        }
    }

    func insert(_ refund: SandboxRefundRecord) async throws {
        let row = SandboxRefundRecordRow()
        row.refundNumber = refund.refundNumber
        row.orderNumber = refund.orderNumber
        row.amountFen = refund.amount.fen
        row.refundedAt = refund.refundedAt
        try await row.create(on: database)
    }

    func trades(paidFrom start: Date, before end: Date) async throws -> [SandboxTrade] {
        try await SandboxTradeRecord.query(on: database).filter(\.$paidAt >= start).filter(\.$paidAt < end).all()
            .map(\.trade)
    }
}
