import Foundation
import Vapor

/// bcrypt runs on a thread pool of its own. On the shared pool, a burst of sign-ins queues hashes
/// (about 0.25 s each at cost 12) in front of SQLite's blocking calls, including the one holding the
/// write lock, and everything stalls; here the hashes wait only for each other.
final class PasswordHashing: Sendable {
    let pool: NIOThreadPool

    init(threads: Int) {
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        pool.start()
    }

    func shutdown() async {
        try? await pool.shutdownGracefully()
    }

    /// Spends the time of a real check when there is no account to check against, so the answer's
    /// timing does not tell whether an identifier has an account.
    static func verifyAgainstNothing(_ password: String, cost: Int, on pool: NIOThreadPool) async throws {
        let hash = try await dummyHashes.hash(cost: cost) {
            try await pool.runIfActive { try Bcrypt.hash(UUID().uuidString, cost: cost) }
        }
        _ = try await pool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }

    private static let dummyHashes = DummyHashes()

    /// One throwaway hash per cost, made on first use.
    private actor DummyHashes {
        var byCost: [Int: String] = [:]

        func hash(cost: Int, make: @Sendable () async throws -> String) async throws -> String {
            if let hash = byCost[cost] { return hash }
            let made = try await make()
            byCost[cost] = made
            return made
        }
    }

    struct Key: StorageKey {
        typealias Value = PasswordHashing
    }

    /// Stops the pool when the application shuts down.
    struct Lifecycle: LifecycleHandler {
        func shutdownAsync(_ app: Application) async {
            await app.storage[Key.self]?.shutdown()
        }
    }
}

extension Application {
    /// bcrypt's own thread pool (see ``PasswordHashing``).
    var passwordHashing: PasswordHashing {
        guard let hashing = storage[PasswordHashing.Key.self] else {
            preconditionFailure("configure(_:config:) must run before passwords are hashed")
        }
        return hashing
    }
}
