import CrossingDomain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The back office's use cases: the day's list and check-in at the counter (officers), capacity and
/// closures (supervisors), and finding and cancelling bulk or scripted bookings (administrators).
/// The caller has already authorised the staff member for the office.
struct CounterService: Sendable {
    var booking: BookingService

    init(_ request: Request) throws { booking = try BookingService(request) }

    var database: any Database { booking.database }
    var store: AppointmentStore { booking.store }
    var now: Date { booking.services.now() }

    // MARK: Counter

    func dayList(office: String, date: CalendarDate) async throws -> [AppointmentRecord] {
        try await AppointmentRecord.query(on: database).filter(\.$officeCode == office).filter(\.$date == date.iso)
            .filter(
                \.$status ~~ [
                    AppointmentStatus.confirmed.rawValue, AppointmentStatus.checkedIn.rawValue,
                    AppointmentStatus.noShow.rawValue,
                ]
            )
            .sort(\.$startMinute).sort(\.$createdAt).all()
    }

    /// Finds a booking by the code typed or scanned at the counter of `office`.
    func find(code raw: String, office: String) async throws -> AppointmentRecord {
        let code: ConfirmationCode
        do {
            code = try ConfirmationCode.parse(raw)
        } catch {
            throw AppointmentFailure.code(error)
        }
        guard
            let record = try await AppointmentRecord.query(on: database).filter(\.$code == code.compact)
                .filter(\.$officeCode == office).first()
        else { throw AppointmentFailure.notFound }
        return record
    }

    func checkIn(code raw: String, office: String, staff: AuthenticatedAccount) async throws -> AppointmentRecord {
        let record = try await find(code: raw, office: office)
        let today = booking.localNow(now).date
        do {
            try BookingRules.mayCheckIn(
                status: record.appointmentStatus, date: record.calendarDate ?? today, today: today)
        } catch {
            throw AppointmentFailure.booking(error)
        }
        return try await end(record, to: .checkedIn, from: [.confirmed], staff: staff, action: "appointment.check-in")
    }

    func markNoShow(id: UUID, office: String, staff: AuthenticatedAccount) async throws -> AppointmentRecord {
        guard let record = try await AppointmentRecord.find(id, on: database), record.officeCode == office else {
            throw AppointmentFailure.notFound
        }
        let slotEnd = SlotTime(
            date: record.calendarDate ?? booking.localNow(now).date,
            minute: record.startMinute + booking.policy.slotMinutes)
        do {
            try BookingRules.mayMarkNoShow(status: record.appointmentStatus, end: slotEnd, now: booking.localNow(now))
        } catch {
            throw AppointmentFailure.booking(error)
        }
        return try await end(record, to: .noShow, from: [.confirmed], staff: staff, action: "appointment.no-show")
    }

    private func end(
        _ record: AppointmentRecord, to status: AppointmentStatus, from: [AppointmentStatus],
        staff: AuthenticatedAccount,
        action: String
    ) async throws -> AppointmentRecord {
        let id = try record.requireID()
        let now = now
        try await database.transaction { db in
            guard
                try await store.on(db).transition(id, from: from, to: status, now: now, by: staff.accountID.uuidString)
            else {
                throw AppointmentFailure.booking(.notChangeable)
            }
            try await booking.audit(action, record, actor: staff.accountID.uuidString, on: db, now: now)
        }
        return try await AppointmentRecord.find(id, on: database) ?? record
    }

    // MARK: Capacity and closures

    /// Sets the capacity of every slot of `group` on the day; never below the places already taken.
    func setCapacity(
        office: Office, date: CalendarDate, group: AppointmentServiceGroup, capacity: Int, staff: AuthenticatedAccount
    ) async throws -> Int {
        let slots = try await store.slots(office, on: date, calendar: booking.snapshot.calendar)
            .filter { $0.serviceGroup == group.rawValue }
        let now = now
        try await database.transaction { db in
            for slot in slots {
                try await store.on(db).sql.raw(
                    """
                    UPDATE appointment_slots SET capacity = CASE WHEN booked > \(bind: capacity) THEN booked \
                    ELSE \(bind: capacity) END WHERE id = \(bind: try slot.requireID())
                    """
                ).run()
            }
            try await booking.auditLog.append(
                AuditEntryDraft(
                    occurredAt: now, actor: staff.accountID.uuidString, action: "appointment.capacity",
                    subject: office.code, outcome: "success",
                    details: [
                        "date": date.iso, "group": group.rawValue, "capacity": String(capacity),
                        "slots": String(slots.count),
                    ]),
                on: db)
        }
        return slots.count
    }

    /// Closes the office for the day or part of it: no new bookings there, and the bookings already
    /// made are cancelled by the office with a message to each person.
    func close(
        office: Office, date: CalendarDate, fromMinute: Int?, toMinute: Int?, reason: String,
        staff: AuthenticatedAccount
    ) async throws -> Int {
        let closure = OfficeClosure(officeCode: office.code, date: date, fromMinute: fromMinute, toMinute: toMinute)
        let slots = try await store.slots(office, on: date, calendar: booking.snapshot.calendar)
            .filter { closure.covers(officeCode: office.code, date: date, start: $0.startMinute, end: $0.endMinute) }
        let slotIDs = try slots.map { try $0.requireID() }
        let affected =
            slotIDs.isEmpty
            ? []
            : try await AppointmentRecord.query(on: database).filter(\.$slotID ~~ slotIDs)
                .filter(\.$status ~~ [AppointmentStatus.held.rawValue, AppointmentStatus.confirmed.rawValue]).all()
        let now = now
        let actor = staff.accountID.uuidString
        try await database.transaction { db in
            let record = AppointmentClosureRecord()
            record.officeCode = office.code
            record.date = date.iso
            record.fromMinute = fromMinute
            record.toMinute = toMinute
            record.reason = reason
            record.createdBy = staff.accountID
            record.createdAt = now
            try await record.create(on: db)
            for id in slotIDs {
                try await store.on(db).sql.raw("UPDATE appointment_slots SET capacity = 0 WHERE id = \(bind: id)").run()
            }
            for appointment in affected {
                let id = try appointment.requireID()
                guard
                    try await store.on(db).transition(
                        id, from: [.held, .confirmed], to: .cancelled, now: now, by: actor)
                else { continue }
                try await booking.audit(
                    "appointment.cancel", appointment, actor: actor, on: db, now: now,
                    extra: ["reason": "office-closure"])
                if appointment.appointmentStatus == .confirmed {
                    try await booking.announce(appointment, template: .appointmentCancelled, on: db, now: now)
                }
            }
            try await booking.auditLog.append(
                AuditEntryDraft(
                    occurredAt: now, actor: actor, action: "appointment.closure", subject: office.code,
                    outcome: "success",
                    details: [
                        "date": date.iso, "from": fromMinute.map(SlotTime.text(minute:)) ?? "",
                        "to": toMinute.map(SlotTime.text(minute:)) ?? "",
                        "cancelled": String(affected.count),
                    ]), on: db)
        }
        return affected.count
    }

    // MARK: Investigation

    struct Cluster: Sendable {
        /// "client" (one client address) or "booker" (one account booking for many people).
        var kind: String
        var key: String
        var bookings: Int
        var people: Int
    }

    /// Client addresses and accounts behind many active bookings made since `since`: the pattern of
    /// scripts and agents booking in bulk.
    func clusters(since: Date, threshold: Int) async throws -> [Cluster] {
        let recent = try await AppointmentRecord.query(on: database).filter(\.$createdAt >= since)
            .filter(\.$status ~~ [AppointmentStatus.held.rawValue, AppointmentStatus.confirmed.rawValue]).all()
        var clusters: [Cluster] = []
        for (kind, key) in [
            ("client", \AppointmentRecord.clientDigest), ("booker", \AppointmentRecord.bookedByAccountID.uuidString),
        ] {
            let groups = Dictionary(grouping: recent, by: { $0[keyPath: key] })
            for (value, bookings) in groups where bookings.count >= threshold {
                clusters.append(
                    Cluster(
                        kind: kind, key: value, bookings: bookings.count, people: Set(bookings.map(\.personKey)).count))
            }
        }
        return clusters.sorted { ($0.bookings, $0.key) > ($1.bookings, $1.key) }
    }

    /// Bookings matching the filters (any office), newest first.
    func search(
        office: String?, date: CalendarDate?, client: String?, booker: UUID?, limit: Int = 200
    ) async throws
        -> [AppointmentRecord]
    {
        var query = AppointmentRecord.query(on: database)
        if let office, !office.isEmpty { query = query.filter(\.$officeCode == office) }
        if let date { query = query.filter(\.$date == date.iso) }
        if let client, !client.isEmpty { query = query.filter(\.$clientDigest == client) }
        if let booker { query = query.filter(\.$bookedByAccountID == booker) }
        return try await query.sort(\.$createdAt, .descending).limit(limit).all()
    }

    /// Cancels the active bookings among `ids` as scripted; returns how many were cancelled.
    func cancelScripted(ids: [UUID], reason: String, staff: AuthenticatedAccount) async throws -> Int {
        var cancelled = 0
        for id in ids {
            guard let record = try await AppointmentRecord.find(id, on: database), record.appointmentStatus.isActive
            else { continue }
            _ = try await booking.cancel(record, by: staff.accountID.uuidString, reason: "investigation: " + reason)
            cancelled += 1
        }
        return cancelled
    }
}
