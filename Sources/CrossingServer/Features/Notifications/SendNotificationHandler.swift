import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Metrics
import SQLKit

/// Runs `notification.send`: loads the person's preferences and language, renders, and sends on each
/// chosen channel with the key `<dedupe key>:<channel>`. Every outcome is recorded in
/// `notification_deliveries` (unique per key and channel), which is read before sending, so a job run
/// again sends only what is not recorded yet; the adapter's own deduplication on the per-channel key
/// covers a crash between sending and recording. A temporary failure retries the job (outbox backoff)
/// for the channels still missing; a permanent one is recorded as failed and not tried again.
struct SendNotificationHandler: JobHandler {
    let kind = Notifications.jobKind

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let payload = try job.decode(NotificationJob.self)
        let database = context.database
        guard let template = NotificationTemplateID(rawValue: payload.template) else {
            throw JobFailure.permanent("unknown notification template \(payload.template)")
        }
        let store = NotificationPreferenceStore(services: context.services, database: database)
        let found: NotificationSetup?
        switch payload.recipient {
        case .account(let id): found = try await store.setup(accountID: id)
        case .person(let key): found = try await store.setup(personKey: key)
        }
        guard let setup = found else { throw JobFailure.permanent("the recipient has no account") }
        let recorder = DeliveryRecorder(
            database: database, dedupeKey: payload.dedupeKey, accountID: setup.accountID, template: template,
            language: setup.preferences.language, attempt: job.attempt, now: context.now,
            metrics: context.services.metricsFactory)
        let done = try await recorder.recordedChannels()
        let targets = setup.targets
        if targets.isEmpty {
            if !done.contains(.sms) {
                try await recorder.record(
                    .sms, recipient: "", status: .failed, providerMessageID: nil,
                    error: "no verified mobile number and no bound channel")
            }
            return
        }
        let router = context.application.notificationRouter
        var waiting: [NotificationChannel] = []
        for target in targets where !done.contains(target.channel) {
            let message = OutboundMessage(
                channel: target.channel, recipient: target.recipient, template: template.rawValue,
                parameters: payload.parameters, language: setup.preferences.language,
                deduplicationKey: payload.dedupeKey + ":" + target.channel.rawValue)
            let outcome: Result<DeliveryReceipt, NotifierError>
            do {
                outcome = .success(try await router.send(message))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let receipt):
                try await recorder.record(
                    target.channel, recipient: target.recipient, status: .sent,
                    providerMessageID: receipt.providerMessageID, error: nil)
            case .failure(.undeliverable(let reason)):
                try await recorder.record(
                    target.channel, recipient: target.recipient, status: .failed, providerMessageID: nil,
                    error: reason)
            case .failure(.temporarilyUnavailable):
                if job.attempt >= job.maxAttempts {
                    try await recorder.record(
                        target.channel, recipient: target.recipient, status: .failed, providerMessageID: nil,
                        error: "temporarily unavailable on every one of \(job.maxAttempts) attempts")
                } else {
                    waiting.append(target.channel)
                }
            }
        }
        if !waiting.isEmpty { throw NotificationChannelsUnavailable(channels: waiting) }
    }
}

/// Retried by the outbox with backoff.
struct NotificationChannelsUnavailable: Error, CustomStringConvertible {
    var channels: [NotificationChannel]
    var description: String {
        "temporarily unavailable: " + channels.map(\.rawValue).joined(separator: ", ")
    }
}

/// Writes `notification_deliveries` rows; a row already there for the key and channel wins.
struct DeliveryRecorder {
    var database: any Database
    var dedupeKey: String
    var accountID: UUID
    var template: NotificationTemplateID
    var language: Language
    var attempt: Int
    var now: Date
    /// `notification_deliveries_total{channel, status}` on /metrics.
    var metrics: any MetricsFactory

    func recordedChannels() async throws -> Set<NotificationChannel> {
        let rows = try await NotificationDeliveryRecord.query(on: database).filter(\.$dedupeKey == dedupeKey).all()
        return Set(rows.compactMap { NotificationChannel(rawValue: $0.channel) })
    }

    func record(
        _ channel: NotificationChannel, recipient: String, status: NotificationDeliveryStatus,
        providerMessageID: String?, error: String?
    ) async throws {
        guard let sql = database as? any SQLDatabase else { throw OutboxUnavailable() }
        try await sql.insert(into: NotificationDeliveryRecord.schema)
            .columns(
                "id", "dedupe_key", "channel", "account_id", "template", "language", "recipient_masked", "status",
                "provider_message_id", "error", "attempt", "recorded_at"
            )
            .values(
                SQLBind(UUID()), SQLBind(dedupeKey), SQLBind(channel.rawValue), SQLBind(accountID),
                SQLBind(template.rawValue), SQLBind(language.rawValue),
                SQLBind(Self.mask(recipient, channel: channel)), SQLBind(status.rawValue), SQLBind(providerMessageID),
                SQLBind(error.map { String($0.prefix(500)) }), SQLBind(attempt), SQLBind(now)
            )
            .ignoringConflicts(with: ["dedupe_key", "channel"])
            .run()
        Metrics.Counter(
            label: "notification_deliveries_total",
            dimensions: [("channel", channel.rawValue), ("status", status.rawValue)],
            factory: metrics
        )
        .increment()
    }

    static func mask(_ recipient: String, channel: NotificationChannel) -> String {
        if recipient.isEmpty { return "" }
        switch channel {
        case .sms: return (try? MobileNumber.parse(recipient).masked) ?? BoundRecipientID.masked(recipient)
        case .wechat, .alipay: return BoundRecipientID.masked(recipient)
        }
    }
}
