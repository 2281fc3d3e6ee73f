import Foundation

/// When a failed background job is tried again: exponential backoff with jitter, and a dead letter
/// after `maxAttempts`. Pure, so the schedule is tested without a worker.
public struct RetryPolicy: Hashable, Sendable, Codable {
    /// Delay before the second attempt (before jitter).
    public var baseDelay: TimeInterval
    /// No delay grows beyond this.
    public var maximumDelay: TimeInterval
    /// Attempts in all, the first included; after the last failure the job is a dead letter.
    public var maxAttempts: Int
    /// The share of each delay that is random: 0.5 means "between half and all of the delay".
    public var jitter: Double

    public init(
        baseDelay: TimeInterval = 5, maximumDelay: TimeInterval = 3_600, maxAttempts: Int = 8, jitter: Double = 0.5
    ) {
        self.baseDelay = max(0, baseDelay)
        self.maximumDelay = max(self.baseDelay, maximumDelay)
        self.maxAttempts = max(1, maxAttempts)
        self.jitter = min(1, max(0, jitter))
    }

    public static let standard = RetryPolicy()

    public enum Decision: Hashable, Sendable {
        /// Try again after `delay` seconds.
        case retry(after: TimeInterval)
        /// Give up: the job becomes a dead letter for an operator to look at.
        case deadLetter
    }

    /// What to do after attempt number `attempt` (1-based) failed. `random` is a number in 0..<1
    /// (injected so tests are exact).
    public func decision(afterFailedAttempt attempt: Int, random: Double) -> Decision {
        guard attempt < maxAttempts else { return .deadLetter }
        let exponent = min(max(attempt - 1, 0), 62)
        let full = min(maximumDelay, baseDelay * pow(2, Double(exponent)))
        let unit = min(max(random, 0), 1)
        return .retry(after: full * (1 - jitter) + full * jitter * unit)
    }
}
