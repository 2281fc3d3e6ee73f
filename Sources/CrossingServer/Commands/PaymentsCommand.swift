import ConsoleKit
import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import SQLKit
import Vapor

/// `crossing payments reconcile --date YYYY-MM-DD`: reconciles one day against the gateway's
/// statement and prints the differences (also stored for /staff/payments/reconciliation).
/// `crossing payments bench-notifications --count N --output FILE`: creates N payable orders
/// (subject type `benchmark`) and writes N distinct notifications signed by the sandbox gateway, one
/// request body per line, for benchmarking the notify endpoint (Benchmarks/).
struct PaymentsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "reconcile | bench-notifications")
        var action: String

        @Option(name: "date", help: "reconcile: the statement date, YYYY-MM-DD (default: yesterday)")
        var date: String?

        @Option(name: "count", help: "bench-notifications: how many orders and notifications (default 1000)")
        var count: Int?

        @Option(name: "output", help: "bench-notifications: the file to write (one body per line)")
        var output: String?
    }

    var help: String { "Payments: daily reconciliation, benchmark notifications." }

    func run(using context: CommandContext, signature: Signature) async throws {
        switch signature.action {
        case "reconcile": try await reconcile(context, signature)
        case "bench-notifications": try await benchNotifications(context, signature)
        default:
            throw StartupError(description: "Unknown action \(signature.action). Use reconcile or bench-notifications.")
        }
    }

    private func reconcile(_ context: CommandContext, _ signature: Signature) async throws {
        let app = context.application
        let now = app.services.now()
        let date: CalendarDate
        if let text = signature.date {
            guard let parsed = CalendarDate(iso: text) else {
                throw StartupError(description: "--date must be a date like 2026-11-21.")
            }
            date = parsed
        } else {
            date = CalendarDate.today(in: app.services.config.serviceTimeZone, now: now).adding(days: -1)
        }
        let report = try await PaymentReconciler(application: app, now: now).run(date: date, actor: "system:cli")
        context.console.print(
            "\(date.iso): \(report.statementLines) statement line(s), \(report.differences.count) difference(s)")
        for difference in report.differences {
            let ours = difference.ourAmount.map(\.formatted) ?? "-"
            let theirs = difference.gatewayAmount.map(\.formatted) ?? "-"
            context.console.print(
                "  \(difference.orderNumber)  \(difference.kind.rawValue)  ours \(ours)  gateway \(theirs)")
        }
    }

    private func benchNotifications(_ context: CommandContext, _ signature: Signature) async throws {
        let app = context.application
        guard let output = signature.output else { throw StartupError(description: "--output FILE is required.") }
        let count = signature.count ?? 1_000
        guard (1...1_000_000).contains(count) else { throw StartupError(description: "--count must be 1…1000000.") }
        let now = app.services.now()
        let runtime = app.payments
        let today = CalendarDate.today(in: app.services.config.serviceTimeZone, now: now)
        var lines: [String] = []
        lines.reserveCapacity(count)
        for start in stride(from: 0, to: count, by: 500) {
            let batch = min(500, count - start)
            let bodies = try await app.db.transaction { tx -> [String] in
                var bodies: [String] = []
                guard let sql = tx as? any SQLDatabase else { throw OutboxUnavailable() }
                for _ in 0..<batch {
                    let order = PaymentOrderNumber.make(on: today, random: UInt64.random(in: 0...UInt64.max))
                    let amount = Money(yuan: 120)
                    try await sql.insert(into: PaymentRecord.schema)
                        .columns(
                            "id", "order_number", "gateway", "subject_type", "subject_id", "owner_person_key",
                            "account_id", "amount_fen", "currency", "description", "status", "created_at", "updated_at",
                            "expires_at"
                        )
                        .values(
                            SQLBind(UUID()), SQLBind(order.rawValue), SQLBind("sandbox"), SQLBind("benchmark"),
                            SQLBind(order.rawValue), SQLBind("benchmark"), SQLBind("benchmark"), SQLBind(amount.fen),
                            SQLBind("CNY"), SQLBind("benchmark"), SQLBind(PaymentStatus.created.rawValue), SQLBind(now),
                            SQLBind(now), SQLBind(now.addingTimeInterval(86_400))
                        )
                        .run()
                    let body = try PaymentNotificationFormat.body(
                        notifyID: "bench" + order.rawValue, notifyTime: now, orderNumber: order.rawValue,
                        tradeNumber: "BENCH" + order.rawValue, status: .success, amount: amount, currency: "CNY",
                        paidAt: now, key: runtime.signingKey)
                    bodies.append(String(decoding: body, as: UTF8.self))
                }
                return bodies
            }
            lines += bodies
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
        context.console.print("\(count) orders created; notifications written to \(output)")
    }
}
