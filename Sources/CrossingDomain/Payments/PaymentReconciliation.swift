import Foundation

/// One payment of ours as reconciliation sees it.
public struct LedgerEntry: Hashable, Sendable {
    public var orderNumber: String
    public var amount: Money
    public var status: PaymentStatus
    /// Paid on the statement's date (our record of the money arriving).
    public var paidOnDate: Bool

    public init(orderNumber: String, amount: Money, status: PaymentStatus, paidOnDate: Bool) {
        self.orderNumber = orderNumber
        self.amount = amount
        self.status = status
        self.paidOnDate = paidOnDate
    }
}

public struct ReconciliationDifference: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The gateway has a paid trade we do not know, or know as unpaid on that day.
        case missingOnOurSide = "missing-on-our-side"
        /// We recorded money on that day the gateway's statement does not show.
        case missingAtGateway = "missing-at-gateway"
        case amountMismatch = "amount-mismatch"
        /// Both know the trade but disagree on where it stands (e.g. refunded at the gateway, paid with us).
        case statusMismatch = "status-mismatch"
    }

    public var kind: Kind
    public var orderNumber: String
    public var ourAmount: Money?
    public var gatewayAmount: Money?
    public var ourStatus: PaymentStatus?
    public var gatewayStatus: StatementLine.Status?

    public init(
        kind: Kind, orderNumber: String, ourAmount: Money?, gatewayAmount: Money?, ourStatus: PaymentStatus?,
        gatewayStatus: StatementLine.Status?
    ) {
        self.kind = kind
        self.orderNumber = orderNumber
        self.ourAmount = ourAmount
        self.gatewayAmount = gatewayAmount
        self.ourStatus = ourStatus
        self.gatewayStatus = gatewayStatus
    }
}

/// Compares our ledger with the gateway's daily statement. Pure: the caller gathers our payments
/// paid that day plus any payment the statement names, and stores what comes back.
public enum PaymentReconciliation {
    public static func differences(ledger: [LedgerEntry], statement: [StatementLine]) -> [ReconciliationDifference] {
        var ours: [String: LedgerEntry] = [:]
        for entry in ledger { ours[entry.orderNumber] = entry }
        var differences: [ReconciliationDifference] = []
        var seen = Set<String>()
        for line in statement {
            seen.insert(line.orderNumber)
            guard let entry = ours[line.orderNumber], entry.status.moneyReceived else {
                differences.append(
                    .init(
                        kind: .missingOnOurSide, orderNumber: line.orderNumber,
                        ourAmount: ours[line.orderNumber]?.amount,
                        gatewayAmount: line.amount, ourStatus: ours[line.orderNumber]?.status,
                        gatewayStatus: line.status))
                continue
            }
            if entry.amount != line.amount {
                differences.append(
                    .init(
                        kind: .amountMismatch, orderNumber: line.orderNumber, ourAmount: entry.amount,
                        gatewayAmount: line.amount, ourStatus: entry.status, gatewayStatus: line.status))
            } else if !compatible(entry.status, line.status) {
                differences.append(
                    .init(
                        kind: .statusMismatch, orderNumber: line.orderNumber, ourAmount: entry.amount,
                        gatewayAmount: line.amount, ourStatus: entry.status, gatewayStatus: line.status))
            }
        }
        for entry in ledger where entry.paidOnDate && entry.status.moneyReceived && !seen.contains(entry.orderNumber) {
            differences.append(
                .init(
                    kind: .missingAtGateway, orderNumber: entry.orderNumber, ourAmount: entry.amount,
                    gatewayAmount: nil,
                    ourStatus: entry.status, gatewayStatus: nil))
        }
        return differences.sorted { ($0.orderNumber, $0.kind.rawValue) < ($1.orderNumber, $1.kind.rawValue) }
    }

    /// A refund on its way may show either way at the gateway.
    static func compatible(_ ours: PaymentStatus, _ theirs: StatementLine.Status) -> Bool {
        switch (ours, theirs) {
        case (.paid, .paid), (.refunded, .refunded), (.refundRequested, .paid), (.refundRequested, .refunded): true
        default: false
        }
    }
}
