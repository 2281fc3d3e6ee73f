import CrossingDomain
import Fluent
import Foundation
import SQLKit

/// Issue 3's last gaps in the database:
/// - Delegations are confirmed by the dependent (or recorded as a guardian's declaration for a child
///   under 16): `confirmation`, `confirmed_at`, `expires_at` of a pending one, and the one-time code
///   sent for it. Rows from before this migration: a guardian's declaration is recorded as such and
///   stays in force; an adult's "consent" was only the helper's word, so those become pending with
///   the usual window from their creation (in practice expired: the helper adds them again and the
///   dependent confirms).
/// - Face-verification challenges of the sandbox provider move from one process's memory into
///   `face_challenges`, so several server instances can share them; the nonce is unique.
///
/// Columns are added one per statement: SQLite cannot alter several in one.
struct M0015_DelegationConsentAndFaceChallenges: AsyncMigration {
    var name: String { "0015_delegation_consent_and_face_challenges" }

    static let delegationColumns: [(String, DatabaseSchema.DataType)] = [
        ("confirmation", .string), ("confirmed_at", .datetime), ("expires_at", .datetime),
        ("consent_code_id", .uuid),
    ]

    func prepare(on database: any Database) async throws {
        for (column, type) in Self.delegationColumns {
            try await database.schema(DelegationRecord.schema).field(.string(column), type).update()
        }
        for record in try await DelegationRecord.query(on: database).all() {
            if record.consent == ConsentKind.guardianDeclaration.rawValue {
                record.confirmation = DelegationConfirmation.guardianDeclaration.rawValue
                record.confirmedAt = record.createdAt
            } else {
                record.expiresAt = record.createdAt.addingTimeInterval(DelegationRules.confirmationWindow)
            }
            try await record.update(on: database)
        }

        try await database.schema(FaceChallengeRecord.schema)
            .id()
            .field("nonce_digest", .string, .required)
            .field("person_key", .string, .required)
            .field("actions", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("consumed_at", .datetime)
            .unique(on: "nonce_digest")
            .create()
        try await createIndexes(
            [("face_challenges_expiry", FaceChallengeRecord.schema, ["expires_at"])], on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FaceChallengeRecord.schema).delete()
        for (column, _) in Self.delegationColumns.reversed() {
            try await database.schema(DelegationRecord.schema).deleteField(.string(column)).update()
        }
    }
}
