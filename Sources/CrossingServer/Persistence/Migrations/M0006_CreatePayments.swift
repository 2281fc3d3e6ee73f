import Fluent

/// Payments: our ledger, the gateway's notifications (one row per notify ID), reconciliation runs and
/// their differences, and the sandbox gateway's own books (`sandbox_payment_*`).
struct M0006_CreatePayments: AsyncMigration {
    var name: String { "0006_create_payments" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PaymentRecord.schema)
            .id()
            .field("order_number", .string, .required)
            .field("gateway", .string, .required)
            .field("subject_type", .string, .required)
            .field("subject_id", .string, .required)
            .field("owner_person_key", .string, .required)
            .field("account_id", .string, .required)
            .field("amount_fen", .int64, .required)
            .field("currency", .string, .required)
            .field("description", .string, .required)
            .field("status", .string, .required)
            .field("gateway_trade_number", .string)
            .field("refund_number", .string)
            .field("refund_reason", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("paid_at", .datetime)
            .field("closed_at", .datetime)
            .field("refund_requested_at", .datetime)
            .field("refunded_at", .datetime)
            .unique(on: "order_number")
            .create()
        try await database.schema(PaymentNotificationRecord.schema)
            .id()
            .field("notify_id", .string, .required)
            .field("gateway", .string, .required)
            .field("order_number", .string, .required)
            .field("trade_number", .string, .required)
            .field("trade_status", .string, .required)
            .field("amount_fen", .int64, .required)
            .field("currency", .string, .required)
            .field("notify_time", .datetime, .required)
            .field("paid_at", .datetime)
            .field("content_digest", .string, .required)
            .field("received_at", .datetime, .required)
            .field("settled_at", .datetime)
            .unique(on: "notify_id")
            .create()
        try await database.schema(ReconciliationRunRecord.schema)
            .id()
            .field("statement_date", .string, .required)
            .field("gateway", .string, .required)
            .field("ran_at", .datetime, .required)
            .field("statement_lines", .int, .required)
            .field("differences", .int, .required)
            .unique(on: "statement_date", "gateway")
            .create()
        try await database.schema(ReconciliationDifferenceRecord.schema)
            .id()
            .field("statement_date", .string, .required)
            .field("order_number", .string, .required)
            .field("kind", .string, .required)
            .field("our_amount_fen", .int64)
            .field("gateway_amount_fen", .int64)
            .field("our_status", .string)
            .field("gateway_status", .string)
            .field("found_at", .datetime, .required)
            .field("resolved_at", .datetime)
            .field("resolved_by", .string)
            .field("resolution_note", .string)
            .unique(on: "statement_date", "order_number", "kind")
            .create()
        try await database.schema(SandboxTradeRecord.schema)
            .id()
            .field("order_number", .string, .required)
            .field("trade_number", .string, .required)
            .field("amount_fen", .int64, .required)
            .field("currency", .string, .required)
            .field("summary", .string, .required)
            .field("status", .string, .required)
            .field("scenario", .string, .required)
            .field("return_path", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("paid_at", .datetime)
            .field("closed_at", .datetime)
            .field("refunded_fen", .int64, .required)
            .field("query_faults_left", .int, .required)
            .field("refund_faults_left", .int, .required)
            .field("declines", .int, .required)
            .unique(on: "order_number")
            .create()
        try await database.schema(SandboxRefundRecordRow.schema)
            .id()
            .field("refund_number", .string, .required)
            .field("order_number", .string, .required)
            .field("amount_fen", .int64, .required)
            .field("refunded_at", .datetime, .required)
            .unique(on: "refund_number")
            .create()
        try await createIndexes(
            [
                ("payments_subject", PaymentRecord.schema, ["subject_type", "subject_id"]),
                ("payments_paid_at", PaymentRecord.schema, ["paid_at"]),
                ("payment_reconciliation_open", ReconciliationDifferenceRecord.schema, ["resolved_at", "found_at"]),
                ("sandbox_payment_trades_paid_at", SandboxTradeRecord.schema, ["paid_at"]),
            ], on: database)
    }

    func revert(on database: any Database) async throws {
        for schema in [
            SandboxRefundRecordRow.schema, SandboxTradeRecord.schema, ReconciliationDifferenceRecord.schema,
            ReconciliationRunRecord.schema, PaymentNotificationRecord.schema, PaymentRecord.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
