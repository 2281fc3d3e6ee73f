import CrossingDomain
import Fluent
import Foundation
import SQLKit
import Vapor

// The transactional outbox. A state change and the jobs it causes commit together: call
// `Outbox.enqueue` with the transaction's database. Workers (OutboxWorker) deliver each job at least
// once, so every handler is idempotent: it checks whether its effect already happened, or passes a
// deduplication key to the outside party.

final class OutboxJobRecord: Model, @unchecked Sendable {
    static let schema = "outbox_jobs"

    @ID(key: .id) var id: UUID?
    /// Namespaced kind, e.g. `payment.settle`; picks the handler.
    @Field(key: "kind") var kind: String
    /// JSON.
    @Field(key: "payload") var payload: String
    /// At most one job per key, ever: a second enqueue with the same key is a no-op.
    @OptionalField(key: "dedupe_key") var dedupeKey: String?
    /// pending | running | done | dead
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "max_attempts") var maxAttempts: Int
    @Field(key: "available_at") var availableAt: Date
    @OptionalField(key: "locked_by") var lockedBy: String?
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "completed_at") var completedAt: Date?

    init() {}
}

enum OutboxJobStatus: String, Codable, CaseIterable, Sendable {
    case pending
    case running
    case done
    case dead
}

/// One claimed job, as a handler sees it.
struct OutboxJob: Sendable {
    var id: UUID
    var kind: String
    var payload: Data
    var dedupeKey: String?
    /// 1 on the first try.
    var attempt: Int
    var maxAttempts: Int

    func decode<Payload: Decodable>(_ type: Payload.Type) throws -> Payload {
        do {
            return try JSONDecoder.outbox.decode(type, from: payload)
        } catch {
            throw JobFailure.permanent("payload of \(kind) does not decode as \(Payload.self)")
        }
    }
}

/// What a handler gets besides its job.
struct JobContext: Sendable {
    var application: Application
    var database: any Database
    var logger: Logger
    /// The worker's clock reading for this round.
    var now: Date
    var services: AppServices { application.services }
}

/// Does one kind of job. Called at least once per job, possibly again after a crash or a lost
/// lease, so it must be idempotent. Throw `JobFailure.permanent` for a job that can never succeed
/// (it becomes a dead letter at once); any other error retries with backoff.
protocol JobHandler: Sendable {
    var kind: String { get }
    func handle(_ job: OutboxJob, context: JobContext) async throws
}

enum JobFailure: Error, CustomStringConvertible {
    case permanent(String)

    var description: String {
        switch self {
        case .permanent(let reason): "permanent failure: \(reason)"
        }
    }
}

enum Outbox {
    /// Adds a job in the caller's transaction (pass the transaction's database). With a
    /// `dedupeKey` that was used before, nothing is added and the answer is false.
    @discardableResult
    static func enqueue<Payload: Encodable>(
        _ kind: String, _ payload: Payload, dedupeKey: String? = nil, notBefore: Date? = nil,
        maxAttempts: Int? = nil, on database: any Database, now: Date
    ) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { throw OutboxUnavailable() }
        let body = String(decoding: try JSONEncoder.outbox.encode(payload), as: UTF8.self)
        let attempts = maxAttempts ?? RetryPolicy.standard.maxAttempts
        let rows = try await sql.insert(into: OutboxJobRecord.schema)
            .columns(
                "id", "kind", "payload", "dedupe_key", "status", "attempts", "max_attempts", "available_at",
                "created_at", "updated_at"
            )
            .values(
                SQLBind(UUID()), SQLBind(kind), SQLBind(body), SQLBind(dedupeKey),
                SQLBind(OutboxJobStatus.pending.rawValue), SQLBind(0), SQLBind(attempts), SQLBind(notBefore ?? now),
                SQLBind(now), SQLBind(now)
            )
            .ignoringConflicts(with: ["dedupe_key"])
            .returning("id")
            .all()
        return !rows.isEmpty
    }
}

struct OutboxUnavailable: Error {}

extension JSONEncoder {
    static let outbox: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}

extension JSONDecoder {
    static let outbox: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

/// The handlers of this application, by kind. Features register theirs in `configure`.
final class JobRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var handlers: [String: any JobHandler] = [:]

    func register(_ handler: any JobHandler) {
        lock.withLock { handlers[handler.kind] = handler }
    }

    func handler(for kind: String) -> (any JobHandler)? {
        lock.withLock { handlers[kind] }
    }

    var kinds: [String] { lock.withLock { handlers.keys.sorted() } }
}

struct JobRegistryKey: StorageKey {
    typealias Value = JobRegistry
}

extension Application {
    /// Job handlers; `app.jobs.register(MyHandler())` in a feature's configure (after
    /// `OutboxFeature.configure`, which creates the registry).
    var jobs: JobRegistry {
        guard let registry = storage[JobRegistryKey.self] else {
            preconditionFailure("OutboxFeature.configure must run before features register job handlers")
        }
        return registry
    }
}
