import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Payments: the notify endpoint refuses bad notifications")
struct PaymentNotificationTests {
    /// Nothing changed: no notification stored, no settlement queued, the payment still waiting.
    static func expectNothingChanged(_ world: PaymentWorld, _ payment: PaymentSnapshot) async throws {
        #expect(try await world.notificationCount() == 0)
        #expect(try await world.jobs(PaymentSettleJob.jobKind).isEmpty)
        #expect(try await world.status(payment) == .created)
        #expect(world.subject.calls.isEmpty)
    }

    static func rejection(_ world: PaymentWorld) async throws -> AuditEntry? {
        try await world.audits("payment.notification.rejected").last
    }

    @Test func aGenuineNotificationIsAcknowledgedAndARepeatIsANoOp() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            let body = try world.notificationBody(payment)
            let first = try await world.notify(body)
            #expect(first.status == .ok && first.text == "success")
            #expect(first.mediaType == "text/plain")
            let again = try await world.notify(body)
            #expect(again.status == .ok && again.text == "success")
            #expect(try await world.notificationCount() == 1)
            #expect(try await world.jobs(PaymentSettleJob.jobKind).count == 1)
            #expect(try await world.audits("payment.notification.rejected").isEmpty)
        }
    }

    @Test func aForgedSignatureIsRejectedAndAudited() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            let forged = try await world.notify(try world.notificationBody(payment, key: .generate()))
            #expect(forged.status == .badRequest && forged.text == "fail")
            try await Self.expectNothingChanged(world, payment)
            let entry = try #require(try await Self.rejection(world))
            #expect(entry.details["reason"] == "forged")
            #expect(entry.outcome == "denied")
        }
    }

    @Test func garbageIsRejectedAndAudited() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            for body in ["", "%%%", "a=1&a=2", "{\"trade_status\":\"TRADE_SUCCESS\"}"] {
                let response = try await world.notify(body)
                #expect(response.status == .badRequest, "\(body)")
            }
            try await Self.expectNothingChanged(world, payment)
            #expect(try await world.audits("payment.notification.rejected").count == 4)
        }
    }

    @Test func aStaleNotificationIsRejectedAsAReplay() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            let old = world.clock.now.addingTimeInterval(-49 * 3600)
            let response = try await world.notify(try world.notificationBody(payment, notifyTime: old))
            #expect(response.status == .badRequest)
            try await Self.expectNothingChanged(world, payment)
            #expect(try await Self.rejection(world)?.details["reason"] == "stale")
            #expect(try await Self.rejection(world)?.subject == payment.orderNumber)
        }
    }

    @Test func aKnownNotifyIDWithOtherContentIsRejectedAsAReplay() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            #expect(try await world.notify(try world.notificationBody(payment, notifyID: "n-1")).text == "success")
            let replay = try await world.notify(
                try world.notificationBody(payment, notifyID: "n-1", tradeNumber: "2026112299999999999999"))
            #expect(replay.status == .badRequest)
            #expect(try await Self.rejection(world)?.details["reason"] == "replayed")
            #expect(try await world.notificationCount() == 1)
            let stored = try #require(try await PaymentNotificationRecord.query(on: world.app.db).first())
            #expect(stored.tradeNumber == "2026112200000000000001")
        }
    }

    @Test func anAmountMismatchIsRejectedAndAudited() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            let response = try await world.notify(try world.notificationBody(payment, amount: Money(fen: 1)))
            #expect(response.status == .badRequest)
            try await Self.expectNothingChanged(world, payment)
            let entry = try #require(try await Self.rejection(world))
            #expect(entry.details["reason"] == "amount-mismatch")
            #expect(entry.details["amountFen"] == "1")
        }
    }

    @Test func aNotificationForAnUnknownOrderIsRejectedAndAudited() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            var stranger = payment
            stranger.orderNumber = "CX20261122FFFFFFFFFFFFFFFF"
            let response = try await world.notify(try world.notificationBody(stranger))
            #expect(response.status == .badRequest)
            try await Self.expectNothingChanged(world, payment)
            let entry = try #require(try await Self.rejection(world))
            #expect(entry.details["reason"] == "unknown-order")
            #expect(entry.subject == "CX20261122FFFFFFFFFFFFFFFF")
        }
    }

    @Test func theSameNotificationRacingItselfIsStoredOnce() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            let body = try world.notificationBody(payment)
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 { group.addTask { try await world.notify(body).text } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(answers == Array(repeating: "success", count: 8))
            #expect(try await world.notificationCount() == 1)
            #expect(try await world.jobs(PaymentSettleJob.jobKind).count == 1)
            try await world.drain()
            #expect(world.subject.count("paid") == 1)
        }
    }
}
