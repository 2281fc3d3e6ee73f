import CrossingDomain
import Foundation
import Testing

@Suite("Retry policy: exponential backoff with jitter, then a dead letter")
struct RetryPolicyTests {
    @Test("delays double from the base, capped, with jitter inside its share")
    func schedule() {
        let policy = RetryPolicy(baseDelay: 5, maximumDelay: 60, maxAttempts: 8, jitter: 0.5)
        #expect(policy.decision(afterFailedAttempt: 1, random: 1) == .retry(after: 5))
        #expect(policy.decision(afterFailedAttempt: 1, random: 0) == .retry(after: 2.5))
        #expect(policy.decision(afterFailedAttempt: 2, random: 1) == .retry(after: 10))
        #expect(policy.decision(afterFailedAttempt: 4, random: 1) == .retry(after: 40))
        #expect(policy.decision(afterFailedAttempt: 5, random: 1) == .retry(after: 60))
        #expect(policy.decision(afterFailedAttempt: 7, random: 0.5) == .retry(after: 45))
        #expect(policy.decision(afterFailedAttempt: 8, random: 0.5) == .deadLetter)
        #expect(policy.decision(afterFailedAttempt: 9, random: 0.5) == .deadLetter)
    }

    @Test("odd settings are clamped: one attempt at least, jitter within 0...1, no overflow")
    func clamps() {
        let once = RetryPolicy(baseDelay: -1, maximumDelay: -5, maxAttempts: 0, jitter: 7)
        #expect(once.maxAttempts == 1)
        #expect(once.jitter == 1)
        #expect(once.decision(afterFailedAttempt: 1, random: 0.3) == .deadLetter)
        let long = RetryPolicy(baseDelay: 1, maximumDelay: 100, maxAttempts: 1_000, jitter: 0)
        #expect(long.decision(afterFailedAttempt: 500, random: 0.9) == .retry(after: 100))
    }
}
