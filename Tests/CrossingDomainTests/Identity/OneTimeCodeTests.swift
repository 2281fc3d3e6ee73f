import CrossingDomain
import Foundation
import Testing

struct OneTimeCodeTests {
    typealias F = IdentityFixtures
    static let policy = OneTimeCodePolicy.standard

    static func challenge(attempts: Int = 0, consumedAt: Date? = nil) -> OneTimeCodeChallenge {
        var challenge = OneTimeCodeChallenge.issue(
            id: "C1", purpose: .verifyMobile, recipient: "13812345678", codeDigest: "digest-of-042917", now: F.now)
        challenge.attempts = attempts
        challenge.consumedAt = consumedAt
        return challenge
    }

    @Test func defaultsAreSixDigitsFiveMinutesFiveTries() {
        #expect(
            Self.policy
                == OneTimeCodePolicy(length: 6, lifetime: 300, maxAttempts: 5, resendInterval: 60, maxPerDay: 10))
        #expect(Self.challenge().expiresAt == F.at(300))
        #expect(
            OneTimeCodePurpose.allCases.map(\.rawValue) == [
                "verify-mobile", "sign-in", "reset-password", "high-assurance", "delegation-consent",
            ])
    }

    @Test(arguments: [4, 6, 8])
    func generatedCodesHaveTheLengthAndOnlyDigits(length: Int) {
        var generator = SplitMix64(state: 7)
        for _ in 0..<200 {
            let code = OneTimeCode.generate(length: length, using: &generator)
            #expect(code.count == length)
            #expect(code.allSatisfy { $0.isASCII && $0.isNumber })
        }
    }

    @Test func generatedDigitsAreUniformAndLeadingZerosKept() {
        var generator = SplitMix64(state: 2026)
        var counts = [Character: Int]()
        var leadingZero = false
        for _ in 0..<10_000 {
            let code = OneTimeCode.generate(length: 6, using: &generator)
            leadingZero = leadingZero || code.first == "0"
            for digit in code { counts[digit, default: 0] += 1 }
        }
        #expect(leadingZero)
        #expect(counts.count == 10)
        // 60,000 digits: each expected 6,000; ±6% is far outside random variation (σ ≈ 73).
        #expect(counts.values.allSatisfy { (5_640...6_360).contains($0) })
    }

    @Test(arguments: [
        // (attempts before, consumed, seconds after issue, entered digest, verdict, attempts after)
        (0, false, 10.0, "digest-of-042917", OneTimeCodeCheck.accepted, 0),
        (4, false, 299.0, "digest-of-042917", .accepted, 4),
        (0, false, 10.0, "digest-of-000000", .wrongCode(remainingAttempts: 4), 1),
        (4, false, 10.0, "digest-of-000000", .wrongCode(remainingAttempts: 0), 5),
        (5, false, 10.0, "digest-of-042917", .tooManyAttempts, 5),
        (0, false, 300.0, "digest-of-042917", .expired, 0),
        (0, true, 10.0, "digest-of-042917", .alreadyUsed, 0),
        (0, false, 10.0, "", .wrongCode(remainingAttempts: 4), 1),
        (0, false, 10.0, "digest-of-04291", .wrongCode(remainingAttempts: 4), 1),
    ])
    func checkingAnEnteredCode(
        attemptsBefore: Int, consumed: Bool, after seconds: Double, entered: String, verdict: OneTimeCodeCheck,
        attemptsAfter: Int
    ) {
        let challenge = Self.challenge(attempts: attemptsBefore, consumedAt: consumed ? F.at(1) : nil)
        let (updated, result) = challenge.check(enteredDigest: entered, now: F.at(seconds), policy: Self.policy)
        #expect(result == verdict)
        #expect(updated.attempts == attemptsAfter)
        #expect((updated.consumedAt != nil) == (consumed || verdict == .accepted))
    }

    @Test func aCodeWorksOnce() {
        let (used, first) = Self.challenge().check(enteredDigest: "digest-of-042917", now: F.at(5))
        let (_, second) = used.check(enteredDigest: "digest-of-042917", now: F.at(6))
        #expect(first == .accepted)
        #expect(second == .alreadyUsed)
        #expect(second.error?.code == "code-used")
    }

    @Test(arguments: [
        // (seconds before now at which earlier codes were issued, decision)
        ([Double](), OneTimeCodeIssuance.allowed),
        ([-60], .allowed),
        ([-59], .tooSoon(retryAfter: 1)),
        ([-10, -3_000], .tooSoon(retryAfter: 50)),
        (Array(repeating: -3_600, count: 9), .allowed),
        (Array(repeating: -3_600, count: 10), .dailyLimitReached),
        (Array(repeating: -86_400, count: 10), .allowed),
        (Array(repeating: -30, count: 10), .dailyLimitReached),
    ])
    func decidingWhetherToSendAnotherCode(issuedSecondsAgo: [Double], decision: OneTimeCodeIssuance) {
        let previous = issuedSecondsAgo.enumerated().map { index, offset in
            OneTimeCodeChallenge.issue(
                id: "C\(index)", purpose: .signIn, recipient: "13812345678", codeDigest: "d", now: F.at(offset))
        }
        #expect(OneTimeCodeIssuance.decide(previous: previous, now: F.now, policy: Self.policy) == decision)
    }

    @Test func policyIsConfigurable() {
        let strict = OneTimeCodePolicy(length: 8, lifetime: 120, maxAttempts: 3, resendInterval: 90, maxPerDay: 2)
        let challenge = OneTimeCodeChallenge.issue(
            id: "C", purpose: .highAssurance, recipient: "r", codeDigest: "d", now: F.now, policy: strict)
        #expect(challenge.expiresAt == F.at(120))
        let (_, verdict) = challenge.check(enteredDigest: "x", now: F.at(1), policy: strict)
        #expect(verdict == .wrongCode(remainingAttempts: 2))
        #expect(
            OneTimeCodeIssuance.decide(previous: [challenge], now: F.at(61), policy: strict) == .tooSoon(retryAfter: 29)
        )
    }
}
