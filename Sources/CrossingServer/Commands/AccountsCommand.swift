import ConsoleKit
import CrossingDomain
import Fluent
import Foundation
import Vapor

/// `crossing accounts bench-sign-in --count N --output FILE`: creates N applicant accounts with
/// verified mobile numbers (199 0000 0000 upwards) and one random password, and writes
/// "mobile password" lines for the sign-in benchmark (Benchmarks/sign-in). The password exists only
/// in that file; every account gets the same bcrypt hash (the cost from PASSWORD_HASH_COST), so each
/// sign-in costs what a real one does.
struct AccountsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "bench-sign-in")
        var action: String

        @Option(name: "count", help: "bench-sign-in: how many accounts (default 1000)")
        var count: Int?

        @Option(name: "output", help: "bench-sign-in: the file to write (one 'mobile password' per line)")
        var output: String?
    }

    var help: String { "Accounts: benchmark accounts." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "bench-sign-in" else {
            throw StartupError(description: "Unknown action \(signature.action). Use bench-sign-in.")
        }
        let app = context.application
        guard let output = signature.output else { throw StartupError(description: "--output FILE is required.") }
        let count = signature.count ?? 1_000
        guard (1...100_000).contains(count) else { throw StartupError(description: "--count must be 1…100000.") }
        let services = app.services
        let password = "Bench-" + UUID().uuidString
        let cost = services.config.passwordHashCost
        let hash = try await app.passwordHashing.pool.runIfActive { try Bcrypt.hash(password, cost: cost) }
        let now = services.now()
        var lines: [String] = []
        for start in stride(from: 0, to: count, by: 500) {
            let batch = start..<min(start + 500, count)
            let made = try await app.db.transaction { transaction -> [String] in
                var made: [String] = []
                for index in batch {
                    let mobile = try MobileNumber.parse("199" + String(format: "%08d", index))
                    if try await AccountRecord.query(on: transaction)
                        .filter(\.$mobileIndex == services.mobileIndex(mobile)).first() == nil
                    {
                        let account = AccountRecord()
                        account.kind = AccountKind.applicant.rawValue
                        account.mobileSealed = try services.cipher.seal(mobile.value)
                        account.mobileIndex = services.mobileIndex(mobile)
                        account.mobileVerifiedAt = now
                        account.passwordHash = hash
                        account.language = "zh"
                        account.lockedMethods = ""
                        account.lockCount = 0
                        account.createdAt = now
                        try await account.create(on: transaction)
                    } else {
                        try await AccountRecord.query(on: transaction)
                            .filter(\.$mobileIndex == services.mobileIndex(mobile))
                            .set(\.$passwordHash, to: hash).update()
                    }
                    made.append(mobile.value + " " + password)
                }
                return made
            }
            lines += made
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
        context.console.print("\(count) accounts ready; credentials written to \(output)")
    }
}
