import CrossingDomain
import Fluent
import Foundation
import Metrics
import SQLKit
import Vapor

/// Claims ready jobs and runs their handlers. Several workers (in several processes) may run at
/// once: a claim is one UPDATE … RETURNING statement, which on PostgreSQL picks rows with
/// `FOR UPDATE SKIP LOCKED` so competing workers never take the same job, and which SQLite
/// serialises by its write lock. A claim is a lease: a worker that dies mid-job loses the job when
/// the lease runs out and another worker takes it again (handlers are idempotent).
struct OutboxWorker: Sendable {
    var application: Application
    var workerID: String
    var settings: JobSettings
    /// Random numbers for jitter (0..<1); tests pass a fixed one.
    var random: @Sendable () -> Double = { Double.random(in: 0..<1) }

    init(application: Application, workerID: String? = nil) {
        self.application = application
        self.settings = application.services.config.jobs
        self.workerID = workerID ?? OutboxWorker.defaultID()
    }

    static func defaultID() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-"
            + UUID().uuidString.prefix(8).lowercased()
    }

    /// Claims up to `limit` ready jobs (pending and due, or running with an expired lease).
    func claim(limit: Int? = nil, now: Date) async throws -> [OutboxJob] {
        guard let sql = application.db as? any SQLDatabase else { throw OutboxUnavailable() }
        let batch = limit ?? settings.batchSize
        let lockClause: SQLQueryString = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        let query: SQLQueryString = """
            UPDATE outbox_jobs SET status = 'running', locked_by = \(bind: workerID), \
            locked_until = \(bind: now.addingTimeInterval(settings.leaseSeconds)), \
            attempts = attempts + 1, updated_at = \(bind: now) \
            WHERE id IN (SELECT id FROM outbox_jobs \
            WHERE (status = 'pending' AND available_at <= \(bind: now)) \
            OR (status = 'running' AND locked_until < \(bind: now)) \
            ORDER BY available_at LIMIT \(literal: batch)\(lockClause)) \
            RETURNING id, kind, payload, dedupe_key, attempts, max_attempts
            """
        let rows = try await sql.raw(query).all()
        return try rows.map { row in
            OutboxJob(
                id: try row.decode(column: "id", as: UUID.self),
                kind: try row.decode(column: "kind", as: String.self),
                payload: Data(try row.decode(column: "payload", as: String.self).utf8),
                dedupeKey: try row.decode(column: "dedupe_key", as: String?.self),
                attempt: try row.decode(column: "attempts", as: Int.self),
                maxAttempts: try row.decode(column: "max_attempts", as: Int.self))
        }
    }

    /// Runs one round: claims a batch and handles it. Answers how many jobs were handled.
    @discardableResult
    func runOnce(now: Date? = nil) async throws -> Int {
        let now = now ?? application.services.now()
        let jobs = try await claim(now: now)
        for job in jobs {
            await run(job, now: now)
        }
        return jobs.count
    }

    /// Runs rounds until no job is ready at `now` (tests; `crossing worker --drain`). Bounded, so a
    /// handler that keeps enqueueing cannot loop forever.
    @discardableResult
    func drain(now: Date? = nil, maxRounds: Int = 100) async throws -> Int {
        var total = 0
        for _ in 0..<maxRounds {
            let handled = try await runOnce(now: now)
            if handled == 0 { break }
            total += handled
        }
        return total
    }

    func run(_ job: OutboxJob, now: Date) async {
        var logger = Logger(label: "crossing.outbox")
        logger[metadataKey: "job"] = "\(job.id)"
        logger[metadataKey: "kind"] = "\(job.kind)"
        let context = JobContext(application: application, database: application.db, logger: logger, now: now)
        do {
            guard let handler = application.jobs.handler(for: job.kind) else {
                throw JobFailure.permanent("no handler for job kind \(job.kind)")
            }
            try await handler.handle(job, context: context)
            try await finish(job, status: .done, error: nil, availableAt: nil, now: now)
            application.jobMetrics.record(kind: job.kind, outcome: "done")
        } catch {
            let message = String(describing: error).prefix(500)
            var status = OutboxJobStatus.dead
            var availableAt: Date?
            if !(error is JobFailure) {
                let policy = RetryPolicy(
                    baseDelay: settings.retry.baseDelay, maximumDelay: settings.retry.maximumDelay,
                    maxAttempts: job.maxAttempts, jitter: settings.retry.jitter)
                if case .retry(let delay) = policy.decision(afterFailedAttempt: job.attempt, random: random()) {
                    status = .pending
                    availableAt = now.addingTimeInterval(delay)
                }
            }
            logger.warning(
                "job failed",
                metadata: ["attempt": "\(job.attempt)", "next": "\(status.rawValue)", "error": "\(message)"])
            application.jobMetrics.record(kind: job.kind, outcome: status == .dead ? "dead" : "retry")
            do {
                try await finish(job, status: status, error: String(message), availableAt: availableAt, now: now)
            } catch {
                logger.error("could not record the job's failure; its lease will run out and it runs again")
            }
        }
    }

    /// Records the outcome, but only while this worker still holds the job: after a lost lease
    /// another worker owns it and this answer is dropped.
    private func finish(
        _ job: OutboxJob, status: OutboxJobStatus, error: String?, availableAt: Date?, now: Date
    ) async throws {
        var query = OutboxJobRecord.query(on: application.db)
            .filter(\.$id == job.id).filter(\.$lockedBy == workerID).filter(
                \.$status == OutboxJobStatus.running.rawValue
            )
            .set(\.$status, to: status.rawValue)
            .set(\.$lockedBy, to: nil)
            .set(\.$lockedUntil, to: nil)
            .set(\.$updatedAt, to: now)
            .set(\.$lastError, to: error)
        if status == .done || status == .dead { query = query.set(\.$completedAt, to: now) }
        if let availableAt { query = query.set(\.$availableAt, to: availableAt) }
        try await query.update()
    }
}

/// Counters of finished job attempts by kind and outcome, on /metrics.
struct JobMetrics: Sendable {
    var factory: any MetricsFactory

    func record(kind: String, outcome: String) {
        Metrics.Counter(
            label: "outbox_jobs_total", dimensions: [("kind", kind), ("outcome", outcome)], factory: factory
        )
        .increment()
    }
}

extension Application {
    var jobMetrics: JobMetrics { JobMetrics(factory: services.metricsFactory) }
}
