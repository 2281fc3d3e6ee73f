import Foundation

// Ports of the identity capability: the outside parties and secret-keeping primitives the rules
// need. Adapters live in CrossingIntegrations (sandbox and live); tests use fakes that fail loudly
// on unexpected calls.

/// A person in the administration's registry (the real-name source of truth).
public struct PersonID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// One liveness challenge issued by the face-verification provider: the client must return a capture
/// bound to `nonce` before `expiresAt`. A nonce can be used once.
public struct LivenessChallenge: Hashable, Sendable, Codable {
    public var nonce: String
    public var subject: PersonID
    public var issuedAt: Date
    public var expiresAt: Date
    /// What the person is asked to do, in order (e.g. "blink", "turn-left"), as provider codes.
    public var actions: [String]

    public init(nonce: String, subject: PersonID, issuedAt: Date, expiresAt: Date, actions: [String]) {
        self.nonce = nonce
        self.subject = subject
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.actions = actions
    }
}

/// What the client sends back: the challenge's nonce and the captured sample (opaque to us; the
/// provider interprets it).
public struct FaceCapture: Hashable, Sendable, Codable {
    public var nonce: String
    public var sample: Data

    public init(nonce: String, sample: Data) {
        self.nonce = nonce
        self.sample = sample
    }
}

/// The provider's verdict on one capture.
public enum FaceVerificationOutcome: Hashable, Sendable, Codable {
    /// Liveness passed and the match score against the reference photo on file is `score` (0...1).
    case scored(score: Double)
    /// The capture was not of a live person (photo, screen, mask, or the actions were not done).
    case livenessFailed
    /// Unknown, expired or already used nonce, or a nonce issued for another person.
    case challengeRejected
}

public protocol FaceVerifier: Sendable {
    /// Starts a liveness challenge for `subject`.
    func startChallenge(for subject: PersonID, now: Date) async throws(FaceVerifierError) -> LivenessChallenge
    /// Checks a capture against the reference photo on file for `subject`.
    func verify(
        _ capture: FaceCapture, for subject: PersonID, now: Date
    ) async throws(FaceVerifierError)
        -> FaceVerificationOutcome
}

public enum FaceVerifierError: Error, Hashable, Sendable {
    /// The provider did not answer in time; the person may try again.
    case timedOut
    /// No reference photo on file for the person (they must visit a counter once).
    case noReferencePhoto
    /// The provider failed; the person may try again later.
    case unavailable
}

/// Channels a message can go out on.
public enum NotificationChannel: String, Hashable, Sendable, Codable, CaseIterable {
    case sms
    case wechat
    case alipay
}

/// A message to one person. `deduplicationKey` makes a retried send a no-op at the provider adapter.
public struct OutboundMessage: Hashable, Sendable, Codable {
    public var channel: NotificationChannel
    /// Mobile number for SMS, open ID for WeChat/Alipay.
    public var recipient: String
    public var template: String
    public var parameters: [String: String]
    public var language: Language
    public var deduplicationKey: String

    public init(
        channel: NotificationChannel, recipient: String, template: String, parameters: [String: String],
        language: Language, deduplicationKey: String
    ) {
        self.channel = channel
        self.recipient = recipient
        self.template = template
        self.parameters = parameters
        self.language = language
        self.deduplicationKey = deduplicationKey
    }
}

public struct DeliveryReceipt: Hashable, Sendable, Codable {
    public var providerMessageID: String
    /// True when the adapter had already sent a message with the same deduplication key.
    public var wasDuplicate: Bool

    public init(providerMessageID: String, wasDuplicate: Bool) {
        self.providerMessageID = providerMessageID
        self.wasDuplicate = wasDuplicate
    }
}

public enum NotifierError: Error, Hashable, Sendable {
    /// The recipient cannot receive on this channel (e.g. not a mainland mobile number).
    case undeliverable(reason: String)
    /// Temporary provider failure; retry later.
    case temporarilyUnavailable
}

public protocol Notifier: Sendable {
    func send(_ message: OutboundMessage) async throws(NotifierError) -> DeliveryReceipt
}

/// Keyed one-way digests: one-time codes are stored only as digests, and identity numbers are
/// looked up through a blind index, so neither is readable from the database.
public protocol KeyedDigest: Sendable {
    /// Stable digest of `value` under the configured key, as lowercase hex.
    func digest(_ value: String) -> String
}

/// Encrypts personal fields at rest. The output names the key it was sealed with, so keys rotate
/// without re-encrypting everything at once.
public protocol FieldCipher: Sendable {
    func seal(_ plaintext: String) throws(FieldCipherError) -> String
    func open(_ sealed: String) throws(FieldCipherError) -> String
}

public enum FieldCipherError: Error, Hashable, Sendable {
    case unknownKey(id: String)
    case malformed
    case authenticationFailed
}

/// Plain SHA-256, for the audit chain's links (not keyed: anyone holding the log can verify it).
public protocol ChainHasher: Sendable {
    func sha256Hex(_ data: Data) -> String
}
