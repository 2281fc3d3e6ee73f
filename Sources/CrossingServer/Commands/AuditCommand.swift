import ConsoleKit
import CrossingDomain
import Fluent
import Foundation
import Vapor

/// `crossing audit verify`: recomputes the whole hash chain and names the first entry that was
/// edited, removed or inserted. Exits non-zero when the chain is broken, so it can run from cron or
/// a monitoring job.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify: check the hash chain of the audit log")
        var action: String
    }

    var help: String { "Verifies the hash-chained audit log." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else {
            throw StartupError(description: "Unknown action \(signature.action). Use verify.")
        }
        let app = context.application
        switch try await app.services.auditLog.verify(on: app.db) {
        case .intact(let count, let lastHash):
            let line = "Audit chain intact: \(count) entries, last hash \(lastHash.prefix(16))…"
            context.console.success(line)
        case .broken(let sequence, let problem):
            let line = "Audit chain BROKEN at entry \(sequence): \(problem.rawValue)"
            context.console.error(line)
            throw AuditChainBroken(sequence: sequence, problem: problem)
        }
    }
}

struct AuditChainBroken: Error, CustomStringConvertible {
    var sequence: Int64
    var problem: AuditChainProblem
    var description: String { "The audit chain is broken at entry \(sequence) (\(problem.rawValue))." }
}

extension AppServices {
    var auditLog: AuditLog { AuditLog(hasher: auditHasher) }
}
