import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Notifications: enqueue in a transaction, send once per channel")
struct NotificationDeliveryTests {
    typealias T = NotificationTesting
    static let retryLater: TimeInterval = 2 * 3_600

    @Test func anEnqueueInATransactionThatRollsBackIsNeverSent() async throws {
        try await T.withRecipient { app, _, account in
            struct Abandoned: Error {}
            await #expect(throws: Abandoned.self) {
                try await app.db.transaction { transaction in
                    try await Notifications.enqueue(
                        to: .account(account), template: .dispatched, parameters: T.dispatched,
                        dedupeKey: "rolled-back",
                        on: transaction, now: app.services.now())
                    throw Abandoned()
                }
            }
            #expect(try await T.jobs(app).isEmpty)
            try await OutboxWorker(application: app).drain()
            #expect(try await T.notificationSMS(app).isEmpty)
            #expect(try await T.deliveries(app).isEmpty)
        }
    }

    @Test func byDefaultItGoesBySMSInTheAccountsLanguageAndIsRecorded() async throws {
        try await T.withRecipient { app, clock, account in
            #expect(try await T.enqueue(app, to: .account(account)))
            try await OutboxWorker(application: app).drain()
            let sms = try await T.notificationSMS(app)
            #expect(
                sms.map(\.text) == [
                    "[Crossing] The document for application R2026112200017 has been sent by EMS, waybill EA123456785CN."
                ])
            #expect(sms.first?.deduplicationKey == "application:R2026112200017:dispatched:sms")
            let rows = try await T.deliveries(app)
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(row.channel == "sms" && row.status == "sent" && row.accountID == account)
            #expect(row.recipientMasked == "138****5678" && row.providerMessageID == sms.first?.id)
            #expect(row.template == "dispatched" && row.language == "en" && row.attempt == 1)
            #expect(row.recordedAt == clock.now)
            #expect(try await T.jobs(app).map(\.status) == ["done"])
            let metrics = try await app.get("/metrics").text
            #expect(metrics.contains(#"notification_deliveries_total{channel="sms",status="sent"} 1"#))
        }
    }

    @Test func theSameEventEnqueuedTwiceIsQueuedOnce() async throws {
        try await T.withRecipient { app, _, account in
            #expect(try await T.enqueue(app, to: .account(account)))
            #expect(try await T.enqueue(app, to: .account(account)) == false)
            try await OutboxWorker(application: app).drain()
            #expect(try await T.notificationSMS(app).count == 1)
        }
    }

    @Test func aPersonKeyReachesTheirApplicantAccountInTheirChosenLanguage() async throws {
        try await T.withRecipient { app, _, account in
            try await T.prefer(app, account: account, channels: ["sms"], language: "zh")
            try await T.enqueue(app, to: .person("demo-beijing-citizen"))
            try await OutboxWorker(application: app).drain()
            #expect(
                try await T.notificationSMS(app).map(\.text) == [
                    "【出入境服务】申请R2026112200017的证件已交邮政EMS寄出，运单号EA123456785CN。"
                ])
        }
    }

    @Test func aReminderQueuedForTheDayBeforeWaitsUntilThen() async throws {
        try await T.withRecipient { app, clock, account in
            let sendAt = clock.now.addingTimeInterval(20 * 3_600)
            try await app.db.transaction { transaction in
                try await Notifications.enqueue(
                    to: .account(account), template: .appointmentReminder,
                    parameters: [
                        "office.zh": "东城分局出入境接待大厅", "office.en": "Dongcheng exit-entry hall",
                        "date": "2026-11-24", "time": "09:30", "bookingReference": "BK-20261124-07",
                    ], dedupeKey: "appointment:BK-20261124-07:reminder", notBefore: sendAt, on: transaction,
                    now: clock.now)
            }
            try await OutboxWorker(application: app).drain()
            #expect(try await T.notificationSMS(app).isEmpty)
            clock.advance(20 * 3_600)
            try await OutboxWorker(application: app).drain(now: clock.now)
            #expect(
                try await T.notificationSMS(app).map(\.text) == [
                    "[Crossing] Reminder: your appointment is tomorrow, 2026-11-24 at 09:30, at Dongcheng exit-entry hall, "
                        + "reference BK-20261124-07."
                ])
        }
    }

    @Test func aMissingParameterFailsTheCallersTransactionAndQueuesNothing() async throws {
        try await T.withRecipient { app, _, account in
            await #expect(throws: NotificationTemplateError.missingParameter(template: "dispatched", name: "waybill")) {
                try await T.enqueue(app, to: .account(account), parameters: ["applicationNumber": "R2026112200017"])
            }
            await #expect(throws: NotificationEnqueueError.invalidDedupeKey) {
                try await T.enqueue(app, to: .account(account), key: "")
            }
            let jobs = try await T.jobs(app)
            #expect(jobs.isEmpty)
        }
    }

    @Test func aJobRunTwiceSendsOnce() async throws {
        try await T.withRecipient { app, clock, account in
            try await T.prefer(
                app, account: account, channels: ["wechat", "alipay", "sms"], wechat: "oAbCdEfGhIjKlMnOpQrStUvWxYz0",
                alipay: "2088123456789012")
            try await T.enqueue(app, to: .account(account))
            try await OutboxWorker(application: app).drain()
            try await T.resetJobs(app, now: clock.now)
            try await OutboxWorker(application: app).drain()
            #expect(try await T.jobs(app).map(\.attempts) == [2])
            #expect(try await T.notificationSMS(app).count == 1)
            #expect(try await T.wechat(app).outbox().count == 1)
            #expect(try await T.alipay(app).outbox().count == 1)
            #expect(try await T.deliveries(app).map(\.channel) == ["alipay", "sms", "wechat"])
            #expect(try await T.deliveries(app).allSatisfy { $0.attempt == 1 && $0.status == "sent" })
        }
    }

    @Test func aCrashBetweenSendingAndRecordingIsCoveredByTheProvidersKey() async throws {
        try await T.withRecipient { app, clock, account in
            try await T.prefer(app, account: account, channels: ["wechat"], wechat: "oAbCdEfGhIjKlMnOpQrStUvWxYz0")
            try await T.enqueue(app, to: .account(account))
            try await OutboxWorker(application: app).drain()
            let first = try #require(try await T.deliveries(app).first)
            // As if the worker died after the provider accepted the message but before recording it.
            try await NotificationDeliveryRecord.query(on: app.db).delete()
            try await T.resetJobs(app, now: clock.now)
            try await OutboxWorker(application: app).drain()
            #expect(try await T.wechat(app).outbox().count == 1)
            let again = try #require(try await T.deliveries(app).first)
            #expect(again.providerMessageID == first.providerMessageID && again.attempt == 2)
        }
    }

    @Test func aTemporaryFailureRetriesOnlyTheMissingChannelAndThenSendsOnce() async throws {
        try await T.withRecipient { app, clock, account in
            try await T.prefer(
                app, account: account, channels: ["wechat", "sms"], wechat: SandboxWeChatNotifier.TestOpenIDs.busyOnce)
            try await T.enqueue(app, to: .account(account))
            try await OutboxWorker(application: app).drain()
            var job = try #require(try await T.jobs(app).first)
            #expect(job.status == "pending" && job.attempts == 1)
            #expect(job.lastError?.contains("temporarily unavailable: wechat") == true)
            #expect(try await T.deliveries(app).map(\.channel) == ["sms"])
            #expect(try await T.wechat(app).outbox().isEmpty)

            clock.advance(Self.retryLater)
            try await OutboxWorker(application: app).drain(now: clock.now)
            job = try #require(try await T.jobs(app).first)
            #expect(job.status == "done" && job.attempts == 2)
            #expect(try await T.wechat(app).outbox().count == 1)
            #expect(try await T.notificationSMS(app).count == 1)
            let wechat = try #require(try await T.deliveries(app).first { $0.channel == "wechat" })
            #expect(wechat.status == "sent" && wechat.attempt == 2)
        }
    }

    @Test func aTimeoutThatDeliveredIsNotSentAgainOnTheRetry() async throws {
        try await T.withRecipient { app, clock, account in
            try await T.prefer(
                app, account: account, channels: ["alipay"], alipay: SandboxAlipayNotifier.TestUserIDs.timesOut)
            try await T.enqueue(app, to: .account(account))
            try await OutboxWorker(application: app).drain()
            #expect(try await T.deliveries(app).isEmpty)
            clock.advance(Self.retryLater)
            try await OutboxWorker(application: app).drain(now: clock.now)
            #expect(try await T.alipay(app).outbox().count == 1)
            #expect(try await T.deliveries(app).map(\.status) == ["sent"])
            #expect(try await T.jobs(app).map(\.status) == ["done"])
        }
    }

    @Test func aPermanentFailureIsRecordedAndNotRetried() async throws {
        try await T.withRecipient { app, clock, account in
            try await T.prefer(
                app, account: account, channels: ["wechat"], wechat: SandboxWeChatNotifier.TestOpenIDs.unsubscribed)
            try await T.enqueue(app, to: .account(account))
            try await OutboxWorker(application: app).drain()
            let row = try #require(try await T.deliveries(app).first)
            #expect(row.channel == "wechat" && row.status == "failed" && row.error?.contains("43004") == true)
            #expect(row.recipientMasked == "oCro" + String(repeating: "*", count: 20) + "ed01")
            #expect(try await T.jobs(app).map(\.status) == ["done"])
            clock.advance(Self.retryLater * 10)
            try await OutboxWorker(application: app).drain(now: clock.now)
            #expect(try await T.jobs(app).map(\.attempts) == [1])
            #expect(try await T.wechat(app).outbox().isEmpty)
            #expect(try await T.deliveries(app).count == 1)
        }
    }

    @Test func aTemporaryFailureOnTheLastAttemptIsRecordedAsFailed() async throws {
        try await T.withRecipient { app, _, account in
            try await T.prefer(
                app, account: account, channels: ["wechat"], wechat: SandboxWeChatNotifier.TestOpenIDs.busyOnce)
            try await T.enqueue(app, to: .account(account))
            let job = try #require(try await T.jobs(app).first)
            job.attempts = job.maxAttempts - 1
            try await job.update(on: app.db)
            try await OutboxWorker(application: app).drain()
            let row = try #require(try await T.deliveries(app).first)
            #expect(row.status == "failed" && row.attempt == job.maxAttempts)
            #expect(row.error?.contains("temporarily unavailable on every one of") == true)
            #expect(try await T.jobs(app).map(\.status) == ["done"])
            #expect(try await T.wechat(app).outbox().isEmpty)
        }
    }

    @Test func twoWorkersRunningTheSameJobAtOnceSendOnce() async throws {
        try await T.withRecipient { app, clock, account in
            try await T.prefer(
                app, account: account, channels: ["wechat", "alipay", "sms"], wechat: "oAbCdEfGhIjKlMnOpQrStUvWxYz0",
                alipay: "2088123456789012")
            try await T.enqueue(app, to: .account(account))
            // One claim, handled twice in parallel: what happens when a lease runs out mid-job and a
            // second worker takes the job while the first is still sending.
            let jobs = try await OutboxWorker(application: app).claim(now: clock.now).filter {
                $0.kind == Notifications.jobKind
            }
            let job = try #require(jobs.first)
            let context = JobContext(
                application: app, database: app.db, logger: app.logger, now: clock.now)
            async let first: Void = SendNotificationHandler().handle(job, context: context)
            async let second: Void = SendNotificationHandler().handle(job, context: context)
            _ = try await (first, second)
            #expect(try await T.wechat(app).outbox().count == 1)
            #expect(try await T.alipay(app).outbox().count == 1)
            #expect(try await T.notificationSMS(app).count == 1)
            #expect(try await T.deliveries(app).map(\.channel) == ["alipay", "sms", "wechat"])
        }
    }

    @Test func aRecipientWithoutAnAccountIsADeadLetter() async throws {
        try await T.withRecipient { app, _, _ in
            try await T.enqueue(app, to: .person("nobody-here"))
            try await OutboxWorker(application: app).drain()
            let job = try #require(try await T.jobs(app).first)
            #expect(job.status == "dead" && job.lastError?.contains("no account") == true)
        }
    }
}
