import Fluent

/// Shipments and their tracking events (ours), and the sandbox EMS's own state (`sandbox_courier_`
/// tables, which a live deployment never writes).
struct M0007_CreateShipments: AsyncMigration {
    var name: String { "0007_create_shipments" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ShipmentRecord.schema)
            .id()
            .field("subject_type", .string, .required)
            .field("subject_id", .string, .required)
            .field("owner_person_key", .string, .required)
            .field("recipient_name", .string, .required)
            .field("recipient_phone", .string, .required)
            .field("recipient_address", .string, .required)
            .field("contents", .string, .required)
            .field("waybill_status", .string, .required)
            .field("waybill_number", .string)
            .field("refusal_reason", .string)
            .field("state", .string, .required)
            .field("state_changed_at", .datetime, .required)
            .field("issued_at", .datetime)
            .field("last_push_at", .datetime)
            .field("last_polled_at", .datetime)
            .field("cancel_requested_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "waybill_number")
            .create()
        try await database.schema(ShipmentEventRecord.schema)
            .id()
            .field("shipment_id", .uuid, .required, .references(ShipmentRecord.schema, "id", onDelete: .cascade))
            .field("waybill_number", .string, .required)
            .field("occurred_at", .datetime, .required)
            .field("code", .string, .required)
            .field("stage", .string)
            .field("location", .string, .required)
            .field("description", .string, .required)
            .field("source", .string, .required)
            .field("received_at", .datetime, .required)
            .unique(on: "waybill_number", "occurred_at", "code")
            .create()
        try await database.schema(SandboxCourierWaybillRecord.schema)
            .id()
            .field("waybill_number", .string, .required)
            .field("reference", .string, .required)
            .field("scenario", .string, .required)
            .field("create_calls", .int, .required)
            .field("pushed_through", .int, .required)
            .field("created_at", .datetime, .required)
            .field("cancelled_at", .datetime)
            .unique(on: "waybill_number")
            .unique(on: "reference")
            .create()
        try await database.schema(SandboxCourierScanRecord.schema)
            .id()
            .field("waybill_number", .string, .required)
            .field("sequence", .int, .required)
            .field("happens_at", .datetime, .required)
            .field("code", .string, .required)
            .field("city", .string, .required)
            .field("description", .string, .required)
            .unique(on: "waybill_number", "sequence")
            .create()
        try await createIndexes(
            [
                ("shipments_subject", ShipmentRecord.schema, ["subject_type", "subject_id"]),
                ("shipments_polling", ShipmentRecord.schema, ["state", "last_push_at"]),
                ("shipment_events_shipment", ShipmentEventRecord.schema, ["shipment_id", "occurred_at"]),
            ], on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SandboxCourierScanRecord.schema).delete()
        try await database.schema(SandboxCourierWaybillRecord.schema).delete()
        try await database.schema(ShipmentEventRecord.schema).delete()
        try await database.schema(ShipmentRecord.schema).delete()
    }
}
