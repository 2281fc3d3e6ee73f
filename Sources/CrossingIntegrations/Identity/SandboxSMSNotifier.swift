import CrossingDomain
import Foundation

/// One message the sandbox accepted.
public struct SentSMS: Hashable, Sendable, Codable {
    public var id: String
    public var recipient: String
    public var text: String
    public var template: String
    public var language: Language
    public var parameters: [String: String]
    public var sentAt: Date
    /// When the (simulated) handset got it: `sentAt`, or 30 s later for the late-delivery test number.
    public var deliveredAt: Date
    public var deduplicationKey: String
}

/// An SMS provider for development and tests: it renders the approved templates, keeps every
/// accepted message in an outbox that development pages and tests read, and never sends anything.
///
/// The server refuses to start with this notifier when the environment is production (the check
/// lives in the server's configuration and reads ``isSandbox``), because the outbox exposes
/// one-time codes.
///
/// Rules, as a real mainland provider applies them:
/// - only the `.sms` channel; the recipient must be a mainland mobile number `^1[3-9]\d{9}$`
///   (11 digits, no prefix), otherwise `.undeliverable`;
/// - templates `one-time-code` (parameters `code`, `minutes`, `purpose`), `sign-in-alert` (`time`,
///   `device`), `dependent-added` (`helper`) and `delegation-consent` (`code`, `minutes`, `helper`), in `zh` or `en`; any other template, or a missing
///   parameter, is `.undeliverable` (the provider's template review would reject it);
/// - a second send with the same `deduplicationKey` adds nothing and returns the first receipt with
///   `wasDuplicate == true`.
///
/// Documented test numbers (also in ``TestNumbers``):
/// - `13900000001`: always `.undeliverable`;
/// - `13900000002`: the first attempt for each deduplication key fails with `.temporarilyUnavailable`,
///   the retry succeeds;
/// - `13900000003`: accepted, but delivery is reported late: `deliveredAt` is `sentAt` + 30 s.
public actor SandboxSMSNotifier: Notifier {
    /// Read by the server at start-up to refuse this adapter in production.
    public static let isSandbox = true

    /// Recipients with a documented, fixed behaviour (see the type's documentation).
    public enum TestNumbers {
        public static let undeliverable = "13900000001"
        public static let failsFirstAttempt = "13900000002"
        public static let deliveredLate = "13900000003"
        /// How late `deliveredLate` is delivered.
        public static let lateDeliveryDelay: TimeInterval = 30
    }

    /// Templates this provider accepts.
    public static var templates: Set<String> { SMSTemplates.names }

    private let now: @Sendable () -> Date
    private var sent: [SentSMS] = []
    private var failedOnce: Set<String> = []
    private var sequence = 0

    /// - Parameter now: the clock for `sentAt`; tests pass a fixed one.
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    public func send(_ message: OutboundMessage) throws(NotifierError) -> DeliveryReceipt {
        if let earlier = sent.first(where: { $0.deduplicationKey == message.deduplicationKey }) {
            return DeliveryReceipt(providerMessageID: earlier.id, wasDuplicate: true)
        }
        guard message.channel == .sms else {
            throw .undeliverable(reason: "this provider sends SMS only, not \(message.channel.rawValue)")
        }
        guard Self.isMainlandMobile(message.recipient) else {
            throw .undeliverable(reason: "the recipient is not an 11-digit mainland mobile number")
        }
        guard message.recipient != TestNumbers.undeliverable else {
            throw .undeliverable(reason: "the number is out of service (sandbox test number)")
        }
        let text = try SMSTemplates.render(message.template, language: message.language, parameters: message.parameters)
            .get()
        if message.recipient == TestNumbers.failsFirstAttempt, failedOnce.insert(message.deduplicationKey).inserted {
            throw .temporarilyUnavailable
        }
        sequence += 1
        let sentAt = now()
        let delay = message.recipient == TestNumbers.deliveredLate ? TestNumbers.lateDeliveryDelay : 0
        let sms = SentSMS(
            id: "sandbox-sms-\(sequence)", recipient: message.recipient, text: text, template: message.template,
            language: message.language, parameters: message.parameters, sentAt: sentAt,
            deliveredAt: sentAt.addingTimeInterval(delay), deduplicationKey: message.deduplicationKey)
        sent.append(sms)
        return DeliveryReceipt(providerMessageID: sms.id, wasDuplicate: false)
    }

    /// Every accepted message, oldest first.
    public func outbox() -> [SentSMS] { sent }

    /// Accepted messages to one number, oldest first.
    public func messages(to recipient: String) -> [SentSMS] {
        sent.filter { $0.recipient == recipient }
    }

    /// The code in the latest one-time-code message to `recipient`, for development pages and tests.
    public func lastCode(to recipient: String) -> String? {
        sent.last {
            $0.recipient == recipient
                && ($0.template == SMSTemplates.oneTimeCode || $0.template == SMSTemplates.delegationConsent)
        }?.parameters["code"]
    }

    /// `^1[3-9]\d{9}$` without a regex: 11 ASCII digits, the first 1, the second 3–9.
    static func isMainlandMobile(_ number: String) -> Bool {
        let digits = Array(number.utf8)
        guard digits.count == 11, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return false }
        return digits[0] == UInt8(ascii: "1") && (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(digits[1])
    }
}
