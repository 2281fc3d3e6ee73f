import Fluent
import SQLKit

/// Appointment slots with their capacity and places taken, appointments, office closures, and the
/// record of places returned to the pool (which makes the delayed return idempotent).
///
/// Double booking is prevented by the database, not by reads: a place is taken with
/// `UPDATE appointment_slots SET booked = booked + 1 WHERE id = ? AND booked < capacity`, and
/// `active_key` ("person|service group", NULL once the appointment ends) is unique, so one person
/// has at most one active booking per service group even under concurrent requests.
struct M0009_CreateAppointments: AsyncMigration {
    var name: String { "0009_create_appointments" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AppointmentSlotRecord.schema)
            .id()
            .field("office_code", .string, .required)
            .field("service_group", .string, .required)
            .field("date", .string, .required)
            .field("start_minute", .int, .required)
            .field("end_minute", .int, .required)
            .field("starts_at", .datetime, .required)
            .field("capacity", .int, .required)
            .field("booked", .int, .required)
            .unique(on: "office_code", "date", "service_group", "start_minute")
            .create()
        try await database.schema(AppointmentRecord.schema)
            .id()
            .field("code", .string, .required)
            .field("slot_id", .uuid, .required, .references(AppointmentSlotRecord.schema, "id"))
            .field("office_code", .string, .required)
            .field("service_code", .string, .required)
            .field("service_group", .string, .required)
            .field("date", .string, .required)
            .field("start_minute", .int, .required)
            .field("starts_at", .datetime, .required)
            .field("person_key", .string, .required)
            .field("booked_by_account_id", .uuid, .required)
            .field("booked_by_person_key", .string, .required)
            .field("delegation_id", .string)
            .field("status", .string, .required)
            .field("active_key", .string)
            .field("hold_expires_at", .datetime)
            .field("reschedules", .int, .required)
            .field("client_digest", .string, .required)
            .field("idempotency_key", .string)
            .field("language", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("confirmed_at", .datetime)
            .field("ended_at", .datetime)
            .field("ended_by", .string)
            .unique(on: "code")
            .unique(on: "active_key")
            .unique(on: "idempotency_key")
            .create()
        try await database.schema(AppointmentClosureRecord.schema)
            .id()
            .field("office_code", .string, .required)
            .field("date", .string, .required)
            .field("from_minute", .int)
            .field("to_minute", .int)
            .field("reason", .string, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(AppointmentPlaceReturnRecord.schema)
            .id()
            .field("appointment_id", .uuid, .required)
            .field("slot_id", .uuid, .required)
            .field("returned_at", .datetime, .required)
            .unique(on: "appointment_id", "slot_id")
            .create()
        try await createIndexes(
            [
                ("appointments_person", AppointmentRecord.schema, ["person_key", "status"]),
                ("appointments_office_day", AppointmentRecord.schema, ["office_code", "date"]),
                ("appointments_booker", AppointmentRecord.schema, ["booked_by_account_id", "created_at"]),
                ("appointments_client", AppointmentRecord.schema, ["client_digest", "created_at"]),
                ("appointment_closures_office_day", AppointmentClosureRecord.schema, ["office_code", "date"]),
            ], on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AppointmentPlaceReturnRecord.schema).delete()
        try await database.schema(AppointmentClosureRecord.schema).delete()
        try await database.schema(AppointmentRecord.schema).delete()
        try await database.schema(AppointmentSlotRecord.schema).delete()
    }
}
