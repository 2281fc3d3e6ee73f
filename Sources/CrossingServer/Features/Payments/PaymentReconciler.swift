import CrossingDomain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Reconciles one day: fetches the gateway's statement, gathers our payments paid that day and any
/// the statement names, lets the domain compare them, and stores the differences (one row per date,
/// order and kind, so a re-run adds only new ones and keeps what supervisors resolved).
struct PaymentReconciler: Sendable {
    var application: Application
    var now: Date

    struct Report: Sendable, Equatable {
        var date: CalendarDate
        var statementLines: Int
        var differences: [ReconciliationDifference]
    }

    @discardableResult
    func run(date: CalendarDate, actor: String) async throws -> Report {
        let zone = application.services.config.serviceTimeZone
        let gateway = application.payments.gateway(on: application.db, now: { [now] in now })
        let statement = try await gateway.statement(for: date, timeZone: zone)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)),
            let end = calendar.date(byAdding: .day, value: 1, to: start)
        else { throw Problem(.unprocessableEntity, detail: "That date cannot be reconciled.") }
        var records = try await PaymentRecord.query(on: application.db).filter(\.$paidAt >= start)
            .filter(\.$paidAt < end).all()
        let known = Set(records.map(\.orderNumber))
        let named = statement.map(\.orderNumber).filter { !known.contains($0) }
        for chunk in stride(from: 0, to: named.count, by: 500) {
            let slice = Array(named[chunk..<min(chunk + 500, named.count)])
            records += try await PaymentRecord.query(on: application.db).filter(\.$orderNumber ~~ slice).all()
        }
        let ledger = records.map { record in
            LedgerEntry(
                orderNumber: record.orderNumber, amount: record.amount, status: record.paymentStatus,
                paidOnDate: record.paidAt.map { $0 >= start && $0 < end } ?? false)
        }
        let differences = PaymentReconciliation.differences(ledger: ledger, statement: statement)
        try await application.db.transaction { tx in
            try await store(differences, date: date, lines: statement.count, gateway: gateway.name, on: tx)
            try await AuditLog(hasher: application.services.auditHasher).append(
                AuditEntryDraft(
                    occurredAt: now, actor: actor, action: "payment.reconciliation.run", subject: date.iso,
                    outcome: "success",
                    details: ["lines": String(statement.count), "differences": String(differences.count)]),
                on: tx)
        }
        return Report(date: date, statementLines: statement.count, differences: differences)
    }

    private func store(
        _ differences: [ReconciliationDifference], date: CalendarDate, lines: Int, gateway: String, on tx: any Database
    ) async throws {
        guard let sql = tx as? any SQLDatabase else { throw OutboxUnavailable() }
        try await ReconciliationRunRecord.query(on: tx).filter(\.$statementDate == date.iso)
            .filter(\.$gateway == gateway).delete()
        let run = ReconciliationRunRecord()
        run.statementDate = date.iso
        run.gateway = gateway
        run.ranAt = now
        run.statementLines = lines
        run.differences = differences.count
        try await run.create(on: tx)
        for difference in differences {
            try await sql.insert(into: ReconciliationDifferenceRecord.schema)
                .columns(
                    "id", "statement_date", "order_number", "kind", "our_amount_fen", "gateway_amount_fen",
                    "our_status",
                    "gateway_status", "found_at"
                )
                .values(
                    SQLBind(UUID()), SQLBind(date.iso), SQLBind(difference.orderNumber),
                    SQLBind(difference.kind.rawValue),
                    SQLBind(difference.ourAmount?.fen), SQLBind(difference.gatewayAmount?.fen),
                    SQLBind(difference.ourStatus?.rawValue), SQLBind(difference.gatewayStatus?.rawValue), SQLBind(now)
                )
                .ignoringConflicts(with: ["statement_date", "order_number", "kind"])
                .run()
        }
    }
}
