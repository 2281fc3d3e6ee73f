import CrossingDomain
import Foundation

/// One message a sandbox WeChat or Alipay channel accepted.
public struct SentChannelMessage: Hashable, Sendable, Codable {
    public var id: String
    public var channel: NotificationChannel
    public var recipient: String
    public var template: String
    public var language: Language
    public var rendered: RenderedNotification
    /// The absolute link the message carries (WeChat and Alipay open it in their in-app browser).
    public var link: String?
    public var sentAt: Date
    public var deduplicationKey: String
}

/// The rules both sandbox messaging platforms share, as their real counterparts apply them:
/// - only their own channel, and only to an id bound to the account (a WeChat open id of the
///   official account, an Alipay user id), otherwise `.undeliverable`;
/// - only templates in the catalogue (the templates registered with the platform); an unknown
///   template or a missing or malformed parameter is `.undeliverable`;
/// - a second send with the same deduplication key adds nothing and answers the first receipt with
///   `wasDuplicate == true`;
/// - documented test recipients: one that always fails permanently, one whose first attempt per
///   deduplication key fails temporarily, and one whose first attempt is delivered but the answer
///   times out (`.temporarilyUnavailable`; the retry finds the delivered message by its key).
struct SandboxMessagingPlatform: Sendable {
    struct TestRecipients: Sendable {
        var permanentFailure: String
        var failsFirstAttempt: String
        var timesOutFirstAttempt: String
    }

    let channel: NotificationChannel
    let idPrefix: String
    let linkBase: String
    let testRecipients: TestRecipients
    let permanentFailureReason: String
    let validate: @Sendable (String) -> Bool
    private(set) var sent: [SentChannelMessage] = []
    private var attempted: Set<String> = []
    private var sequence = 0

    init(
        channel: NotificationChannel, idPrefix: String, linkBase: String, testRecipients: TestRecipients,
        permanentFailureReason: String, validate: @escaping @Sendable (String) -> Bool
    ) {
        self.channel = channel
        self.idPrefix = idPrefix
        self.linkBase = linkBase.hasSuffix("/") ? String(linkBase.dropLast()) : linkBase
        self.testRecipients = testRecipients
        self.permanentFailureReason = permanentFailureReason
        self.validate = validate
    }

    mutating func send(_ message: OutboundMessage, now: Date) throws(NotifierError) -> DeliveryReceipt {
        if let earlier = sent.first(where: { $0.deduplicationKey == message.deduplicationKey }) {
            return DeliveryReceipt(providerMessageID: earlier.id, wasDuplicate: true)
        }
        guard message.channel == channel else {
            throw .undeliverable(
                reason: "this platform sends \(channel.rawValue) only, not \(message.channel.rawValue)")
        }
        guard validate(message.recipient) else {
            throw .undeliverable(reason: "the recipient is not a \(channel.rawValue) id bound to this service")
        }
        guard message.recipient != testRecipients.permanentFailure else {
            throw .undeliverable(reason: permanentFailureReason)
        }
        let rendered: RenderedNotification
        do {
            rendered = try NotificationCatalogue.render(
                message.template, channel: channel, language: message.language, parameters: message.parameters)
        } catch {
            throw .undeliverable(reason: "rejected by the platform's template check: \(error)")
        }
        let firstAttempt = attempted.insert(message.deduplicationKey).inserted
        if message.recipient == testRecipients.failsFirstAttempt, firstAttempt {
            throw .temporarilyUnavailable
        }
        sequence += 1
        let delivered = SentChannelMessage(
            id: "\(idPrefix)-\(sequence)", channel: channel, recipient: message.recipient, template: message.template,
            language: message.language, rendered: rendered, link: rendered.linkPath.map { linkBase + $0 },
            sentAt: now, deduplicationKey: message.deduplicationKey)
        sent.append(delivered)
        if message.recipient == testRecipients.timesOutFirstAttempt, firstAttempt {
            // Delivered, but the answer never reached us: the caller retries with the same key.
            throw .temporarilyUnavailable
        }
        return DeliveryReceipt(providerMessageID: delivered.id, wasDuplicate: false)
    }
}

/// A WeChat official account's template messages, for development and tests. Never sends anything.
///
/// Documented test open ids (also in ``TestOpenIDs``):
/// - `oCrossingTest-unsubscribed01`: the user unfollowed the official account (WeChat error 43004):
///   always `.undeliverable`;
/// - `oCrossingTest-busy-once00001`: the first attempt per deduplication key answers "system busy"
///   (WeChat error -1, `.temporarilyUnavailable`); the retry succeeds;
/// - `oCrossingTest-timeout0000001`: the first attempt is delivered but the answer times out
///   (`.temporarilyUnavailable`); the retry answers the first receipt (`wasDuplicate`), so the
///   person gets one message.
public actor SandboxWeChatNotifier: Notifier {
    public static let isSandbox = true

    public enum TestOpenIDs {
        public static let unsubscribed = "oCrossingTest-unsubscribed01"
        public static let busyOnce = "oCrossingTest-busy-once00001"
        public static let timesOut = "oCrossingTest-timeout0000001"
    }

    private let now: @Sendable () -> Date
    private var platform: SandboxMessagingPlatform

    /// - Parameters:
    ///   - linkBase: the portal's public address; message links are `linkBase` + the template's path.
    ///   - now: the clock for `sentAt`; tests pass a fixed one.
    public init(linkBase: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
        platform = SandboxMessagingPlatform(
            channel: .wechat, idPrefix: "sandbox-wechat", linkBase: linkBase,
            testRecipients: .init(
                permanentFailure: TestOpenIDs.unsubscribed, failsFirstAttempt: TestOpenIDs.busyOnce,
                timesOutFirstAttempt: TestOpenIDs.timesOut),
            permanentFailureReason: "43004 require subscribe: the user does not follow the official account",
            validate: { (try? BoundRecipientID.weChatOpenID($0)) == $0 })
    }

    public func send(_ message: OutboundMessage) throws(NotifierError) -> DeliveryReceipt {
        try platform.send(message, now: now())
    }

    /// Every accepted message, oldest first.
    public func outbox() -> [SentChannelMessage] { platform.sent }

    public func messages(to recipient: String) -> [SentChannelMessage] {
        platform.sent.filter { $0.recipient == recipient }
    }
}

/// Alipay messages (life account / mini-program service messages), for development and tests.
/// Never sends anything.
///
/// Documented test user ids (also in ``TestUserIDs``):
/// - `2088000000000001`: the user withdrew the message authorisation: always `.undeliverable`;
/// - `2088000000000002`: the first attempt per deduplication key fails (`.temporarilyUnavailable`,
///   Alipay `isp.unknow-error`); the retry succeeds;
/// - `2088000000000003`: the first attempt is delivered but the answer times out; the retry answers
///   the first receipt (`wasDuplicate`).
public actor SandboxAlipayNotifier: Notifier {
    public static let isSandbox = true

    public enum TestUserIDs {
        public static let authorisationWithdrawn = "2088000000000001"
        public static let failsOnce = "2088000000000002"
        public static let timesOut = "2088000000000003"
    }

    private let now: @Sendable () -> Date
    private var platform: SandboxMessagingPlatform

    public init(linkBase: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
        platform = SandboxMessagingPlatform(
            channel: .alipay, idPrefix: "sandbox-alipay", linkBase: linkBase,
            testRecipients: .init(
                permanentFailure: TestUserIDs.authorisationWithdrawn, failsFirstAttempt: TestUserIDs.failsOnce,
                timesOutFirstAttempt: TestUserIDs.timesOut),
            permanentFailureReason: "the user has withdrawn the message authorisation",
            validate: { (try? BoundRecipientID.alipayUserID($0)) == $0 })
    }

    public func send(_ message: OutboundMessage) throws(NotifierError) -> DeliveryReceipt {
        try platform.send(message, now: now())
    }

    public func outbox() -> [SentChannelMessage] { platform.sent }

    public func messages(to recipient: String) -> [SentChannelMessage] {
        platform.sent.filter { $0.recipient == recipient }
    }
}
