import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

@Suite("Sandbox face verifier")
struct SandboxFaceVerifierTests {
    let alice = PersonID("person-alice")
    let bob = PersonID("person-bob")
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func verifier(seed: UInt64 = 42) -> SandboxFaceVerifier {
        SandboxFaceVerifier(
            referencePhotos: [alice: "ref-alice", bob: "ref-bob"], random: SeededGenerator(seed: seed))
    }

    func capture(_ challenge: LivenessChallenge, face: String, actions: [String]? = nil) throws -> FaceCapture {
        FaceCapture(
            nonce: challenge.nonce,
            sample: try SandboxFaceVerifier.sample(face: face, actions: actions ?? challenge.actions))
    }

    @Test func aChallengeHasANonceActionsAndAnExpiry() async throws {
        let challenge = try await verifier().startChallenge(for: alice, now: now)
        #expect(challenge.subject == alice)
        #expect(challenge.issuedAt == now)
        #expect(challenge.expiresAt == now.addingTimeInterval(120))
        #expect(challenge.nonce.count == 32 && challenge.nonce.allSatisfy { "0123456789abcdef".contains($0) })
        #expect((2...3).contains(challenge.actions.count))
        #expect(Set(challenge.actions).count == challenge.actions.count)
        #expect(challenge.actions.allSatisfy(SandboxFaceVerifier.actionCodes.contains))
    }

    @Test func challengesDifferAndUseBothTwoAndThreeActions() async throws {
        let verifier = verifier()
        var nonces: Set<String> = []
        var counts: Set<Int> = []
        for _ in 0..<40 {
            let challenge = try await verifier.startChallenge(for: alice, now: now)
            nonces.insert(challenge.nonce)
            counts.insert(challenge.actions.count)
        }
        #expect(nonces.count == 40)
        #expect(counts == [2, 3])
    }

    @Test func theLifetimeIsConfigurable() async throws {
        let verifier = SandboxFaceVerifier(
            referencePhotos: [alice: "ref-alice"], challengeLifetime: 30, random: SeededGenerator(seed: 1))
        #expect(try await verifier.startChallenge(for: alice, now: now).expiresAt == now.addingTimeInterval(30))
    }

    @Test func noReferencePhotoMeansNoChallenge() async throws {
        let verifier = verifier()
        let carol = PersonID("person-carol")
        await #expect(throws: FaceVerifierError.noReferencePhoto) {
            try await verifier.startChallenge(for: carol, now: now)
        }
        await verifier.enrol(carol, referenceToken: "ref-carol")
        let challenge = try await verifier.startChallenge(for: carol, now: now)
        #expect(
            try await verifier.verify(capture(challenge, face: "ref-carol"), for: carol, now: now)
                == .scored(score: 0.97))
    }

    @Test func theReferenceFaceScoresHigh() async throws {
        let verifier = verifier()
        let challenge = try await verifier.startChallenge(for: alice, now: now)
        let outcome = try await verifier.verify(capture(challenge, face: "ref-alice"), for: alice, now: now)
        #expect(outcome == .scored(score: SandboxFaceVerifier.TestInputs.matchScore))
    }

    @Test func anotherFaceScoresLowAndTheSameEachTime() async throws {
        var scores: [FaceVerificationOutcome] = []
        for seed in [UInt64(1), 2] {
            let verifier = verifier(seed: seed)
            let challenge = try await verifier.startChallenge(for: alice, now: now)
            scores.append(try await verifier.verify(capture(challenge, face: "ref-bob"), for: alice, now: now))
        }
        // 0.05 + (first 8 bytes of SHA-256("ref-alice\0ref-bob") mod 51) / 100, computed independently.
        #expect(scores == [.scored(score: 0.5), .scored(score: 0.5)])
    }

    @Test(arguments: ["ref-bob", "someone-else", "", "照片", "sandbox:unknown"])
    func otherFacesStayInTheLowRange(face: String) async throws {
        let verifier = verifier()
        let challenge = try await verifier.startChallenge(for: alice, now: now)
        let outcome = try await verifier.verify(capture(challenge, face: face), for: alice, now: now)
        guard case .scored(let score) = outcome else {
            Issue.record("expected a score, got \(outcome)")
            return
        }
        #expect(SandboxFaceVerifier.TestInputs.mismatchScores.contains(score))
    }

    @Test(arguments: [
        (SandboxFaceVerifier.TestInputs.borderline, FaceVerificationOutcome.scored(score: 0.80)),
        (SandboxFaceVerifier.TestInputs.low, .scored(score: 0.79)),
        (SandboxFaceVerifier.TestInputs.spoof, .livenessFailed),
    ])
    func documentedTestFacesGiveTheirOutcome(face: String, expected: FaceVerificationOutcome) async throws {
        let verifier = verifier()
        let challenge = try await verifier.startChallenge(for: alice, now: now)
        #expect(try await verifier.verify(capture(challenge, face: face), for: alice, now: now) == expected)
    }

    @Test(arguments: [
        (SandboxFaceVerifier.TestInputs.timeout, FaceVerifierError.timedOut),
        (SandboxFaceVerifier.TestInputs.unavailable, .unavailable),
    ])
    func documentedTestFacesThrowTheirError(face: String, expected: FaceVerifierError) async throws {
        let verifier = verifier()
        let challenge = try await verifier.startChallenge(for: alice, now: now)
        let attempt = try capture(challenge, face: face)
        await #expect(throws: expected) { try await verifier.verify(attempt, for: alice, now: now) }
        // The failed call still used the nonce up: the person starts a new challenge.
        let retry = try capture(challenge, face: "ref-alice")
        #expect(try await verifier.verify(retry, for: alice, now: now) == .challengeRejected)
    }

    @Test func actionsMustBeExactlyTheChallengesInOrder() async throws {
        let verifier = verifier()
        for wrong in [
            { (a: [String]) in Array(a.reversed()) }, { Array($0.dropLast()) }, { $0 + ["nod"] }, { _ in [] },
        ] {
            let challenge = try await verifier.startChallenge(for: alice, now: now)
            let attempt = try capture(challenge, face: "ref-alice", actions: wrong(challenge.actions))
            #expect(try await verifier.verify(attempt, for: alice, now: now) == .livenessFailed)
        }
    }

    @Test(arguments: ["", "not json", "{\"face\": \"ref-alice\"}", "{\"actions\": []}", "[1, 2]"])
    func anUnreadableSampleFailsLiveness(sample: String) async throws {
        let verifier = verifier()
        let challenge = try await verifier.startChallenge(for: alice, now: now)
        let attempt = FaceCapture(nonce: challenge.nonce, sample: Data(sample.utf8))
        #expect(try await verifier.verify(attempt, for: alice, now: now) == .livenessFailed)
    }

    @Test func aNonceWorksOnceEvenAfterSuccess() async throws {
        let verifier = verifier()
        let challenge = try await verifier.startChallenge(for: alice, now: now)
        let attempt = try capture(challenge, face: "ref-alice")
        #expect(try await verifier.verify(attempt, for: alice, now: now) == .scored(score: 0.97))
        #expect(try await verifier.verify(attempt, for: alice, now: now) == .challengeRejected)
    }

    @Test func aFailedAttemptUsesTheNonceUp() async throws {
        let verifier = verifier()
        let challenge = try await verifier.startChallenge(for: alice, now: now)
        let spoof = try capture(challenge, face: SandboxFaceVerifier.TestInputs.spoof)
        #expect(try await verifier.verify(spoof, for: alice, now: now) == .livenessFailed)
        let honest = try capture(challenge, face: "ref-alice")
        #expect(try await verifier.verify(honest, for: alice, now: now) == .challengeRejected)
    }

    @Test(arguments: [(119.999, true), (120, false), (121, false), (3600, false)])
    func aNonceExpires(elapsed: TimeInterval, accepted: Bool) async throws {
        let verifier = verifier()
        let challenge = try await verifier.startChallenge(for: alice, now: now)
        let outcome = try await verifier.verify(
            capture(challenge, face: "ref-alice"), for: alice, now: now.addingTimeInterval(elapsed))
        #expect(outcome == (accepted ? .scored(score: 0.97) : .challengeRejected))
    }

    @Test func expiredChallengesAreForgottenWhenNewOnesStart() async throws {
        let verifier = verifier()
        let old = try await verifier.startChallenge(for: alice, now: now)
        _ = try await verifier.startChallenge(for: alice, now: now.addingTimeInterval(500))
        #expect(try await verifier.verify(capture(old, face: "ref-alice"), for: alice, now: now) == .challengeRejected)
    }

    @Test func aNonceIssuedForSomeoneElseIsRejectedAndUsedUp() async throws {
        let verifier = verifier()
        let challenge = try await verifier.startChallenge(for: alice, now: now)
        #expect(
            try await verifier.verify(capture(challenge, face: "ref-bob"), for: bob, now: now) == .challengeRejected)
        #expect(
            try await verifier.verify(capture(challenge, face: "ref-alice"), for: alice, now: now) == .challengeRejected
        )
    }

    @Test func anUnknownNonceIsRejected() async throws {
        let verifier = verifier()
        let attempt = FaceCapture(
            nonce: "00000000000000000000000000000000",
            sample: try SandboxFaceVerifier.sample(face: "ref-alice", actions: ["blink", "nod"]))
        #expect(try await verifier.verify(attempt, for: alice, now: now) == .challengeRejected)
    }
}
