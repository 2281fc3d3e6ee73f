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
    func hit(_ rule: RateLimitRule, key: String, now: Date) async throws -> RateLimitDecision {
        let bucket = bucket(rule, key: key)
        let decision = RateLimiter.decide(rule, recentEvents: try await events(bucket, rule: rule, now: now), now: now)
        if case .allowed = decision {
            try await RateLimitEventRecord(bucket: bucket, occurredAt: now).create(on: database)
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
