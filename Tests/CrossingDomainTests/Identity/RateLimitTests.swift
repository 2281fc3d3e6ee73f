import CrossingDomain
import Foundation
import Testing

struct RateLimitTests {
    typealias F = IdentityFixtures

    @Test func namedRules() {
        #expect(RateLimitRule.signInPerAccount == RateLimitRule(name: "sign-in-per-account", limit: 5, window: 900))
        #expect(RateLimitRule.signInPerAddress.limit == 30 && RateLimitRule.signInPerAddress.window == 900)
        #expect(RateLimitRule.codeSendPerRecipient.limit == 5 && RateLimitRule.codeSendPerRecipient.window == 3600)
        #expect(RateLimitRule.codeSendPerAddress.limit == 20 && RateLimitRule.codeSendPerAddress.window == 3600)
        #expect(RateLimitRule.codeCheckPerChallenge.limit == 5 && RateLimitRule.codeCheckPerChallenge.window.isInfinite)
    }

    @Test(arguments: [
        // (seconds ago of earlier events, decision) for 5 per 15 minutes
        ([Double](), RateLimitDecision.allowed(remaining: 4)),
        ([10, 20, 30], .allowed(remaining: 1)),
        ([10, 20, 30, 40], .allowed(remaining: 0)),
        ([10, 20, 30, 40, 50], .limited(retryAfter: 850)),
        ([10, 20, 30, 40, 50, 60], .limited(retryAfter: 850)),
        ([100, 200, 300, 400, 500, 600, 700], .limited(retryAfter: 400)),
        ([10, 20, 30, 40, 900], .allowed(remaining: 0)),
        ([10, 20, 30, 40, 899], .limited(retryAfter: 1)),
        ([-5, 20, 30, 40, 50], .limited(retryAfter: 850)),
    ])
    func slidingWindow(secondsAgo: [Double], decision: RateLimitDecision) {
        let events = secondsAgo.map { F.at(-$0) }
        #expect(RateLimiter.decide(.signInPerAccount, recentEvents: events, now: F.now) == decision)
    }

    @Test func aTotalLimitNeverSlides() {
        let events = (0..<5).map { F.at(-Double($0) * 86_400) }
        let decision = RateLimiter.decide(.codeCheckPerChallenge, recentEvents: events, now: F.now)
        #expect(decision == .limited(retryAfter: .infinity))
        #expect(decision.error?.code == "rate-limited")
        #expect(
            RateLimiter.decide(.codeCheckPerChallenge, recentEvents: Array(events.prefix(4)), now: F.now)
                == .allowed(remaining: 0))
    }

    /// (failure seconds ago, previous locks, locked until this many seconds from now; nil when open)
    static let lockouts: [([Double], Int, Double?)] = [
        ([10, 20, 30, 40], 0, nil),
        ([10, 20, 30, 40, 50], 0, 890),
        ([10, 20, 30, 40, 50], 1, 1_790),
        ([10, 20, 30, 40, 50], 3, 7_190),
        ([10, 20, 30, 40, 50], 10, 86_390),
        ([10, 20, 30, 40, 50], 1_000, 86_390),
        ([10, 20, 30, 40, 910], 0, nil),
        ([1_000, 1_010, 1_020, 1_030, 1_040], 0, nil),
        ([1_000, 1_010, 1_020, 1_030, 1_040], 1, 800),
    ]

    @Test(arguments: lockouts)
    func lockingAfterRepeatedFailures(secondsAgo: [Double], previousLocks: Int, lockedFor: Double?) {
        let state = LockoutPolicy.standard.decide(
            failures: secondsAgo.map { F.at(-$0) }, previousLocks: previousLocks, now: F.now)
        #expect(state == (lockedFor.map { .locked(until: F.at($0)) } ?? .open))
    }

    @Test func lockDurationsDouble() {
        let policy = LockoutPolicy.standard
        #expect(
            (0...7).map(policy.lockDuration(afterPreviousLocks:)) == [
                900, 1_800, 3_600, 7_200, 14_400, 28_800, 57_600, 86_400,
            ])
        #expect(policy.lockDuration(afterPreviousLocks: -3) == 900)
        #expect(LockoutState.locked(until: F.at(120)).error(now: F.now)?.code == "account-locked")
    }
}
