import CrossingDomain
import Fluent
import Foundation
import SQLKit

/// Slots and places in the database. Slots are created from the plan the first time anyone looks
/// at an office's day (INSERT ... ON CONFLICT DO NOTHING, so concurrent first looks agree), and a
/// place is only ever taken by the conditional update in `takePlace`.
struct AppointmentStore: Sendable {
    var database: any Database
    var policy: AppointmentPolicy
    var timeZone: TimeZone

    var sql: any SQLDatabase {
        get throws {
            guard let sql = database as? any SQLDatabase else { throw AppointmentStoreUnavailable() }
            return sql
        }
    }

    func on(_ database: any Database) -> AppointmentStore {
        AppointmentStore(database: database, policy: policy, timeZone: timeZone)
    }

    func closures(office: String, date: CalendarDate) async throws -> [OfficeClosure] {
        try await AppointmentClosureRecord.query(on: database).filter(\.$officeCode == office)
            .filter(\.$date == date.iso).all().compactMap(\.closure)
    }

    /// The slots of an office's day (every group), created from the plan when none exist yet.
    func slots(
        _ office: Office, on date: CalendarDate, calendar: WorkingDayCalendar
    ) async throws
        -> [AppointmentSlotRecord]
    {
        let existing = try await query(office: office.code, date: date)
        if !existing.isEmpty { return existing }
        let planned = CapacityPlanner.plan(
            office, on: date, calendar: calendar, closures: try await closures(office: office.code, date: date),
            policy: policy)
        guard !planned.isEmpty else { return [] }
        let sql = try sql
        for chunk in stride(from: 0, to: planned.count, by: 100).map({
            Array(planned[$0..<min($0 + 100, planned.count)])
        }) {
            var insert = sql.insert(into: AppointmentSlotRecord.schema)
                .columns(
                    "id", "office_code", "service_group", "date", "start_minute", "end_minute", "starts_at", "capacity",
                    "booked")
            for slot in chunk {
                let startsAt = SlotTime(date: slot.date, minute: slot.startMinute).instant(in: timeZone)
                insert = insert.values(
                    SQLBind(UUID()), SQLBind(slot.officeCode), SQLBind(slot.group.rawValue), SQLBind(slot.date.iso),
                    SQLBind(slot.startMinute), SQLBind(slot.endMinute), SQLBind(startsAt), SQLBind(slot.capacity),
                    SQLBind(0))
            }
            try await insert.ignoringConflicts(with: ["office_code", "date", "service_group", "start_minute"]).run()
        }
        return try await query(office: office.code, date: date)
    }

    /// One slot, created with its day's plan when the day has no slots yet.
    func slot(
        _ office: Office, on date: CalendarDate, group: AppointmentServiceGroup, startMinute: Int,
        calendar: WorkingDayCalendar
    ) async throws -> AppointmentSlotRecord? {
        func find() async throws -> AppointmentSlotRecord? {
            try await AppointmentSlotRecord.query(on: database).filter(\.$officeCode == office.code)
                .filter(\.$date == date.iso).filter(\.$serviceGroup == group.rawValue)
                .filter(\.$startMinute == startMinute).first()
        }
        if let found = try await find() { return found }
        _ = try await slots(office, on: date, calendar: calendar)
        return try await find()
    }

    /// The places of one group's slots over a range of days, read without building Fluent models
    /// (the availability page reads hundreds of rows; model decoding dominated its cost).
    func summaries(
        office: String, group: AppointmentServiceGroup, from: CalendarDate, through: CalendarDate
    )
        async throws -> [SlotSummary]
    {
        try await sql.select()
            .columns("date", "start_minute", "end_minute", "capacity", "booked")
            .from(AppointmentSlotRecord.schema)
            .where("office_code", .equal, office)
            .where("service_group", .equal, group.rawValue)
            .where("date", .greaterThanOrEqual, from.iso)
            .where("date", .lessThanOrEqual, through.iso)
            .orderBy("date").orderBy("start_minute")
            .all(decoding: SlotSummary.self)
    }

    func closures(office: String, from: CalendarDate, through: CalendarDate) async throws -> [OfficeClosure] {
        try await AppointmentClosureRecord.query(on: database).filter(\.$officeCode == office)
            .filter(\.$date >= from.iso).filter(\.$date <= through.iso).all().compactMap(\.closure)
    }

    func query(office: String, date: CalendarDate) async throws -> [AppointmentSlotRecord] {
        try await AppointmentSlotRecord.query(on: database).filter(\.$officeCode == office)
            .filter(\.$date == date.iso).sort(\.$startMinute).all()
    }

    /// Takes one place in the slot if one is free: the single statement that prevents overbooking.
    /// Concurrent callers queue on the slot row (PostgreSQL re-checks `booked < capacity` after the
    /// lock; SQLite runs one writer at a time), so exactly `capacity` of them succeed.
    func takePlace(slotID: UUID) async throws -> Bool {
        let rows = try await sql.raw(
            "UPDATE appointment_slots SET booked = booked + 1 WHERE id = \(bind: slotID) AND booked < capacity RETURNING id"
        ).all()
        return !rows.isEmpty
    }

    /// Gives a place back once per appointment and slot (jobs run at least once).
    @discardableResult
    func returnPlace(appointmentID: UUID, slotID: UUID, now: Date) async throws -> Bool {
        let inserted = try await sql.raw(
            """
            INSERT INTO appointment_place_returns (id, appointment_id, slot_id, returned_at) \
            VALUES (\(bind: UUID()), \(bind: appointmentID), \(bind: slotID), \(bind: now)) \
            ON CONFLICT (appointment_id, slot_id) DO NOTHING RETURNING id
            """
        ).all()
        guard !inserted.isEmpty else { return false }
        try await sql.raw("UPDATE appointment_slots SET booked = booked - 1 WHERE id = \(bind: slotID) AND booked > 0")
            .run()
        return true
    }

    /// Moves an appointment from one status to another only if it is still in `from` (two officers,
    /// or an officer and the expiry job, cannot both win).
    func transition(
        _ id: UUID, from: [AppointmentStatus], to status: AppointmentStatus, now: Date, by actor: String
    ) async throws -> Bool {
        let ends = !status.isActive
        let states = from.map(\.rawValue)
        let rows: [any SQLRow]
        if ends {
            rows = try await sql.raw(
                """
                UPDATE appointments SET status = \(bind: status.rawValue), active_key = NULL, hold_expires_at = NULL, \
                updated_at = \(bind: now), ended_at = \(bind: now), ended_by = \(bind: actor) \
                WHERE id = \(bind: id) AND status IN (\(binds: states)) RETURNING id
                """
            ).all()
        } else {
            rows = try await sql.raw(
                """
                UPDATE appointments SET status = \(bind: status.rawValue), hold_expires_at = NULL, \
                updated_at = \(bind: now), confirmed_at = \(bind: now) \
                WHERE id = \(bind: id) AND status IN (\(binds: states)) RETURNING id
                """
            ).all()
        }
        return !rows.isEmpty
    }

    /// Slot start times of a person's recorded no-shows.
    func noShows(person: String) async throws -> [Date] {
        try await AppointmentRecord.query(on: database).filter(\.$personKey == person)
            .filter(\.$status == AppointmentStatus.noShow.rawValue).all().map(\.startsAt)
    }

    func active(person: String, group: AppointmentServiceGroup) async throws -> AppointmentRecord? {
        try await AppointmentRecord.query(on: database)
            .filter(\.$activeKey == AppointmentRecord.activeKey(person: person, group: group)).first()
    }
}

struct AppointmentStoreUnavailable: Error {}

/// A slot's places, as the availability answer needs them.
struct SlotSummary: Decodable, Sendable {
    var date: String
    var startMinute: Int
    var endMinute: Int
    var capacity: Int
    var booked: Int

    var free: Int { max(0, capacity - booked) }

    enum CodingKeys: String, CodingKey {
        case date
        case startMinute = "start_minute"
        case endMinute = "end_minute"
        case capacity, booked
    }
}
