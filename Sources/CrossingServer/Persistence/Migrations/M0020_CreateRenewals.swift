import Fluent
import SQLKit

/// Zero-visit renewal: applications, the uploads behind them, the answers a person has given so far
/// (portal drafts) and the counters of the document-number ranges.
///
/// Guarantees kept by the database rather than by reads:
/// - `(account_id, idempotency_key)` is unique, so a repeated submission makes one application;
/// - `open_key` ("person|document", NULL once the application is closed) is unique, so a person has
///   at most one open application per document type even when two submissions race;
/// - decisions update `WHERE version = ?`, so the second of two officers deciding at once changes
///   nothing and is told so;
/// - `document_number_counters.last_sequence` is advanced by one `UPDATE … RETURNING`, so no number
///   is issued twice.
struct M0020_CreateRenewals: AsyncMigration {
    var name: String { "0020_create_renewals" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RenewalApplicationRecord.schema)
            .id()
            .field("number", .string, .required)
            .field("person_key", .string, .required)
            .field("account_id", .string, .required)
            .field("helper_person_key", .string)
            .field("delegation_id", .string)
            .field("document", .string, .required)
            .field("reason", .string, .required)
            .field("loss_kind", .string)
            .field("city_code", .string, .required)
            .field("office_code", .string, .required)
            .field("handover", .string, .required)
            .field("recipient_name", .string)
            .field("recipient_phone", .string)
            .field("recipient_address", .string)
            .field("details", .string, .required)
            .field("photo_key", .string, .required)
            .field("signature_key", .string, .required)
            .field("id_front_key", .string, .required)
            .field("id_back_key", .string, .required)
            .field("status", .string, .required)
            .field("history", .string, .required)
            .field("version", .int, .required)
            .field("claimed_by", .string)
            .field("claimed_at", .datetime)
            .field("fee_fen", .int, .required)
            .field("application_date", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("waiting_deadline", .datetime)
            .field("idempotency_key", .string, .required)
            .field("request_digest", .string, .required)
            .field("open_key", .string)
            .field("new_document_number", .string)
            .field("pickup_code", .string)
            .field("language", .string, .required)
            .unique(on: "number")
            .unique(on: "account_id", "idempotency_key")
            .unique(on: "open_key")
            .create()
        try await database.schema(RenewalUploadRecord.schema)
            .id()
            .field("blob_key", .string, .required)
            .field("kind", .string, .required)
            .field("person_key", .string, .required)
            .field("account_id", .string, .required)
            .field("bytes", .int, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "person_key", "kind", "blob_key")
            .create()
        try await database.schema(RenewalDraftRecord.schema)
            .id()
            .field("account_id", .string, .required)
            .field("person_key", .string, .required)
            .field("answers", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "account_id", "person_key")
            .create()
        try await database.schema("document_number_counters")
            .field("range_id", .string, .identifier(auto: false))
            .field("last_sequence", .int, .required)
            .field("updated_at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw(
                "CREATE INDEX renewal_applications_queue ON renewal_applications (office_code, status, submitted_at)"
            ).run()
            try await sql.raw("CREATE INDEX renewal_applications_person ON renewal_applications (person_key)").run()
            try await sql.raw(
                "CREATE INDEX renewal_applications_waiting ON renewal_applications (waiting_deadline)"
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("document_number_counters").delete()
        try await database.schema(RenewalDraftRecord.schema).delete()
        try await database.schema(RenewalUploadRecord.schema).delete()
        try await database.schema(RenewalApplicationRecord.schema).delete()
    }
}
