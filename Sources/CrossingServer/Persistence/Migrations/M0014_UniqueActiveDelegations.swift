import Fluent
import SQLKit

/// At most one active delegation per helper and dependent, enforced by the database: two concurrent
/// adds of the same pair both pass the service's check, and only this index stops the second.
/// A partial index (revoked ones don't count), in the same syntax on SQLite and PostgreSQL.
struct M0014_UniqueActiveDelegations: AsyncMigration {
    var name: String { "0014_unique_active_delegations" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw(
            """
            CREATE UNIQUE INDEX delegations_active_pair ON delegations (helper_person_key, dependent_person_key) \
            WHERE revoked_at IS NULL
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX delegations_active_pair").run()
    }
}
