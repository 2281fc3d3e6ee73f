import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import SQLKit
import Vapor

/// The sandbox face verifier's challenges in `face_challenges`, shared by every server instance on
/// the database. Single use holds under races because consumption is one conditional update
/// (`… WHERE consumed_at IS NULL RETURNING id`): PostgreSQL re-checks the condition after the row lock,
/// SQLite runs writers one at a time, so one caller gets the row and the others none.
struct DatabaseLivenessChallengeStore: LivenessChallengeStore {
    /// Not the `Application` itself: the store is held by the application's services, and capturing
    /// the application would keep it alive.
    var databases: Databases
    var eventLoopGroup: any EventLoopGroup
    var logger: Logger
    /// Nonces are stored as keyed digests: a copy of the table cannot answer a challenge.
    var digest: any KeyedDigest
    /// Challenges are kept this long after expiry (for investigation), then deleted on a later save.
    var retention: TimeInterval = 86_400

    init(application: Application, digest: any KeyedDigest) {
        self.databases = application.databases
        self.eventLoopGroup = application.eventLoopGroup
        self.logger = application.logger
        self.digest = digest
    }

    private var database: any Database {
        get throws {
            guard let database = databases.database(logger: logger, on: eventLoopGroup.any()) else {
                throw Abort(.serviceUnavailable, reason: "No database configured for face challenges.")
            }
            return database
        }
    }

    func save(_ challenge: LivenessChallenge) async throws {
        let database = try self.database
        try await FaceChallengeRecord.query(on: database)
            .filter(\.$expiresAt < challenge.issuedAt.addingTimeInterval(-retention)).delete()
        let record = FaceChallengeRecord()
        record.id = UUID()
        record.nonceDigest = digest.digest(challenge.nonce)
        record.personKey = challenge.subject.rawValue
        record.actions = challenge.actions.joined(separator: ",")
        record.issuedAt = challenge.issuedAt
        record.expiresAt = challenge.expiresAt
        try await record.create(on: database)
    }

    func consume(nonce: String, now: Date) async throws -> LivenessChallenge? {
        let database = try self.database
        guard let sql = database as? any SQLDatabase else { throw AuditLogUnavailable() }
        let taken = try await sql.update(FaceChallengeRecord.schema)
            .set("consumed_at", to: SQLBind(now))
            .where("nonce_digest", .equal, SQLBind(digest.digest(nonce)))
            .where("consumed_at", .is, SQLLiteral.null)
            .returning("id")
            .all()
        guard let row = taken.first else { return nil }
        let id = try row.decode(column: "id", as: UUID.self)
        guard let record = try await FaceChallengeRecord.find(id, on: database) else { return nil }
        return LivenessChallenge(
            nonce: nonce, subject: PersonID(record.personKey), issuedAt: record.issuedAt,
            expiresAt: record.expiresAt,
            actions: record.actions.split(separator: ",").map(String.init))
    }
}
