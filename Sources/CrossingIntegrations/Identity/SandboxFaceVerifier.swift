import CrossingDomain
import Crypto
import Foundation

/// A face-verification provider for development and tests that keeps the rules a real provider
/// keeps: single-use nonces that expire, liveness actions done in the asked order, and a match
/// score against the reference photo on file. "Photos" are opaque tokens.
///
/// The capture's `sample` is UTF-8 JSON: `{"face": "<token>", "actions": ["blink", ...]}`
/// (build one with ``sample(face:actions:)``).
///
/// Checks, in order:
/// 1. The nonce is looked up and consumed, whatever happens next (a nonce is good for one try), in the
///    ``LivenessChallengeStore`` (this process's memory, or the server's database for several instances).
/// 2. Documented test faces that stand for provider failures: `sandbox:timeout` throws `.timedOut`,
///    `sandbox:unavailable` throws `.unavailable`.
/// 3. Unknown, expired (`now >= expiresAt`) or already used nonce, or one issued for another person:
///    `.challengeRejected`.
/// 4. An unreadable sample, the test face `sandbox:spoof`, or actions that are not exactly the
///    challenge's in order: `.livenessFailed`.
/// 5. Scores: `sandbox:borderline` → 0.80 (exactly the domain's match threshold), `sandbox:low` →
///    0.79 (just under it), the subject's own reference token → 0.97, any other face → a
///    deterministic score in 0.05...0.55 derived from SHA-256 of the two tokens.
///
/// See ``TestInputs`` for the same list as constants.
public actor SandboxFaceVerifier: FaceVerifier {
    /// Face tokens with a documented, fixed behaviour (see the type's documentation).
    public enum TestInputs {
        /// Liveness fails even when the actions are right: a photo held up to the camera.
        public static let spoof = "sandbox:spoof"
        /// The provider does not answer: `verify` throws `.timedOut`.
        public static let timeout = "sandbox:timeout"
        /// The provider is down: `verify` throws `.unavailable`.
        public static let unavailable = "sandbox:unavailable"
        /// Liveness passes and the score is exactly 0.80, the match threshold.
        public static let borderline = "sandbox:borderline"
        /// Liveness passes and the score is 0.79, just under the threshold.
        public static let low = "sandbox:low"

        public static let borderlineScore = 0.80
        public static let lowScore = 0.79
        /// The score when the face is the subject's own reference token.
        public static let matchScore = 0.97
        /// Any other face scores within this range.
        public static let mismatchScores: ClosedRange<Double> = 0.05...0.55
    }

    /// The liveness actions a challenge draws from, as provider codes.
    public static let actionCodes = ["blink", "turn-left", "turn-right", "nod", "open-mouth"]

    private var referencePhotos: [PersonID: String]
    private let challenges: any LivenessChallengeStore
    private var random: SendableGenerator
    public let challengeLifetime: TimeInterval

    /// `challenges` is where issued challenges live: in this process by default; the server passes a
    /// database-backed store so that any instance can check a challenge another one issued.
    public init(
        referencePhotos: [PersonID: String], challengeLifetime: TimeInterval = 120,
        challenges: any LivenessChallengeStore = InMemoryLivenessChallengeStore(),
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) {
        self.referencePhotos = referencePhotos
        self.challengeLifetime = challengeLifetime
        self.challenges = challenges
        self.random = SendableGenerator(base: random)
    }

    /// Puts a reference photo on file (the counter visit), replacing any earlier one.
    public func enrol(_ person: PersonID, referenceToken: String) {
        referencePhotos[person] = referenceToken
    }

    public func startChallenge(for subject: PersonID, now: Date) async throws(FaceVerifierError) -> LivenessChallenge {
        guard referencePhotos[subject] != nil else { throw .noReferencePhoto }
        // 128 random bits: a collision is not a practical concern (the database store's nonce is unique anyway).
        let nonce = newNonce()
        let count = Int.random(in: 2...3, using: &random)
        let actions = Array(Self.actionCodes.shuffled(using: &random).prefix(count))
        let challenge = LivenessChallenge(
            nonce: nonce, subject: subject, issuedAt: now, expiresAt: now.addingTimeInterval(challengeLifetime),
            actions: actions)
        do {
            try await challenges.save(challenge)
        } catch {
            throw .unavailable
        }
        return challenge
    }

    public func verify(
        _ capture: FaceCapture, for subject: PersonID, now: Date
    ) async throws(FaceVerifierError) -> FaceVerificationOutcome {
        let challenge: LivenessChallenge?
        do {
            challenge = try await challenges.consume(nonce: capture.nonce, now: now)
        } catch {
            throw .unavailable
        }
        let sample = try? JSONDecoder().decode(Sample.self, from: capture.sample)
        switch sample?.face {
        case TestInputs.timeout: throw .timedOut
        case TestInputs.unavailable: throw .unavailable
        default: break
        }
        guard let challenge, challenge.subject == subject, now < challenge.expiresAt else { return .challengeRejected }
        guard let sample, sample.face != TestInputs.spoof, sample.actions == challenge.actions else {
            return .livenessFailed
        }
        guard let reference = referencePhotos[subject] else { throw .noReferencePhoto }
        switch sample.face {
        case TestInputs.borderline: return .scored(score: TestInputs.borderlineScore)
        case TestInputs.low: return .scored(score: TestInputs.lowScore)
        case reference: return .scored(score: TestInputs.matchScore)
        default: return .scored(score: Self.mismatchScore(reference: reference, face: sample.face))
        }
    }

    /// Builds a capture sample in the format `verify` reads.
    public static func sample(face: String, actions: [String]) throws -> Data {
        try JSONEncoder().encode(Sample(face: face, actions: actions))
    }

    /// A stable score for a face that is not the reference: 0.05 + (h mod 51) / 100, where h is the
    /// first 8 bytes of SHA-256(reference ‖ 0x00 ‖ face). Stable so that tests and demos repeat.
    static func mismatchScore(reference: String, face: String) -> Double {
        var input = Data(reference.utf8)
        input.append(0)
        input.append(contentsOf: face.utf8)
        let hash = Array(SHA256.hash(data: input))
        let prefix = hash.prefix(8).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        return Double(5 + prefix % 51) / 100
    }

    /// 128 random bits as lowercase hex: unguessable, so a capture cannot be prepared in advance.
    private func newNonce() -> String {
        let bytes = (0..<2).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0) } }
        return bytes.lowercaseHex
    }

    /// Gives the stored existential a concrete type, so it can be passed `inout` to the standard
    /// library's generic random APIs.
    private struct SendableGenerator: RandomNumberGenerator, Sendable {
        var base: any RandomNumberGenerator & Sendable
        mutating func next() -> UInt64 { base.next() }
    }

    private struct Sample: Codable {
        var face: String
        var actions: [String]
    }
}
