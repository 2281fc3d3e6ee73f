import Foundation

/// At most `limit` events per sliding `window`. An infinite window means "in total" (e.g. checks
/// of one code challenge).
public struct RateLimitRule: Hashable, Sendable, Codable {
    public var name: String
    public var limit: Int
    public var window: TimeInterval

    public init(name: String, limit: Int, window: TimeInterval) {
        self.name = name
        self.limit = limit
        self.window = window
    }

    public static let signInPerAccount = RateLimitRule(name: "sign-in-per-account", limit: 5, window: 900)
    public static let signInPerAddress = RateLimitRule(name: "sign-in-per-address", limit: 30, window: 900)
    public static let codeSendPerRecipient = RateLimitRule(name: "code-send-per-recipient", limit: 5, window: 3600)
    public static let codeSendPerAddress = RateLimitRule(name: "code-send-per-address", limit: 20, window: 3600)
    public static let codeCheckPerChallenge = RateLimitRule(
        name: "code-check-per-challenge", limit: 5, window: .infinity)
}

public enum RateLimitDecision: Hashable, Sendable {
    /// The attempt may go ahead; `remaining` more fit in the window after it.
    case allowed(remaining: Int)
    /// Try again after this many seconds (`.infinity` for rules without a sliding window).
    case limited(retryAfter: TimeInterval)

    public var error: RateLimitError? {
        switch self {
        case .allowed: nil
        case .limited(let retryAfter): RateLimitError(retryAfter: retryAfter)
        }
    }
}

/// Stateless: the server stores events (in the database, so every instance sees the same ones)
/// and asks about the next attempt.
public enum RateLimiter {
    /// `recentEvents` are earlier attempts counted by this rule, in any order; older ones are ignored.
    /// Events stamped after `now` (clock skew between instances) count, to err on the safe side.
    public static func decide(_ rule: RateLimitRule, recentEvents: [Date], now: Date) -> RateLimitDecision {
        let inWindow: [Date]
        if rule.window.isFinite {
            let start = now.addingTimeInterval(-rule.window)
            inWindow = recentEvents.filter { $0 > start }.sorted()
        } else {
            inWindow = recentEvents.sorted()
        }
        guard inWindow.count >= rule.limit else {
            return .allowed(remaining: max(0, rule.limit - inWindow.count - 1))
        }
        guard rule.window.isFinite, rule.limit > 0 else { return .limited(retryAfter: .infinity) }
        // One more attempt fits once all but limit - 1 of the events have left the window.
        let freeing = inWindow[inWindow.count - rule.limit]
        return .limited(retryAfter: max(0, freeing.addingTimeInterval(rule.window).timeIntervalSince(now)))
    }
}

/// Temporary lock of a sign-in method after repeated failures; each new lock lasts twice as long
/// as the one before, up to `maxLockDuration`.
public struct LockoutPolicy: Hashable, Sendable, Codable {
    public var maxFailures: Int
    public var window: TimeInterval
    public var lockDuration: TimeInterval
    public var maxLockDuration: TimeInterval

    public init(
        maxFailures: Int = 5, window: TimeInterval = 900, lockDuration: TimeInterval = 900,
        maxLockDuration: TimeInterval = 86_400
    ) {
        self.maxFailures = maxFailures
        self.window = window
        self.lockDuration = lockDuration
        self.maxLockDuration = maxLockDuration
    }

    public static let standard = LockoutPolicy()

    /// Length of the lock that follows `previousLocks` earlier ones: 15 min, 30 min, 1 h, ... 24 h.
    public func lockDuration(afterPreviousLocks previousLocks: Int) -> TimeInterval {
        // 2^40 times any sensible base is beyond the cap; clamping the exponent avoids overflow.
        let exponent = Double(min(max(previousLocks, 0), 40))
        return min(lockDuration * pow(2, exponent), maxLockDuration)
    }

    /// `failures` are failed attempts since the last successful sign-in or unlock; `previousLocks`
    /// counts locks before any these failures cause. Locked when the latest `maxFailures` failures
    /// fall within `window`, until the last of them plus the lock duration.
    public func decide(failures: [Date], previousLocks: Int, now: Date) -> LockoutState {
        guard maxFailures > 0, failures.count >= maxFailures else { return .open }
        let sorted = failures.sorted()
        guard let last = sorted.last else { return .open }
        let first = sorted[sorted.count - maxFailures]
        guard last.timeIntervalSince(first) < window else { return .open }
        let until = last.addingTimeInterval(lockDuration(afterPreviousLocks: previousLocks))
        return until > now ? .locked(until: until) : .open
    }
}

public enum LockoutState: Hashable, Sendable {
    case open
    case locked(until: Date)

    public func error(now: Date) -> LockoutError? {
        switch self {
        case .open: nil
        case .locked(let until): LockoutError(retryAfter: until.timeIntervalSince(now))
        }
    }
}

public struct RateLimitError: DomainError, Hashable {
    public var retryAfter: TimeInterval

    public init(retryAfter: TimeInterval) {
        self.retryAfter = retryAfter
    }

    public var code: String { "rate-limited" }

    public var message: LocalizedText {
        guard retryAfter.isFinite else {
            return LocalizedText(
                zh: "尝试次数过多，请重新开始", en: "Too many attempts; please start again")
        }
        let minutes = max(1, Int((retryAfter / 60).rounded(.up)))
        return LocalizedText(
            zh: "操作过于频繁，请\(minutes)分钟后再试",
            en: "Too many attempts; please try again in \(minutes) minute\(minutes == 1 ? "" : "s")")
    }
}

public struct LockoutError: DomainError, Hashable {
    public var retryAfter: TimeInterval

    public init(retryAfter: TimeInterval) {
        self.retryAfter = retryAfter
    }

    public var code: String { "account-locked" }

    public var message: LocalizedText {
        let minutes = retryAfter.isFinite ? max(1, Int((min(retryAfter, 86_400) / 60).rounded(.up))) : 1440
        return LocalizedText(
            zh: "密码错误次数过多，此登录方式已暂时锁定，请\(minutes)分钟后再试，或用短信验证码找回密码",
            en:
                "Too many wrong attempts: this way of signing in is locked for \(minutes) minute\(minutes == 1 ? "" : "s"). Try again later or reset your password with a text message code"
        )
    }
}
