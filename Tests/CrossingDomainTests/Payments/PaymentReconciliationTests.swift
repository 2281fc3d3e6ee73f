import CrossingDomain
import Foundation
import Testing

@Suite("Payment reconciliation")
struct PaymentReconciliationTests {
    static let fee = Money(yuan: 120)

    static func entry(
        _ order: String, _ status: PaymentStatus, _ amount: Money = fee, onDate: Bool = true
    ) -> LedgerEntry {
        LedgerEntry(orderNumber: order, amount: amount, status: status, paidOnDate: onDate)
    }

    static func line(_ order: String, _ status: StatementLine.Status = .paid, _ amount: Money = fee) -> StatementLine {
        StatementLine(orderNumber: order, tradeNumber: "T" + order, amount: amount, status: status)
    }

    @Test func matchingBooksHaveNoDifferences() {
        let ledger = [Self.entry("A", .paid), Self.entry("B", .refunded), Self.entry("C", .refundRequested)]
        let statement = [Self.line("A"), Self.line("B", .refunded), Self.line("C", .refunded)]
        #expect(PaymentReconciliation.differences(ledger: ledger, statement: statement).isEmpty)
    }

    @Test func aGatewayTradeWeDoNotKnowIsMissingOnOurSide() {
        let differences = PaymentReconciliation.differences(ledger: [], statement: [Self.line("X")])
        #expect(differences.map(\.kind) == [.missingOnOurSide])
        #expect(differences.first?.gatewayAmount == Self.fee)
        #expect(differences.first?.ourAmount == nil)
    }

    @Test func aTradeWeStillThinkUnpaidIsMissingOnOurSide() {
        let differences = PaymentReconciliation.differences(
            ledger: [Self.entry("A", .created, onDate: false)], statement: [Self.line("A")])
        #expect(differences.map(\.kind) == [.missingOnOurSide])
        #expect(differences.first?.ourStatus == .created)
    }

    @Test func moneyWeRecordedThatTheStatementLacksIsMissingAtTheGateway() {
        let differences = PaymentReconciliation.differences(ledger: [Self.entry("A", .paid)], statement: [])
        #expect(differences.map(\.kind) == [.missingAtGateway])
    }

    @Test func paymentsFromOtherDaysAreNotExpectedOnTheStatement() {
        #expect(
            PaymentReconciliation.differences(ledger: [Self.entry("A", .paid, onDate: false)], statement: []).isEmpty)
    }

    @Test func differentAmountsAreAMismatch() {
        let differences = PaymentReconciliation.differences(
            ledger: [Self.entry("A", .paid, Money(fen: 11_999))], statement: [Self.line("A")])
        #expect(differences.map(\.kind) == [.amountMismatch])
        #expect(differences.first?.ourAmount == Money(fen: 11_999))
        #expect(differences.first?.gatewayAmount == Self.fee)
    }

    @Test func refundedAtTheGatewayButPaidWithUsIsAStatusMismatch() {
        let differences = PaymentReconciliation.differences(
            ledger: [Self.entry("A", .paid)], statement: [Self.line("A", .refunded)])
        #expect(differences.map(\.kind) == [.statusMismatch])
    }

    @Test func differencesComeSortedByOrder() {
        let differences = PaymentReconciliation.differences(
            ledger: [Self.entry("B", .paid)], statement: [Self.line("C"), Self.line("A")])
        #expect(differences.map(\.orderNumber) == ["A", "B", "C"])
    }
}
