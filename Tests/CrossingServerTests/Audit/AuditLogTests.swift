import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor

@testable import CrossingServer

@Suite("Audit log: hash chain")
struct AuditLogTests {
    static func draft(_ index: Int, subject: String = "person-1") -> AuditEntryDraft {
        AuditEntryDraft(
            occurredAt: Date(timeIntervalSince1970: 1_795_000_000 + Double(index)), actor: "officer-7",
            action: "person.read", subject: subject, outcome: "allowed", details: ["office": "bj-dongcheng"])
    }

    static func append(_ count: Int, to app: Application) async throws {
        for index in 1...count { try await app.services.auditLog.append(draft(index), on: app.db) }
    }

    @Test func appendedEntriesFormAnIntactChain() async throws {
        try await withApp { app in
            try await Self.append(3, to: app)
            let records = try await AuditLogRecord.query(on: app.db).sort(\.$sequence).all()
            #expect(records.map(\.sequence) == [1, 2, 3])
            #expect(records.first?.previousHash == AuditChain.genesisHash)
            #expect(records[1].previousHash == records[0].hash)
            let verification = try await app.services.auditLog.verify(on: app.db)
            #expect(verification == .intact(count: 3, lastHash: records[2].hash))
        }
    }

    @Test func concurrentAppendsNeverForkTheChain() async throws {
        try await withApp { app in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 1...24 {
                    group.addTask { try await app.services.auditLog.append(Self.draft(index), on: app.db) }
                }
                try await group.waitForAll()
            }
            let sequences = try await AuditLogRecord.query(on: app.db).sort(\.$sequence).all().map(\.sequence)
            #expect(sequences == Array(1...24))
            guard case .intact(let count, _) = try await app.services.auditLog.verify(on: app.db) else {
                Issue.record("chain broken after concurrent appends")
                return
            }
            #expect(count == 24)
        }
    }

    @Test func aHandEditedEntryIsNamed() async throws {
        try await withApp { app in
            try await Self.append(4, to: app)
            let second = try #require(try await AuditLogRecord.query(on: app.db).filter(\.$sequence == 2).first())
            second.outcome = "denied"
            try await second.save(on: app.db)
            let verification = try await app.services.auditLog.verify(on: app.db)
            #expect(verification == .broken(sequence: 2, problem: .hashMismatch))
        }
    }

    @Test func aRehashedForgeryBreaksTheNextLink() async throws {
        try await withApp { app in
            try await Self.append(4, to: app)
            let second = try #require(try await AuditLogRecord.query(on: app.db).filter(\.$sequence == 2).first())
            // The forger edits entry 2 and recomputes its own hash; entry 3 still points at the old one.
            var forged = try second.entry().draft
            forged.outcome = "denied"
            let relinked = AuditChain.link(
                forged,
                after: try #require(try await AuditLogRecord.query(on: app.db).filter(\.$sequence == 1).first())
                    .entry(), hasher: app.services.auditHasher)
            second.outcome = relinked.outcome
            second.hash = relinked.hash
            try await second.save(on: app.db)
            let verification = try await app.services.auditLog.verify(on: app.db)
            #expect(verification == .broken(sequence: 3, problem: .previousHashMismatch))
        }
    }

    @Test func aDeletedEntryIsAGap() async throws {
        try await withApp { app in
            try await Self.append(4, to: app)
            try await AuditLogRecord.query(on: app.db).filter(\.$sequence == 2).delete()
            let verification = try await app.services.auditLog.verify(on: app.db)
            #expect(verification == .broken(sequence: 3, problem: .sequenceGap))
        }
    }

    @Test func verificationWalksTheLogInPages() async throws {
        try await withApp { app in
            try await Self.append(23, to: app)
            let verification = try await app.services.auditLog.verify(on: app.db, pageSize: 5)
            guard case .intact(let count, _) = verification else {
                Issue.record("expected an intact chain, got \(verification)")
                return
            }
            #expect(count == 23)
            let last = try #require(try await AuditLogRecord.query(on: app.db).filter(\.$sequence == 23).first())
            try await AuditLogRecord.query(on: app.db).filter(\.$sequence == 17).set(\.$actor, to: "someone-else")
                .update()
            let afterEdit = try await app.services.auditLog.verify(on: app.db, pageSize: 5)
            #expect(afterEdit == .broken(sequence: 17, problem: .hashMismatch))
            #expect(last.sequence == 23)
        }
    }

    @Test func anEmptyLogIsIntact() async throws {
        try await withApp { app in
            let verification = try await app.services.auditLog.verify(on: app.db)
            #expect(verification == .intact(count: 0, lastHash: AuditChain.genesisHash))
        }
    }

    @Test func entriesForASubjectComeNewestFirst() async throws {
        try await withApp { app in
            try await app.services.auditLog.append(Self.draft(1, subject: "a"), on: app.db)
            try await app.services.auditLog.append(Self.draft(2, subject: "b"), on: app.db)
            try await app.services.auditLog.append(Self.draft(3, subject: "a"), on: app.db)
            let entries = try await app.services.auditLog.entries(subject: "a", limit: 10, on: app.db)
            #expect(entries.map(\.sequence) == [3, 1])
        }
    }
}
