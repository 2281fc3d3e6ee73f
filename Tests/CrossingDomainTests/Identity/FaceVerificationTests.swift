import CrossingDomain
import Foundation
import Testing

struct FaceVerificationTests {
    typealias F = IdentityFixtures
    static let policy = FaceVerificationPolicy.standard

    @Test(arguments: [
        (FaceVerificationOutcome.scored(score: 0.95), FaceJudgement.passed(score: 0.95)),
        (.scored(score: 0.80), .passed(score: 0.80)),
        (.scored(score: 0.7999), .failed(.noMatch)),
        (.scored(score: 0), .failed(.noMatch)),
        (.scored(score: 1.2), .failed(.providerUnavailable)),
        (.scored(score: -0.1), .failed(.providerUnavailable)),
        (.scored(score: .nan), .failed(.providerUnavailable)),
        (.livenessFailed, .failed(.livenessFailed)),
        (.challengeRejected, .failed(.challengeRejected)),
    ])
    func judgingAProviderOutcome(outcome: FaceVerificationOutcome, judgement: FaceJudgement) {
        #expect(Self.policy.judge(outcome) == judgement)
    }

    @Test func thresholdIsConfigurable() {
        let strict = FaceVerificationPolicy(matchThreshold: 0.9)
        #expect(strict.judge(.scored(score: 0.85)) == .failed(.noMatch))
        #expect(Self.policy.matchThreshold == 0.80 && Self.policy.freshness == 600)
    }

    @Test(arguments: [
        (FaceVerifierError.timedOut, FaceVerificationFailure.timedOut),
        (.noReferencePhoto, .noReferencePhoto),
        (.unavailable, .providerUnavailable),
    ])
    func providerErrorsBecomeFailuresForThePerson(error: FaceVerifierError, failure: FaceVerificationFailure) {
        #expect(FaceVerificationFailure(error) == failure)
    }

    @Test(arguments: [
        // (verified this many seconds before now, fresh)
        (0.0, true),
        (599.0, true),
        (600.0, false),
        (3_600.0, false),
        (-5.0, true),
        (-60.0, false),
    ])
    func aVerificationIsFreshForTenMinutes(secondsAgo: Double, fresh: Bool) {
        let record = FaceVerificationRecord(subject: PersonID("P1"), verifiedAt: F.at(-secondsAgo), score: 0.9)
        #expect(record.isFresh(now: F.now, policy: Self.policy) == fresh)
    }

    @Test(arguments: HighAssuranceAction.allCases)
    func highAssuranceActionsNeedAFreshVerification(action: HighAssuranceAction) {
        let fresh = FaceVerificationRecord(subject: PersonID("P1"), verifiedAt: F.at(-120), score: 0.9)
        let stale = FaceVerificationRecord(subject: PersonID("P1"), verifiedAt: F.at(-601), score: 0.9)
        #expect(HighAssurance.require(action, lastVerification: fresh, now: F.now, policy: Self.policy) == .satisfied)
        #expect(
            HighAssurance.require(action, lastVerification: stale, now: F.now, policy: Self.policy)
                == .faceVerificationRequired)
        let none = HighAssurance.require(action, lastVerification: nil, now: F.now, policy: Self.policy)
        #expect(none == .faceVerificationRequired)
        #expect(none.error?.code == "face-verification-required")
    }
}
