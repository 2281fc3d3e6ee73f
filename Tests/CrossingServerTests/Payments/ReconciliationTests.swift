import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Payments: daily reconciliation")
struct ReconciliationTests {
    static var today: CalendarDate { CalendarDate(daysSince1970: 20_779) }

    /// One payment paid normally, one trade only the gateway knows, one payment whose amount we
    /// recorded wrong.
    static func plant(_ world: PaymentWorld) async throws -> (stranger: String, wrong: PaymentSnapshot) {
        let good = try await world.order(subjectID: "app-good")
        #expect(try await world.checkout(good).status == .ok)
        let wrong = try await world.order(subjectID: "app-wrong")
        #expect(try await world.checkout(wrong).status == .ok)
        try await world.drain()
        let record = try #require(try await PaymentRecord.find(wrong.id, on: world.app.db))
        record.amountFen = 11_000
        try await record.save(on: world.app.db)
        let stranger = "CX20261122DEADBEEF00000001"
        _ = try await SQLSandboxPaymentBook(database: world.app.db).insert(
            SandboxTrade(
                orderNumber: stranger, tradeNumber: "20261122000000000000099", amount: Money(yuan: 50), currency: "CNY",
                summary: "planted", status: .success, scenario: .normal, returnPath: "/", createdAt: world.clock.now,
                expiresAt: world.clock.now, paidAt: world.clock.now))
        return (stranger, wrong)
    }

    @Test func reconciliationFindsPlantedDifferencesAndARerunAddsNothing() async throws {
        try await PaymentTesting.withPayments { world in
            let planted = try await Self.plant(world)
            let report = try await PaymentReconciler(application: world.app, now: world.clock.now)
                .run(date: Self.today, actor: "test")
            #expect(report.statementLines == 3)
            #expect(
                Set(report.differences.map { "\($0.orderNumber) \($0.kind.rawValue)" }) == [
                    "\(planted.stranger) missing-on-our-side", "\(planted.wrong.orderNumber) amount-mismatch",
                ])
            #expect(try await ReconciliationDifferenceRecord.query(on: world.app.db).count() == 2)
            try await PaymentReconciler(application: world.app, now: world.clock.now).run(
                date: Self.today, actor: "test")
            #expect(try await ReconciliationDifferenceRecord.query(on: world.app.db).count() == 2)
            #expect(try await ReconciliationRunRecord.query(on: world.app.db).count() == 1)
            #expect(try await world.audits("payment.reconciliation.run").count == 2)
        }
    }

    @Test func theReconcileJobRunsTheDayAndSchedulesTheNext() async throws {
        try await PaymentTesting.withPayments { world in
            _ = try await Self.plant(world)
            try await PaymentReconcileJob.schedule(
                Self.today, application: world.app, on: world.app.db, now: world.clock.now)
            try await world.drain(after: 24 * 3600)
            #expect(try await ReconciliationDifferenceRecord.query(on: world.app.db).count() == 2)
            let next = try await world.jobs(PaymentReconcileJob.jobKind).filter { $0.status == "pending" }
            #expect(next.map(\.dedupeKey) == ["payment.reconcile:2026-11-23"])
        }
    }

    @Test func aSupervisorSeesTheDifferencesAndResolvesOne() async throws {
        try await PaymentTesting.withPayments { world in
            let planted = try await Self.plant(world)
            try await PaymentReconciler(application: world.app, now: world.clock.now).run(
                date: Self.today, actor: "test")
            let supervisor = try await PaymentTesting.staffBrowser(world.app, role: .supervisor, username: "super.wang")
            let page = try await supervisor.get(ReconciliationPagesController.path + "?lang=en")
            #expect(page.status == .ok, "\(page.text)")
            #expect(page.text.contains(planted.stranger) && page.text.contains("Missing on our side"))
            #expect(page.text.contains("Amount mismatch"))
            let difference = try #require(
                try await ReconciliationDifferenceRecord.query(on: world.app.db)
                    .filter(\.$orderNumber == planted.stranger).first())
            let path = ReconciliationPagesController.path + "/\(try difference.requireID().uuidString)/resolve"

            let noToken = try await supervisor.post(path, form: ["note": "checked"])
            #expect(noToken.status == .forbidden)
            let empty = try await supervisor.submit(
                page: ReconciliationPagesController.path, to: path, form: ["note": " "])
            #expect(empty.status == .unprocessableEntity)
            let resolved = try await supervisor.submit(
                page: ReconciliationPagesController.path, to: path, form: ["note": "test trade, not ours"])
            #expect(resolved.status == .seeOther)
            let after = try #require(try await ReconciliationDifferenceRecord.find(difference.id, on: world.app.db))
            #expect(after.resolvedAt != nil && after.resolutionNote == "test trade, not ours")
            let audit = try #require(try await world.audits("payment.reconciliation.resolved").first)
            #expect(audit.subject == planted.stranger)
            let zh = try await supervisor.get(ReconciliationPagesController.path + "?lang=zh")
            #expect(zh.text.contains("支付对账差异") && zh.text.contains("最近已处理"))
        }
    }

    @Test func officersAndApplicantsCannotReconcile() async throws {
        try await PaymentTesting.withPayments { world in
            let officer = try await PaymentTesting.staffBrowser(world.app, role: .officer, username: "officer.zhao")
            #expect(try await officer.get(ReconciliationPagesController.path).status == .forbidden)
            let applicant = try await PaymentTesting.applicantBrowser(world)
            #expect(try await applicant.get(ReconciliationPagesController.path).status == .forbidden)
            let anonymous = try await world.app.get(ReconciliationPagesController.path)
            #expect(anonymous.header("Location") == StaffPagesController.signInPath)
        }
    }
}

@Suite("Payments: reconciling on request")
struct ReconciliationRunTests {
    @Test func aSupervisorQueuesAReconciliationThatAWorkerRuns() async throws {
        try await PaymentTesting.withPayments { world in
            _ = try await ReconciliationTests.plant(world)
            let admin = try await PaymentTesting.staffBrowser(world.app, role: .administrator, username: "admin.sun")
            let page = ReconciliationPagesController.path + "?lang=en"
            let future = try await admin.submit(
                page: page, to: ReconciliationPagesController.path + "/run", form: ["date": "2026-11-23"])
            #expect(future.status == .unprocessableEntity)
            #expect(future.text.contains("Enter today or an earlier date"))
            let garbage = try await admin.submit(
                page: page, to: ReconciliationPagesController.path + "/run", form: ["date": "yesterday"])
            #expect(garbage.status == .unprocessableEntity)
            #expect(try await world.jobs(PaymentReconcileJob.jobKind).isEmpty)

            let queued = try await admin.submit(
                page: page, to: ReconciliationPagesController.path + "/run", form: ["date": "2026-11-22"])
            #expect(queued.status == .seeOther)
            #expect(try await world.audits("payment.reconciliation.requested").map(\.subject) == ["2026-11-22"])
            try await world.drain()
            #expect(try await ReconciliationDifferenceRecord.query(on: world.app.db).count() == 2)
            let after = try await admin.get(ReconciliationPagesController.path + "?lang=en&queued=1")
            #expect(after.text.contains("Reconciliation queued"))
        }
    }
}
