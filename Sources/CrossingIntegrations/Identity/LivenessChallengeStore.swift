import CrossingDomain
import Foundation

/// Where the sandbox face-verification provider keeps the challenges it issued. A real provider keeps
/// them at its own end, shared by all our servers; the sandbox runs inside each server, so with several
/// instances its challenges must live in the shared database (the server's implementation), not in
/// one process. ``InMemoryLivenessChallengeStore`` serves single-process use and tests.
public protocol LivenessChallengeStore: Sendable {
    /// Keeps a new challenge. Throws if it cannot (the provider then reports itself unavailable).
    func save(_ challenge: LivenessChallenge) async throws
    /// Takes the challenge with `nonce` out of use and returns it, or nil when the nonce is unknown
    /// or already used. Atomic: of any number of concurrent calls with one nonce, one gets it.
    /// Expiry is the caller's to judge (an expired nonce is used up by the attempt all the same).
    func consume(nonce: String, now: Date) async throws -> LivenessChallenge?
}

public actor InMemoryLivenessChallengeStore: LivenessChallengeStore {
    private var pending: [String: LivenessChallenge] = [:]

    public init() {}

    public func save(_ challenge: LivenessChallenge) {
        pending = pending.filter { $0.value.expiresAt > challenge.issuedAt }
        pending[challenge.nonce] = challenge
    }

    public func consume(nonce: String, now: Date) -> LivenessChallenge? {
        pending.removeValue(forKey: nonce)
    }
}
