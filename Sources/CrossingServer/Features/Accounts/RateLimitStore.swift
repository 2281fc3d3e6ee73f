import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Rate limits whose state lives in the database, so every server instance counts the same events.
/// A bucket is "<rule name>|<keyed digest of the key>": the key (an account, a client address, a
/// mobile number) is never stored in the clear.
struct RateLimitStore: Sendable {
    var database: any Database
    var digest: any KeyedDigest

    init(database: any Database, services: AppServices) {
        self.database = database
        self.digest = services.tokenDigest
    }

    func bucket(_ rule: RateLimitRule, key: String) -> String {
        rule.name + "|" + digest.digest("rate-limit:" + key)
    }

    /// Records an attempt under `rule` and `key` and decides with the domain's RateLimiter. A refused
    /// attempt is not recorded, so hammering a limited key does not extend its wait.
    ///
    /// The attempt is inserted first and the decision made on the events that were there before it,
    /// then a refused one is deleted again. Counting first and inserting after would let a burst of
    /// concurrent attempts all see the same count and all pass (the sign-in benchmark's storm got 48
    /// password checks through a limit of 5, which held the bcrypt pool for every other account).
    /// Inserted first, the k-th attempt to commit sees at least k events, so at most `limit` pass.
    func hit(_ rule: RateLimitRule, key: String, now: Date) async throws -> RateLimitDecision {
        let bucket = bucket(rule, key: key)
        let attempt = RateLimitEventRecord(bucket: bucket, occurredAt: now)
        try await attempt.create(on: database)
        let ours = try attempt.requireID()
        var query = RateLimitEventRecord.query(on: database).filter(\.$bucket == bucket).filter(\.$id != ours)
        if rule.window.isFinite {
            query = query.filter(\.$occurredAt > now.addingTimeInterval(-rule.window))
        }
        let before = try await query.all().map(\.occurredAt)
        let decision = RateLimiter.decide(rule, recentEvents: before, now: now)
        if case .limited = decision {
            try await attempt.delete(on: database)
        }
        try await pruneOccasionally(now: now)
        return decision
    }

    /// `hit`, throwing a 429 problem (with Retry-After) when limited.
    func enforce(_ rule: RateLimitRule, key: String, now: Date) async throws {
        if case .limited(let retryAfter) = try await hit(rule, key: key, now: now) {
            throw AccountFailure.rateLimited(retryAfter: retryAfter)
        }
    }

    /// Events of a bucket inside the rule's window (all of them for rules without a window).
    func events(_ bucket: String, rule: RateLimitRule, now: Date) async throws -> [Date] {
        var query = RateLimitEventRecord.query(on: database).filter(\.$bucket == bucket)
        if rule.window.isFinite {
            query = query.filter(\.$occurredAt > now.addingTimeInterval(-rule.window))
        }
        return try await query.all().map(\.occurredAt)
    }

    /// Events recorded under a plain bucket name (lock-out failures), newer than `since`.
    func record(bucket: String, now: Date) async throws {
        try await RateLimitEventRecord(bucket: bucket, occurredAt: now).create(on: database)
    }

    func clear(bucket: String) async throws {
        try await RateLimitEventRecord.query(on: database).filter(\.$bucket == bucket).delete()
    }

    /// About one call in fifty deletes events older than a day (the longest sliding window). Rules
    /// without a window keep their events under buckets that die with their challenge.
    private func pruneOccasionally(now: Date) async throws {
        guard Int.random(in: 0..<50) == 0 else { return }
        try await RateLimitEventRecord.query(on: database)
            .filter(\.$occurredAt < now.addingTimeInterval(-86_400))
            .filter(\.$bucket !~ RateLimitRule.codeCheckPerChallenge.name)
            .delete()
    }
}
