import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// Withdrawal, by the applicant and by the scheduled job, and money that arrives for a withdrawn
/// application: it is refunded and the timeline says so.
@Suite("Renewal: withdrawal and refunds", .serialized)
struct RenewalWithdrawalTests {
    static let week: TimeInterval = 7 * 86_400

    func returned(_ world: RenewalWorld) async throws -> String {
        let number = try await world.quickSubmit().number
        let officer = try await world.staff()
        #expect(try await world.claim(number, officer).status == .ok)
        let version = try await world.record(number).version
        let returned = try await world.decide(
            number, officer,
            #"{"decision":"return","version":\#(version),"corrections":[{"item":"photo","note":"Too dark"}]}"#)
        #expect(returned.status == .ok, "\(returned.text)")
        return number
    }

    @Test("approved, withdrawn by the applicant, then paid at the gateway anyway: refunded")
    func paymentForWithdrawnApplicationIsRefunded() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            _ = try await world.approve(number, try await world.staff())
            let withdrawn = try await world.withdraw(number)
            #expect(withdrawn.status == .ok, "\(withdrawn.text)")
            #expect(try withdrawn.json(ApplicationDoc.self).status == "withdrawn")
            #expect(try await world.record(number).openKey == nil)

            // The payer had the gateway's page open and pays before the order is closed there.
            try await world.pay(number)
            for _ in 0..<6 { try await world.drain(after: 60) }

            let payments = try await world.payments(number)
            #expect(payments.count == 1)
            #expect(payments.first?.status == "refunded", "\(payments.map(\.status))")
            let application = try await world.application(number)
            #expect(application.status == "refunded", "\(application.events.map(\.kind))")
            #expect(application.events.map(\.kind).suffix(2) == ["withdrawn", "refunded"])
            let kinds = try await world.timelineKinds(number)
            for kind in ["application.withdrawn", "paid", "refunded", "application.refunded"] {
                #expect(kinds.contains(kind), "\(kind) missing from \(kinds)")
            }
            #expect(!kinds.contains("application.paid"), "a withdrawn application is never paid")
            #expect(try await world.notifications(number).contains("refunded"))
            #expect(try await world.audits("renewal.withdrawn").count == 1)
            #expect(try await world.audits("renewal.refunded").count == 1)
            #expect(try await world.jobs(RenewalJobs.startProduction).isEmpty, "nothing goes to production")
        }
    }

    @Test("approved and withdrawn before anyone paid: the order is closed, nothing to refund")
    func withdrawnBeforePaymentClosesTheOrder() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            _ = try await world.approve(number, try await world.staff())
            #expect(try await world.withdraw(number).status == .ok)
            for _ in 0..<3 { try await world.drain(after: 60) }
            let payments = try await world.payments(number)
            #expect(payments.map(\.status) == ["closed"], "\(payments.map(\.status))")
            #expect(try await world.record(number).status == "withdrawn")
            // Withdrawing twice is a conflict, not a second event.
            let again = try await world.withdraw(number)
            #expect(again.status == .conflict)
            #expect(try await world.audits("renewal.withdrawn").count == 1)
        }
    }

    @Test("returned and not corrected for 7 days: the job withdraws it")
    func returnedAndNotCorrected() async throws {
        try await RenewalWorld.with { world in
            let number = try await returned(world)
            let deadline = try #require(try await world.record(number).waitingDeadline)
            #expect(abs(deadline.timeIntervalSince(world.clock.now) - Self.week) < 5)
            #expect(try await world.jobs(RenewalJobs.automaticWithdrawal).count == 1)

            try await world.drain(after: Self.week - 3_600)
            #expect(try await world.record(number).status == "returned", "not before the deadline")
            try await world.drain(after: 3_700)
            let record = try await world.record(number)
            #expect(record.status == "withdrawn")
            #expect(record.openKey == nil)
            let application = try await world.application(number)
            #expect(application.events.last?.kind == "withdrawn")
            #expect(application.events.last?.actor.hasPrefix("system") == true, "\(application.events)")
            #expect(try await world.timelineKinds(number).last == "application.withdrawn")
            #expect(try await world.notifications(number).contains("application-withdrawn"))
            let audit = try #require(try await world.audits("renewal.withdrawn").first)
            #expect(audit.details["cause"] == "correction-not-made")
        }
    }

    @Test("corrected on day 6: not withdrawn when the first deadline passes")
    func correctedOnDaySix() async throws {
        try await RenewalWorld.with { world in
            let number = try await returned(world)
            world.clock.advance(6 * 86_400)
            let photo = try SampleUploads.jpeg(
                SampleUploads.portrait(background: SampleUploads.lightBlue), fitting: 30_720...71_680)
            let me = try await world.fresh(world.applicant)
            let uploaded = try await world.upload(.photo, photo, as: me)
            #expect(uploaded.status == .created, "\(uploaded.text)")
            var headers = me.headers
            headers.replaceOrAdd(name: .contentType, value: "application/json")
            let resubmitted = try await world.app.send(
                .POST, "/api/v1/renewals/\(number)/resubmit", headers: headers,
                body: #"{"photo":"\#(try uploaded.json(UploadDoc.self).key)"}"#)
            #expect(resubmitted.status == .ok, "\(resubmitted.text)")
            #expect(try resubmitted.json(ApplicationDoc.self).status == "under-review")
            #expect(try await world.record(number).waitingDeadline == nil)

            try await world.drain(after: 2 * 86_400)
            #expect(try await world.record(number).status == "under-review")
            #expect(try await world.audits("renewal.withdrawn").isEmpty)
        }
    }

    @Test("approved and unpaid for 7 days: withdrawn, the unpaid order closed, a late payment refused")
    func approvedAndUnpaid() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            _ = try await world.approve(number, try await world.staff())
            try await world.drain(after: Self.week + 60)
            for _ in 0..<3 { try await world.drain(after: 60) }
            let record = try await world.record(number)
            #expect(record.status == "withdrawn")
            let audit = try #require(try await world.audits("renewal.withdrawn").first)
            #expect(audit.details["cause"] == "not-paid")
            let payments = try await world.payments(number)
            #expect(payments.count == 1)
            #expect(
                payments.allSatisfy { $0.status == "closed" || $0.status == "expired" }, "\(payments.map(\.status))")
            #expect(try await world.notifications(number).contains("application-withdrawn"))
        }
    }

    @Test("approved: the applicant can still pay on day 2 (the order outlives the gateway's 30 minutes)")
    func payableThroughTheWaitingPeriod() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            _ = try await world.approve(number, try await world.staff())
            try await world.drain(after: 2 * 86_400)
            let response = try await world.app.send(
                .POST, "/api/v1/renewals/\(number)/payment", headers: try await world.fresh(world.applicant).headers)
            #expect(response.status == .created || response.status == .ok, "\(response.text)")
            try await world.pay(number)
            #expect(try await world.record(number).status == "in-production")
        }
    }

    @Test("payment that arrives after the automatic withdrawal is refunded")
    func paymentAfterAutomaticWithdrawal() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            _ = try await world.approve(number, try await world.staff())
            // Day 7, a minute before the deadline: a fresh order, and the payer opens its page.
            try await world.drain(after: Self.week - 60)
            let opened = try await world.app.send(
                .POST, "/api/v1/renewals/\(number)/payment", headers: try await world.fresh(world.applicant).headers)
            #expect(opened.status == .created || opened.status == .ok, "\(opened.text)")
            let payment = try #require(try await world.payments(number).last)
            let url = try await PaymentService(application: world.app, now: world.clock.now)
                .payURL(for: payment.snapshot, language: .en)
            // The deadline passes and the job withdraws the application; the close has not reached the
            // gateway yet when the payer presses "pay".
            world.clock.advance(120)
            let history = try await world.record(number).applicationHistory(policy: world.app.renewal.withdrawalPolicy)
            let event = try #require(history.automaticWithdrawal(at: world.clock.now))
            try await RenewalTransitions(application: world.app, now: world.clock.now).apply(
                event.type, by: event.actor, to: number)
            let paid = try await world.app.send(
                .POST, String(url.prefix { $0 != "?" }) + "?lang=en",
                headers: ["Content-Type": "application/x-www-form-urlencoded"], body: "outcome=pay&scenario=normal")
            #expect(paid.status.code < 400, "\(paid.text)")
            for _ in 0..<8 { try await world.drain(after: 60) }

            let payments = try await world.payments(number)
            #expect(payments.last?.status == "refunded", "\(payments.map(\.status))")
            let application = try await world.application(number)
            #expect(application.status == "refunded", "\(application.events.map(\.kind))")
            #expect(try await world.timelineKinds(number).contains("application.refunded"))
        }
    }
}
