import Fluent
import SQLKit

extension Database {
    /// A transaction that reads and then writes. On SQLite it takes the write lock with its first
    /// statement: a plain (deferred) transaction that reads first cannot upgrade after another
    /// connection committed (WAL answers SQLITE_BUSY_SNAPSHOT at once, and no busy handler waits),
    /// so concurrent read-then-write transactions would fail instead of queueing. A write statement
    /// that changes no row is enough to take the lock. On PostgreSQL this is a plain transaction;
    /// use row locks or constraints there as the case needs.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await transaction { transaction in
            if let sql = transaction as? any SQLDatabase, sql.dialect.name == "sqlite" {
                try await sql.raw("UPDATE audit_chain_head SET appends = appends WHERE 1 = 0").run()
            }
            return try await body(transaction)
        }
    }
}
