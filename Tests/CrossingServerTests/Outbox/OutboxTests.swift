import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// Records every run of its jobs, and fails the first `failures` attempts of each.
final class RecordingHandler: JobHandler, @unchecked Sendable {
    let kind: String
    private let lock = NSLock()
    private var runs: [String] = []
    private let failures: Int
    private let permanent: Bool

    init(kind: String = "test.record", failures: Int = 0, permanent: Bool = false) {
        self.kind = kind
        self.failures = failures
        self.permanent = permanent
    }

    struct Payload: Codable { var name: String }
    struct Flaky: Error {}

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let payload = try job.decode(Payload.self)
        if permanent { throw JobFailure.permanent("refused \(payload.name)") }
        if job.attempt <= failures { throw Flaky() }
        lock.withLock { runs.append(payload.name) }
    }

    var names: [String] { lock.withLock { runs } }
}

@Suite("Outbox: jobs commit with their change, run at least once, retry with backoff, end as dead letters")
struct OutboxTests {
    static func enqueue(
        _ app: Application, _ name: String, kind: String = "test.record", key: String? = nil
    ) async throws
        -> Bool
    {
        try await Outbox.enqueue(
            kind, RecordingHandler.Payload(name: name), dedupeKey: key, on: app.db, now: app.services.now())
    }

    /// This suite's jobs (other features may schedule their own periodic jobs at start-up).
    static func jobs(_ app: Application) async throws -> [OutboxJobRecord] {
        try await OutboxJobRecord.query(on: app.db).filter(\.$kind ~~ "test.").all()
    }

    static func job(_ app: Application) async throws -> OutboxJobRecord {
        try #require(try await jobs(app).first)
    }

    /// A worker that sees only this suite's jobs: others' periodic jobs are parked far in the future.
    static func isolate(_ app: Application) async throws {
        try await OutboxJobRecord.query(on: app.db).filter(\.$kind !~ "test.")
            .set(\.$availableAt, to: Date.distantFuture).update()
    }

    @Test("a job enqueued in a transaction that rolls back never exists")
    func rollback() async throws {
        try await withApp { app in
            try await Self.isolate(app)
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await app.db.transaction { database in
                    _ = try await Outbox.enqueue(
                        "test.record", RecordingHandler.Payload(name: "lost"), on: database, now: app.services.now())
                    throw Boom()
                }
            }
            #expect(try await Self.jobs(app).isEmpty)
            try await app.db.transaction { database in
                _ = try await Outbox.enqueue(
                    "test.record", RecordingHandler.Payload(name: "kept"), on: database, now: app.services.now())
            }
            #expect(try await Self.jobs(app).count == 1)
        }
    }

    @Test("a deduplication key admits one job, ever")
    func dedupe() async throws {
        try await withApp { app in
            try await Self.isolate(app)
            let handler = RecordingHandler()
            app.jobs.register(handler)
            #expect(try await Self.enqueue(app, "a", key: "k-1"))
            #expect(try await Self.enqueue(app, "b", key: "k-1") == false)
            #expect(try await Self.enqueue(app, "c", key: nil))
            #expect(try await Self.enqueue(app, "d", key: nil))
            try await OutboxWorker(application: app).drain()
            #expect(try await Self.enqueue(app, "e", key: "k-1") == false)
            #expect(handler.names.sorted() == ["a", "c", "d"])
        }
    }

    @Test("a handled job is done, with its attempt count and completion time")
    func done() async throws {
        try await withApp { app in
            try await Self.isolate(app)
            let handler = RecordingHandler()
            app.jobs.register(handler)
            _ = try await Self.enqueue(app, "one")
            #expect(try await OutboxWorker(application: app).drain() == 1)
            let job = try await Self.job(app)
            #expect(job.status == "done")
            #expect(job.attempts == 1)
            #expect(job.completedAt == app.services.now())
            #expect(job.lockedBy == nil)
            #expect(try await OutboxWorker(application: app).drain() == 0)
            #expect(handler.names == ["one"])
        }
    }

    @Test("a failing job waits out its backoff, then succeeds once")
    func retryWithBackoff() async throws {
        try await withApp { app in
            try await Self.isolate(app)
            let handler = RecordingHandler(failures: 2)
            app.jobs.register(handler)
            _ = try await Self.enqueue(app, "flaky")
            var worker = OutboxWorker(application: app)
            worker.random = { 0.999_999 }
            let now = app.services.now()
            #expect(try await worker.runOnce(now: now) == 1)
            var job = try await Self.job(app)
            #expect(job.status == "pending")
            #expect(job.attempts == 1)
            #expect(job.lastError?.contains("Flaky") == true)
            // First retry after about the base delay (5 s, full jitter share at the top of its range).
            #expect(abs(job.availableAt.timeIntervalSince(now) - 5) < 0.01)
            #expect(try await worker.runOnce(now: now.addingTimeInterval(4)) == 0)
            #expect(try await worker.runOnce(now: now.addingTimeInterval(5)) == 1)
            job = try await Self.job(app)
            // Second retry after about twice as long.
            #expect(abs(job.availableAt.timeIntervalSince(now.addingTimeInterval(5)) - 10) < 0.01)
            #expect(try await worker.drain(now: now.addingTimeInterval(16)) == 1)
            job = try await Self.job(app)
            #expect(job.status == "done")
            #expect(job.attempts == 3)
            #expect(handler.names == ["flaky"])
        }
    }

    @Test("after its last attempt a job is a dead letter; a permanent failure is one at once")
    func deadLetters() async throws {
        try await withApp { app in
            try await Self.isolate(app)
            app.jobs.register(RecordingHandler(kind: "test.always", failures: 100))
            app.jobs.register(RecordingHandler(kind: "test.permanent", permanent: true))
            try await Outbox.enqueue(
                "test.always", RecordingHandler.Payload(name: "x"), maxAttempts: 3, on: app.db, now: app.services.now())
            _ = try await Self.enqueue(app, "y", kind: "test.permanent")
            _ = try await Self.enqueue(app, "z", kind: "test.nobody-handles-this")
            let worker = OutboxWorker(application: app)
            for day in 1...5 {
                try await worker.drain(now: app.services.now().addingTimeInterval(Double(day) * 86_400))
            }
            let jobs = try await Self.jobs(app)
            #expect(jobs.allSatisfy { $0.status == "dead" })
            #expect(jobs.first { $0.kind == "test.always" }?.attempts == 3)
            #expect(jobs.first { $0.kind == "test.permanent" }?.attempts == 1)
            #expect(jobs.first { $0.kind == "test.nobody-handles-this" }?.lastError?.contains("no handler") == true)
        }
    }

    @Test(
        "a worker that dies mid-job loses it when the lease runs out; the job runs once more, and the dead worker's late answer is ignored"
    )
    func killedWorker() async throws {
        try await withApp { app in
            try await Self.isolate(app)
            let handler = RecordingHandler()
            app.jobs.register(handler)
            _ = try await Self.enqueue(app, "crash")
            let now = app.services.now()
            let dying = OutboxWorker(application: app, workerID: "dying")
            let claimed = try await dying.claim(now: now)
            #expect(claimed.count == 1)
            let survivor = OutboxWorker(application: app, workerID: "survivor")
            #expect(try await survivor.drain(now: now.addingTimeInterval(30)) == 0)
            let afterLease = now.addingTimeInterval(app.services.config.jobs.leaseSeconds + 1)
            #expect(try await survivor.drain(now: afterLease) == 1)
            #expect(handler.names == ["crash"])
            var job = try await Self.job(app)
            #expect(job.status == "done")
            #expect(job.attempts == 2)
            // The dying worker wakes up and reports a failure: it no longer holds the job.
            await dying.run(claimed[0], now: afterLease)
            job = try await Self.job(app)
            #expect(job.status == "done")
            #expect(handler.names == ["crash", "crash"] || handler.names == ["crash"])
        }
    }

    @Test("two workers draining at once run every job exactly once")
    func competingWorkers() async throws {
        try await withApp { app in
            try await Self.isolate(app)
            let handler = RecordingHandler()
            app.jobs.register(handler)
            for index in 0..<60 { _ = try await Self.enqueue(app, "job-\(index)") }
            let first = OutboxWorker(application: app, workerID: "first")
            let second = OutboxWorker(application: app, workerID: "second")
            async let a = first.drain()
            async let b = second.drain()
            let handled = try await a + b
            #expect(handled == 60)
            #expect(handler.names.count == 60)
            #expect(Set(handler.names).count == 60)
            let statuses = try await Self.jobs(app).map(\.status)
            #expect(statuses.allSatisfy { $0 == "done" })
        }
    }

    @Test("a sandbox callback is delivered through the app's own routes and retried until acknowledged")
    func sandboxCallbacks() async throws {
        try await withApp { app in
            try await Self.isolate(app)
            let now = app.services.now()
            let ping = SandboxCallback(
                method: "GET", path: "/api/v1/ping", contentType: "application/json", body: Data(),
                acknowledgement: #"{"status":"ok"}"#)
            try await SandboxCallbacks.schedule(ping, dedupeKey: "ok", on: app.db, now: now)
            var refused = ping
            refused.acknowledgement = "success"
            try await SandboxCallbacks.schedule(refused, dedupeKey: "refused", maxAttempts: 2, on: app.db, now: now)
            let worker = OutboxWorker(application: app)
            try await worker.drain()
            let jobs = try await OutboxJobRecord.query(on: app.db).filter(\.$kind == SandboxCallbacks.kind).all()
            #expect(jobs.first { $0.dedupeKey == "ok" }?.status == "done")
            let waiting = try #require(jobs.first { $0.dedupeKey == "refused" })
            #expect(waiting.status == "pending")
            #expect(waiting.lastError?.contains("not acknowledged") == true)
            try await worker.drain(now: now.addingTimeInterval(3_600))
            #expect(try await OutboxJobRecord.find(waiting.id, on: app.db)?.status == "dead")
        }
    }
}
