import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Payments: flows through the sandbox gateway")
struct PaymentFlowTests {
    @Test func aPaymentMadeOnTheHostedPageIsSettledThroughTheNotifyEndpoint() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            let browser = try await PaymentTesting.applicantBrowser(world)
            let page = try await browser.get(PaymentPagesController.path(payment.id) + "?lang=en")
            #expect(page.status == .ok)
            #expect(page.text.contains("¥120.00") && page.text.contains("Waiting for payment"))
            #expect(page.text.contains("/account/payments/\(payment.id.uuidString)/pay"))

            let pay = try await browser.get(PaymentPagesController.path(payment.id) + "/pay")
            #expect(pay.status == .seeOther)
            let hosted = try #require(pay.headers.first(name: .location))
            #expect(hosted.hasPrefix("/sandbox/pay/\(payment.orderNumber)"))
            let checkout = try await browser.get(hosted)
            #expect(checkout.status == .ok)
            #expect(checkout.text.contains("SANDBOX") && checkout.text.contains("¥120.00"))

            let paid = try await browser.post(
                "/sandbox/pay/\(payment.orderNumber)?lang=en", form: ["outcome": "pay", "scenario": "normal"])
            #expect(paid.status == .ok)
            #expect(paid.text.contains("Paid (sandbox)"))
            #expect(try await world.status(payment) == .created)
            #expect(try await world.jobs(SandboxCallbacks.kind).count == 1)

            // The worker delivers the signed notification; the endpoint stores it and enqueues the settlement.
            try await world.drain()
            #expect(try await world.status(payment) == .paid)
            #expect(try await world.notificationCount() == 1)
            #expect(world.subject.calls == ["wants", "paid"])
            #expect(try await world.timelineKinds() == ["paid"])
            #expect(try await world.audits("payment.paid").count == 1)
            let record = try #require(try await PaymentRecord.find(payment.id, on: world.app.db))
            #expect(record.paidAt != nil)
            #expect(record.gatewayTradeNumber != nil)
            #expect(try await world.jobs(PaymentSettleJob.jobKind).map(\.status) == ["done"])

            let after = try await browser.get(PaymentPagesController.path(payment.id) + "?lang=en")
            #expect(after.text.contains("Paid") && !after.text.contains("/pay\""))
            let zh = try await browser.get(PaymentPagesController.path(payment.id) + "?lang=zh")
            #expect(zh.text.contains("已支付") && zh.text.contains("缴费详情"))
        }
    }

    @Test func duplicateNotificationsSettleOnce() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            #expect(try await world.checkout(payment, scenario: "duplicate").status == .ok)
            try await world.drain(after: 120)
            #expect(try await world.jobs(SandboxCallbacks.kind).map(\.status) == ["done", "done", "done"])
            #expect(try await world.status(payment) == .paid)
            #expect(try await world.notificationCount() == 1)
            #expect(try await world.jobs(PaymentSettleJob.jobKind).count == 1)
            #expect(world.subject.count("paid") == 1)
            #expect(try await world.timelineKinds() == ["paid"])
            #expect(try await world.audits("payment.paid").count == 1)
        }
    }

    @Test func staleNewsArrivingAfterThePaymentChangesNothing() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            #expect(try await world.checkout(payment, scenario: "out-of-order").status == .ok)
            try await world.drain()
            #expect(try await world.status(payment) == .paid)
            try await world.drain(after: 120)
            #expect(try await world.notificationCount() == 3)
            #expect(try await world.jobs(PaymentSettleJob.jobKind).map(\.status) == ["done", "done", "done"])
            #expect(try await world.status(payment) == .paid)
            #expect(world.subject.count("paid") == 1)
            #expect(world.subject.count("closed") == 0)
            #expect(try await world.timelineKinds() == ["paid"])
        }
    }

    @Test func aPaymentForAWithdrawnSubjectIsRefunded() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            world.subject.withdraw()
            #expect(try await world.checkout(payment).status == .ok)
            try await world.drain()
            #expect(try await world.status(payment) == .refunded)
            #expect(world.subject.calls == ["wants", "refunded"])
            #expect(try await world.timelineKinds() == ["paid", "refunded"])
            let record = try #require(try await PaymentRecord.find(payment.id, on: world.app.db))
            #expect(record.refundReason == PaymentRefundReason.subjectWithdrawn.rawValue)
            #expect(try await SandboxRefundRecordRow.query(on: world.app.db).count() == 1)
            let trade = try #require(try await SQLSandboxPaymentBook(database: world.app.db).trade(payment.orderNumber))
            #expect(trade.refundedAmount == payment.amount)
            #expect(try await world.audits("payment.refunded").count == 1)
        }
    }

    @Test func aGatewayThatTimesOutOnTheRefundRefundsOnceOnTheRetry() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            #expect(try await world.checkout(payment, scenario: "gateway-timeout").status == .ok)
            try await world.drain()
            #expect(try await world.status(payment) == .paid)
            // The owner feature withdraws the application after payment.
            try await world.app.db.transaction { tx in
                try await PaymentService(application: world.app, now: world.clock.now).release(
                    subjectType: "application", subjectID: "app-1", reason: .subjectWithdrawn, actor: "account:test",
                    on: tx)
            }
            try await world.drain()
            let refund = try #require(try await world.jobs(PaymentRefundJob.jobKind).first)
            #expect(refund.status == "pending")
            #expect(refund.lastError?.contains("timeout") == true)
            #expect(try await world.status(payment) == .refundRequested)
            // The refund happened at the gateway though its answer was lost: the retry finds it.
            #expect(try await SandboxRefundRecordRow.query(on: world.app.db).count() == 1)
            try await world.drain(after: 3600)
            #expect(try await world.status(payment) == .refunded)
            #expect(try await SandboxRefundRecordRow.query(on: world.app.db).count() == 1)
            #expect(world.subject.count("refunded") == 1)
            #expect(try await world.timelineKinds() == ["paid", "refunded"])
        }
    }

    @Test func anUnpaidOrderExpiresAfterTheGatewayQueryTimesOutOnce() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            let abandoned = try await world.checkout(payment, outcome: "abandon", scenario: "gateway-timeout")
            #expect(abandoned.status == .seeOther)
            #expect(abandoned.headers.first(name: .location) == PaymentPagesController.path(payment.id))
            try await world.drain(after: 1799)
            #expect(try await world.status(payment) == .created)
            try await world.drain(after: 2)
            let close = try #require(try await world.jobs(PaymentCloseJob.jobKind).first)
            #expect(close.status == "pending")
            try await world.drain(after: 3600)
            #expect(try await world.status(payment) == .expired)
            #expect(world.subject.calls == ["closed"])
            let trade = try #require(try await SQLSandboxPaymentBook(database: world.app.db).trade(payment.orderNumber))
            #expect(trade.status == .closed)
            #expect(try await world.timelineKinds().isEmpty)
        }
    }

    @Test func aDeclineLeavesTheOrderPayable() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            let declined = try await world.checkout(payment, outcome: "decline")
            #expect(declined.status == .paymentRequired)
            #expect(declined.text.contains("Payment declined (sandbox)"))
            try await world.drain()
            #expect(try await world.status(payment) == .created)
            #expect(try await world.checkout(payment).status == .ok)
            try await world.drain()
            #expect(try await world.status(payment) == .paid)
        }
    }

    @Test func aLateNotificationIsOvertakenByTheQueryAtExpiry() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            #expect(try await world.checkout(payment, scenario: "late").status == .ok)
            try await world.drain()
            #expect(try await world.status(payment) == .created)
            // At expiry the close job asks the gateway first, finds the trade paid, and settles it.
            try await world.drain(after: 1801)
            #expect(try await world.status(payment) == .paid)
            // The notification arrives two hours late: accepted, and it changes nothing.
            try await world.drain(after: SandboxPaymentGateway.lateDelay)
            #expect(try await world.notificationCount() == 1)
            #expect(try await world.jobs(SandboxCallbacks.kind).map(\.status) == ["done"])
            #expect(world.subject.count("paid") == 1)
            #expect(try await world.timelineKinds() == ["paid"])
        }
    }

    @Test func moneyForAnExpiredOrderIsRefunded() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            _ = try await world.open(payment)
            // Our side closed the order, but the payer's money arrives anyway (the close lost a race).
            let record = try #require(try await PaymentRecord.find(payment.id, on: world.app.db))
            record.status = PaymentStatus.expired.rawValue
            try await record.save(on: world.app.db)
            let deliveries = try await world.app.payments.sandbox(on: world.app.db, now: { world.clock.now })
                .pay(payment.orderNumber, scenario: .normal)
            #expect(
                try await world.notify(String(decoding: try #require(deliveries.first).body, as: UTF8.self)).text
                    == "success")
            try await world.drain()
            #expect(try await world.status(payment) == .refunded)
            let refunded = try #require(try await PaymentRecord.find(payment.id, on: world.app.db))
            #expect(refunded.refundReason == PaymentRefundReason.latePayment.rawValue)
            #expect(world.subject.calls == ["refunded"])
        }
    }

    @Test func releasingAnUnpaidOrderClosesItAtTheGateway() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            _ = try await world.open(payment)
            try await world.app.db.transaction { tx in
                try await PaymentService(application: world.app, now: world.clock.now).release(
                    subjectType: "application", subjectID: "app-1", reason: .subjectWithdrawn, actor: "account:test",
                    on: tx)
            }
            try await world.drain()
            #expect(try await world.status(payment) == .closed)
            let trade = try #require(try await SQLSandboxPaymentBook(database: world.app.db).trade(payment.orderNumber))
            #expect(trade.status == .closed)
            let refused = try await world.app.send(
                .POST, "/sandbox/pay/\(payment.orderNumber)?lang=en",
                headers: ["Content-Type": "application/x-www-form-urlencoded"], body: "outcome=pay&scenario=normal")
            #expect(refused.status == .conflict)
        }
    }
}

@Suite("Payments: creating orders")
struct PaymentOrderTests {
    @Test func aRepeatedOrderForTheSameSubjectAnswersTheFirstWhilePayableOrPaid() async throws {
        try await PaymentTesting.withPayments { world in
            let first = try await world.order()
            #expect(try await world.order() == first)
            #expect(try await world.order(amount: Money(yuan: 60)).id != first.id)
            #expect(try await world.audits("payment.created").count == 2)
            #expect(try await world.jobs(PaymentCloseJob.jobKind).count == 2)
        }
    }

    @Test func anExpiredOrderIsReplacedByANewOne() async throws {
        try await PaymentTesting.withPayments { world in
            let old = try await world.order(at: world.clock.now.addingTimeInterval(-3600))
            let new = try await world.order()
            #expect(new.id != old.id && new.orderNumber != old.orderNumber)
            #expect(new.expiresAt == world.clock.now.addingTimeInterval(1800))
        }
    }

    @Test func badAmountsAndSubjectsAreRefused() async throws {
        try await PaymentTesting.withPayments { world in
            await #expect(throws: PaymentService.Failure.invalidAmount) { _ = try await world.order(amount: .zero) }
            await #expect(throws: PaymentService.Failure.invalidSubject) { _ = try await world.order(subjectID: "") }
            let count = try await PaymentRecord.query(on: world.app.db).count()
            #expect(count == 0)
        }
    }
}
