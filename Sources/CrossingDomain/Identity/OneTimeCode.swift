import Foundation

/// Limits for SMS one-time codes. Defaults follow the issue: 6 digits, valid 5 minutes, 5 tries,
/// a resend at most once a minute and 10 codes a day per recipient and purpose.
public struct OneTimeCodePolicy: Hashable, Sendable, Codable {
    public var length: Int
    public var lifetime: TimeInterval
    public var maxAttempts: Int
    public var resendInterval: TimeInterval
    /// Codes per recipient and purpose in any 24-hour window (sliding, so no time zone is needed).
    public var maxPerDay: Int

    public init(
        length: Int = 6, lifetime: TimeInterval = 300, maxAttempts: Int = 5, resendInterval: TimeInterval = 60,
        maxPerDay: Int = 10
    ) {
        self.length = length
        self.lifetime = lifetime
        self.maxAttempts = maxAttempts
        self.resendInterval = resendInterval
        self.maxPerDay = maxPerDay
    }

    public static let standard = OneTimeCodePolicy()
}

public enum OneTimeCodePurpose: String, CaseIterable, Hashable, Sendable, Codable {
    case verifyMobile = "verify-mobile"
    case signIn = "sign-in"
    case resetPassword = "reset-password"
    case highAssurance = "high-assurance"
    /// Sent to a dependent aged 16 or over: giving it to the helper is their consent.
    case delegationConsent = "delegation-consent"
}

public enum OneTimeCode {
    /// `length` decimal digits, each uniform (`Int.random(in:using:)` is unbiased), leading zeros
    /// kept. Pass a cryptographically secure generator (`SystemRandomNumberGenerator`) in production.
    public static func generate(length: Int = 6, using generator: inout some RandomNumberGenerator) -> String {
        var code = ""
        code.reserveCapacity(max(0, length))
        for _ in 0..<max(0, length) {
            code.append(Character(String(Int.random(in: 0...9, using: &generator))))
        }
        return code
    }
}

/// One issued code. Only the keyed digest of the code is kept (see `KeyedDigest`), never the code.
public struct OneTimeCodeChallenge: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var purpose: OneTimeCodePurpose
    /// The normalized mobile number (or other channel address) the code went to.
    public var recipient: String
    public var codeDigest: String
    public var issuedAt: Date
    public var expiresAt: Date
    /// Wrong entries so far.
    public var attempts: Int
    public var consumedAt: Date?

    public init(
        id: String, purpose: OneTimeCodePurpose, recipient: String, codeDigest: String, issuedAt: Date,
        expiresAt: Date, attempts: Int = 0, consumedAt: Date? = nil
    ) {
        self.id = id
        self.purpose = purpose
        self.recipient = recipient
        self.codeDigest = codeDigest
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.attempts = attempts
        self.consumedAt = consumedAt
    }

    /// A fresh challenge expiring after the policy's lifetime.
    public static func issue(
        id: String, purpose: OneTimeCodePurpose, recipient: String, codeDigest: String, now: Date,
        policy: OneTimeCodePolicy = .standard
    ) -> OneTimeCodeChallenge {
        OneTimeCodeChallenge(
            id: id, purpose: purpose, recipient: recipient, codeDigest: codeDigest, issuedAt: now,
            expiresAt: now.addingTimeInterval(policy.lifetime))
    }

    /// Checks an entered code (already digested with the same key) and returns the updated
    /// challenge to store with the verdict. Order: used, expired, out of attempts, then the
    /// comparison, so once the attempts are spent even the right code fails.
    public func check(
        enteredDigest: String, now: Date, policy: OneTimeCodePolicy = .standard
    ) -> (OneTimeCodeChallenge, OneTimeCodeCheck) {
        if consumedAt != nil { return (self, .alreadyUsed) }
        if now >= expiresAt { return (self, .expired) }
        if attempts >= policy.maxAttempts { return (self, .tooManyAttempts) }
        var updated = self
        if ConstantTime.equals(enteredDigest, codeDigest) {
            updated.consumedAt = now
            return (updated, .accepted)
        }
        updated.attempts += 1
        return (updated, .wrongCode(remainingAttempts: max(0, policy.maxAttempts - updated.attempts)))
    }
}

public enum OneTimeCodeCheck: Hashable, Sendable {
    case accepted
    case wrongCode(remainingAttempts: Int)
    case expired
    case tooManyAttempts
    case alreadyUsed

    /// What to show the person; nil when accepted.
    public var error: OneTimeCodeError? {
        switch self {
        case .accepted: nil
        case .wrongCode(let remaining): .wrongCode(remainingAttempts: remaining)
        case .expired: .expired
        case .tooManyAttempts: .tooManyAttempts
        case .alreadyUsed: .alreadyUsed
        }
    }
}

/// Whether a new code may be sent now, given the earlier challenges for the same recipient and purpose.
public enum OneTimeCodeIssuance: Hashable, Sendable {
    case allowed
    case tooSoon(retryAfter: TimeInterval)
    case dailyLimitReached

    public static func decide(
        previous: [OneTimeCodeChallenge], now: Date, policy: OneTimeCodePolicy = .standard
    ) -> OneTimeCodeIssuance {
        let dayStart = now.addingTimeInterval(-86_400)
        let today = previous.filter { $0.issuedAt > dayStart }
        if today.count >= policy.maxPerDay { return .dailyLimitReached }
        if let latest = previous.map(\.issuedAt).max() {
            let wait = latest.addingTimeInterval(policy.resendInterval).timeIntervalSince(now)
            if wait > 0 { return .tooSoon(retryAfter: wait) }
        }
        return .allowed
    }

    public var error: OneTimeCodeError? {
        switch self {
        case .allowed: nil
        case .tooSoon(let retryAfter): .tooSoon(retryAfter: retryAfter)
        case .dailyLimitReached: .dailyLimitReached
        }
    }
}

public enum OneTimeCodeError: DomainError, Hashable {
    case wrongCode(remainingAttempts: Int)
    case expired
    case tooManyAttempts
    case alreadyUsed
    case tooSoon(retryAfter: TimeInterval)
    case dailyLimitReached

    public var code: String {
        switch self {
        case .wrongCode: "code-wrong"
        case .expired: "code-expired"
        case .tooManyAttempts: "code-too-many-attempts"
        case .alreadyUsed: "code-used"
        case .tooSoon: "code-resend-too-soon"
        case .dailyLimitReached: "code-daily-limit"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .wrongCode(let remaining):
            LocalizedText(
                zh: "验证码不正确，还可以再试\(remaining)次",
                en: "The code is not correct. You can try \(remaining) more time\(remaining == 1 ? "" : "s")")
        case .expired:
            LocalizedText(zh: "验证码已过期，请重新获取", en: "The code has expired; please ask for a new one")
        case .tooManyAttempts:
            LocalizedText(
                zh: "验证码输错次数过多，已失效，请重新获取",
                en: "The code was entered wrongly too many times and no longer works; please ask for a new one")
        case .alreadyUsed:
            LocalizedText(zh: "验证码已使用，请重新获取", en: "The code has already been used; please ask for a new one")
        case .tooSoon(let retryAfter):
            LocalizedText(
                zh: "验证码发送过于频繁，请\(Self.wholeSeconds(retryAfter))秒后再试",
                en:
                    "A code was sent a moment ago; please wait \(Self.wholeSeconds(retryAfter)) seconds before asking again"
            )
        case .dailyLimitReached:
            LocalizedText(
                zh: "今天获取验证码的次数已达上限，请明天再试",
                en: "You have asked for the most codes allowed in one day; please try again tomorrow")
        }
    }
}

extension OneTimeCodeError {
    /// Seconds to show, rounded up so a person who waits that long is never refused again.
    static func wholeSeconds(_ interval: TimeInterval) -> Int {
        guard interval.isFinite else { return 0 }
        return Int(min(max(interval, 0), 86_400).rounded(.up))
    }
}

/// Comparison whose running time does not depend on where two secrets differ, so response timing
/// does not leak how much of a guessed digest was right.
enum ConstantTime {
    static func equals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count) | (left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }
}
