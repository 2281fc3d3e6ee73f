import CrossingDomain
import Fluent
import Foundation
import SQLKit
import Vapor

/// /staff/payments/reconciliation: open differences between our ledger and the gateway's
/// statements, recently resolved ones and recent runs, for supervisors and administrators
/// (`reconcilePayments`); POST …/{id}/resolve marks one resolved with a note (CSRF-checked, audited).
struct ReconciliationPagesController: RouteCollection {
    static let path = "/staff/payments/reconciliation"

    func boot(routes: any RoutesBuilder) throws {
        let page = routes.grouped("staff", "payments", "reconciliation")
        page.get(use: list)
        page.post(":id", "resolve", use: resolve)
        page.post("run", use: run)
    }

    struct RunForm: Content {
        var date: String?
    }

    /// Queues a reconciliation of one day (a background job, like the daily one).
    func run(_ request: Request) async throws -> Response {
        let account = try request.authorize(.reconcilePayments, on: ProtectedResource())
        let strings = request.application.payments.strings[request.language]
        let now = request.services.now()
        let today = CalendarDate.today(in: request.services.config.serviceTimeZone, now: now)
        let text = ((try? request.content.decode(RunForm.self))?.date ?? "").trimmingCharacters(in: .whitespaces)
        guard let date = CalendarDate(iso: text), date <= today else {
            return try await render(
                request, errors: [.init(field: "date", message: strings.runDateInvalid)], notice: false,
                status: .unprocessableEntity, date: text)
        }
        try await request.db.transaction { tx in
            try await Outbox.enqueue(
                PaymentReconcileJob.jobKind, PaymentReconcileJob.Payload(date: date, scheduleNext: false), on: tx,
                now: now)
            try await AuditLog(hasher: request.services.auditHasher).append(
                AuditEntryDraft(
                    occurredAt: now, actor: account.accountID.uuidString,
                    action: "payment.reconciliation.requested", subject: date.iso, outcome: "success"),
                on: tx)
        }
        return request.redirect(to: Self.path + "?queued=1", redirectType: .normal)
    }

    struct ResolveForm: Content {
        var note: String?
    }

    func list(_ request: Request) async throws -> Response {
        guard request.account != nil else {
            return request.redirect(to: StaffPagesController.signInPath, redirectType: .normal)
        }
        _ = try request.authorize(.reconcilePayments, on: ProtectedResource())
        return try await render(
            request, errors: [], notice: request.query[String.self, at: "resolved"] != nil,
            queued: request.query[String.self, at: "queued"] != nil)
    }

    func resolve(_ request: Request) async throws -> Response {
        let account = try request.authorize(.reconcilePayments, on: ProtectedResource())
        let strings = request.application.payments.strings[request.language]
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw Problem.notFound("That difference")
        }
        let note = ((try? request.content.decode(ResolveForm.self))?.note ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty, note.count <= 500 else {
            return try await render(
                request, errors: [.init(field: "note-\(id.uuidString)", message: strings.noteRequired)], notice: false,
                status: .unprocessableEntity)
        }
        let now = request.services.now()
        try await request.db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw OutboxUnavailable() }
            // A write first: the row lock (PostgreSQL) or the write lock (SQLite) before reading.
            try await sql.raw(
                "UPDATE payment_reconciliation_differences SET found_at = found_at WHERE id = \(bind: id)"
            ).run()
            guard let difference = try await ReconciliationDifferenceRecord.find(id, on: tx) else {
                throw Problem.notFound("That difference")
            }
            guard difference.resolvedAt == nil else { return }
            difference.resolvedAt = now
            difference.resolvedBy = account.accountID.uuidString
            difference.resolutionNote = note
            try await difference.save(on: tx)
            try await AuditLog(hasher: request.services.auditHasher).append(
                AuditEntryDraft(
                    occurredAt: now, actor: account.accountID.uuidString, action: "payment.reconciliation.resolved",
                    subject: difference.orderNumber, outcome: "success",
                    details: ["difference": id.uuidString, "kind": difference.kind, "date": difference.statementDate]),
                on: tx)
        }
        return request.redirect(to: Self.path + "?resolved=1", redirectType: .normal)
    }

    private func render(
        _ request: Request, errors: [FieldErrorView], notice: Bool, status: HTTPResponseStatus = .ok,
        queued: Bool = false, date: String? = nil
    ) async throws -> Response {
        let strings = request.application.payments.strings[request.language]
        let zone = request.services.config.serviceTimeZone
        let open = try await ReconciliationDifferenceRecord.query(on: request.db).filter(\.$resolvedAt == nil)
            .sort(\.$statementDate, .descending).sort(\.$orderNumber).limit(200).all()
        let resolved = try await ReconciliationDifferenceRecord.query(on: request.db).filter(\.$resolvedAt != nil)
            .sort(\.$resolvedAt, .descending).limit(20).all()
        let runs = try await ReconciliationRunRecord.query(on: request.db).sort(\.$statementDate, .descending).limit(7)
            .all()
        func row(_ record: ReconciliationDifferenceRecord) -> ReconciliationRowView {
            let id = record.id?.uuidString ?? ""
            return ReconciliationRowView(
                id: id, date: record.statementDate, orderNumber: record.orderNumber,
                kind: ReconciliationDifference.Kind(rawValue: record.kind).map(strings.kind) ?? record.kind,
                ours: Self.side(record.ourAmountFen, record.ourStatus.flatMap(PaymentStatus.init).map(strings.status)),
                gateway: Self.side(record.gatewayAmountFen, record.gatewayStatus),
                found: PaymentTime.text(record.foundAt, zone), resolvedBy: record.resolvedBy ?? "",
                note: record.resolutionNote ?? "",
                error: errors.first { $0.field == "note-\(id)" }?.message ?? "")
        }
        let context = ReconciliationPageContext(
            meta: Portal.meta(request, title: strings.reconHeading, section: ""), t: strings,
            csrfToken: CSRF.token(for: request), errors: errors, notice: notice, queued: queued,
            runDate: FieldView(
                date ?? CalendarDate.today(in: zone, now: request.services.now()).adding(days: -1).iso, field: "date",
                errors: errors),
            open: open.map(row),
            resolved: resolved.map(row),
            runs: runs.map {
                ReconciliationRunView(
                    date: $0.statementDate, lines: $0.statementLines, differences: $0.differences,
                    ranAt: PaymentTime.text($0.ranAt, zone))
            })
        return try await AccountPage.render("payments/reconciliation", context, for: request, status: status)
    }

    private static func side(_ fen: Int64?, _ status: String?) -> String {
        [fen.map { Money(fen: $0).formatted }, status].compactMap { $0 }.joined(separator: " · ")
    }
}

struct ReconciliationRowView: Encodable, Sendable {
    var id: String
    var date: String
    var orderNumber: String
    var kind: String
    var ours: String
    var gateway: String
    var found: String
    var resolvedBy: String
    var note: String
    var error: String
}

struct ReconciliationRunView: Encodable, Sendable {
    var date: String
    var lines: Int
    var differences: Int
    var ranAt: String
}

struct ReconciliationPageContext: Encodable, Sendable {
    var meta: PageMeta
    var t: PaymentStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var notice: Bool
    var queued: Bool
    var runDate: FieldView
    var open: [ReconciliationRowView]
    var resolved: [ReconciliationRowView]
    var runs: [ReconciliationRunView]
}
