import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Payments: workers that crash or compete")
struct PaymentWorkerTests {
    @Test func aWorkerKilledMidSettlementLosesTheJobAndTheEffectHappensOnce() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            #expect(try await world.notify(try world.notificationBody(payment)).text == "success")
            let dying = OutboxWorker(application: world.app, workerID: "dies")
            let claimed = try await dying.claim(limit: 100, now: world.clock.now)
            let job = try #require(claimed.first { $0.kind == PaymentSettleJob.jobKind })
            // The worker dies holding the lease: nothing happens until the lease runs out.
            let survivor = OutboxWorker(application: world.app, workerID: "survives")
            try await survivor.drain(now: world.clock.now)
            #expect(try await world.status(payment) == .created)
            let later = world.clock.now.addingTimeInterval(world.app.services.config.jobs.leaseSeconds + 1)
            try await survivor.drain(now: later)
            #expect(try await world.status(payment) == .paid)
            // The "dead" worker wakes up and runs its stale copy: the ledger has nothing left to do.
            await dying.run(job, now: later)
            #expect(try await world.status(payment) == .paid)
            #expect(world.subject.count("paid") == 1)
            #expect(try await world.timelineKinds() == ["paid"])
            #expect(try await world.audits("payment.paid").count == 1)
            let record = try #require(try await world.jobs(PaymentSettleJob.jobKind).first)
            #expect(record.status == "done")
            #expect(record.attempts == 2)
        }
    }

    @Test func twoWorkersDrainingTogetherSettleEachPaymentOnce() async throws {
        try await PaymentTesting.withPayments { world in
            var payments: [PaymentSnapshot] = []
            for index in 0..<4 {
                let payment = try await world.order(subjectID: "app-\(index)")
                #expect(try await world.checkout(payment, scenario: "duplicate").status == .ok)
                payments.append(payment)
            }
            world.clock.advance(120)
            let now = world.clock.now
            let one = OutboxWorker(application: world.app, workerID: "one")
            let two = OutboxWorker(application: world.app, workerID: "two")
            async let first = one.drain(now: now)
            async let second = two.drain(now: now)
            let handled = try await first + second
            #expect(handled >= 12 + 4)
            for (index, payment) in payments.enumerated() {
                #expect(try await world.status(payment) == .paid)
                #expect(try await world.timelineKinds("app-\(index)") == ["paid"])
            }
            #expect(world.subject.count("paid") == 4)
            #expect(try await world.notificationCount() == 4)
            #expect(try await world.audits("payment.paid").count == 4)
            #expect(try await world.jobs(SandboxCallbacks.kind).allSatisfy { $0.status == "done" })
        }
    }

    @Test func settlingTheSamePaymentFromTwoJobsAtOnceChangesItOnce() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            let ledger = PaymentLedger(application: world.app, now: world.clock.now)
            let fact = PaymentFact.gateway(.success, tradeNumber: "T1", paidAt: world.clock.now)
            let outcomes = try await withThrowingTaskGroup(of: PaymentLedger.Outcome.self) { group in
                for _ in 0..<6 { group.addTask { try await ledger.apply(fact, orderNumber: payment.orderNumber) } }
                return try await group.reduce(into: [PaymentLedger.Outcome]()) { $0.append($1) }
            }
            let moved = outcomes.filter {
                if case .applied(.move(to: .paid), _) = $0 { return true }
                return false
            }
            #expect(moved.count == 1)
            #expect(world.subject.count("paid") == 1)
            #expect(try await world.timelineKinds() == ["paid"])
        }
    }
}

@Suite("Payments: refunds the gateway refuses")
struct PaymentRefundRefusalTests {
    @Test func aRefundTheGatewayRefusesBecomesADeadLetterAndTheMoneyStaysRecorded() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            _ = try await world.open(payment)
            // Our ledger says paid, the gateway never saw the money (what reconciliation exists to catch).
            let record = try #require(try await PaymentRecord.find(payment.id, on: world.app.db))
            record.status = PaymentStatus.paid.rawValue
            record.paidAt = world.clock.now
            try await record.save(on: world.app.db)
            try await world.app.db.transaction { tx in
                let transition = try await PaymentService(application: world.app, now: world.clock.now).refund(
                    orderNumber: payment.orderNumber, reason: .manual, actor: "account:test", on: tx)
                #expect(transition == .move(to: .refundRequested))
            }
            try await world.drain()
            let job = try #require(try await world.jobs(PaymentRefundJob.jobKind).first)
            #expect(job.status == "dead")
            #expect(job.lastError?.contains("tradeNotPaid") == true)
            #expect(try await world.status(payment) == .refundRequested)
            #expect(try await SandboxRefundRecordRow.query(on: world.app.db).count() == 0)
            #expect(world.subject.count("refunded") == 0)
        }
    }
}
