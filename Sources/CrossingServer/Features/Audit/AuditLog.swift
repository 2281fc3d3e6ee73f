import CrossingDomain
import Fluent
import Foundation
import SQLKit

/// The append-only, hash-chained audit log. Every entry carries the hash of the one before, so an
/// edited, removed or inserted entry breaks the chain at that point and `verify` names it.
///
/// Appends are totally ordered: each first updates the single `audit_chain_head` row, which queues
/// appends from every server instance on PostgreSQL and takes SQLite's write lock before anything is
/// read. Call `append` inside the transaction of the change it records, so both commit together.
struct AuditLog: Sendable {
    var hasher: any ChainHasher

    @discardableResult
    func append(_ draft: AuditEntryDraft, on database: any Database) async throws -> AuditEntry {
        if database.inTransaction { return try await appendHoldingHead(draft, on: database) }
        return try await database.transaction { try await appendHoldingHead(draft, on: $0) }
    }

    private func appendHoldingHead(_ draft: AuditEntryDraft, on database: any Database) async throws -> AuditEntry {
        guard let sql = database as? any SQLDatabase else { throw AuditLogUnavailable() }
        try await sql.raw("UPDATE audit_chain_head SET appends = appends + 1 WHERE id = 1").run()
        let head = try await AuditLogRecord.query(on: database).sort(\.$sequence, .descending).first()
        let entry = AuditChain.link(draft, after: try head?.entry(), hasher: hasher)
        try await AuditLogRecord(entry).create(on: database)
        return entry
    }

    /// Verifies the whole chain page by page (memory stays flat however long the log is).
    func verify(on database: any Database, pageSize: Int = 1_000) async throws -> AuditChainVerification {
        var anchor: AuditEntry?
        var count = 0
        while true {
            let page = try await AuditLogRecord.query(on: database)
                .filter(\.$sequence > (anchor?.sequence ?? 0))
                .sort(\.$sequence)
                .limit(pageSize)
                .all()
                .map { try $0.entry() }
            guard let last = page.last else { break }
            switch AuditChain.verify(page, after: anchor, hasher: hasher) {
            case .broken(let sequence, let problem): return .broken(sequence: sequence, problem: problem)
            case .intact(let checked, _): count += checked
            }
            anchor = last
        }
        return .intact(count: count, lastHash: anchor?.hash ?? AuditChain.genesisHash)
    }

    /// Entries for one subject, newest first (a person's sign-in history, an officer's reads).
    func entries(subject: String, limit: Int, on database: any Database) async throws -> [AuditEntry] {
        try await AuditLogRecord.query(on: database).filter(\.$subject == subject)
            .sort(\.$sequence, .descending).limit(limit).all().map { try $0.entry() }
    }
}

struct AuditLogUnavailable: Error {}

extension AuditLogRecord {
    convenience init(_ entry: AuditEntry) throws {
        self.init()
        sequence = entry.sequence
        occurredAt = entry.occurredAt
        actor = entry.actor
        onBehalfOf = entry.onBehalfOf
        action = entry.action
        subject = entry.subject
        outcome = entry.outcome
        details = String(decoding: try JSONEncoder.sortedKeys.encode(entry.details), as: UTF8.self)
        previousHash = entry.previousHash
        hash = entry.hash
    }

    func entry() throws -> AuditEntry {
        let draft = AuditEntryDraft(
            occurredAt: occurredAt, actor: actor, onBehalfOf: onBehalfOf, action: action, subject: subject,
            outcome: outcome, details: try JSONDecoder().decode([String: String].self, from: Data(details.utf8)))
        return AuditEntry(sequence: sequence, draft: draft, previousHash: previousHash, hash: hash)
    }
}

extension JSONEncoder {
    static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
