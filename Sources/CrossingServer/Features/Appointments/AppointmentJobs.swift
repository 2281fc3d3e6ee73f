import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Background work of appointments, through the outbox: expiring holds, returning cancelled places
/// to the pool after the delay, and the reminder the day before. Each handler is idempotent.
enum AppointmentJobs {
    static let expireHold = "appointment.expire-hold"
    static let returnPlace = "appointment.return-place"
    static let remind = "appointment.remind"

    struct Target: Codable, Sendable {
        var appointmentID: UUID
    }

    struct PlaceReturn: Codable, Sendable {
        var appointmentID: UUID
        var slotID: UUID
    }

    struct Reminder: Codable, Sendable {
        var appointmentID: UUID
        /// The slot the reminder is for; a reminder for a time the appointment has since moved away
        /// from does nothing.
        var startsAt: Date
    }

    static func register(_ app: Application) {
        app.jobs.register(ExpireHoldHandler())
        app.jobs.register(ReturnPlaceHandler())
        app.jobs.register(ReminderHandler())
    }

    /// Ends a hold that ran out and gives its place back at once (it was never confirmed, so there is
    /// nothing to scalp). Nothing happens when the appointment is no longer held.
    static func expire(
        _ id: UUID, services: AppServices, database: any Database, policy: AppointmentPolicy, now: Date
    ) async throws {
        try await database.transaction { db in
            let store = AppointmentStore(database: db, policy: policy, timeZone: services.config.serviceTimeZone)
            guard let record = try await AppointmentRecord.find(id, on: db),
                record.appointmentStatus == .held, let expires = record.holdExpiresAt, expires <= now,
                try await store.transition(id, from: [.held], to: .expired, now: now, by: "system:hold-expiry")
            else { return }
            try await store.returnPlace(appointmentID: id, slotID: record.slotID, now: now)
            try await AuditLog(hasher: services.auditHasher).append(
                AuditEntryDraft(
                    occurredAt: now, actor: "system:hold-expiry", action: "appointment.expire", subject: id.uuidString,
                    outcome: "success", details: ["office": record.officeCode, "date": record.date]), on: db)
        }
    }

    /// Queues the return of a place to its slot after `delay`.
    static func scheduleReturn(
        appointmentID: UUID, slotID: UUID, after delay: TimeInterval, on db: any Database, now: Date
    ) async throws {
        try await Outbox.enqueue(
            returnPlace, PlaceReturn(appointmentID: appointmentID, slotID: slotID),
            dedupeKey: "appointment-return:\(appointmentID):\(slotID)", notBefore: now.addingTimeInterval(delay),
            on: db,
            now: now)
    }

    /// Tells the person who booked (the helper, for a dependent) through the notifications feature.
    static func notify(
        _ record: AppointmentRecord, template: NotificationTemplateID, snapshot: ReferenceSnapshot,
        on db: any Database, now: Date
    ) async throws {
        guard let code = record.confirmationCode else { return }
        let office = snapshot.directory.office(code: record.officeCode)
        let service = snapshot.catalogue.guide(code: record.serviceCode)
        var parameters = [
            "office.zh": office?.name.zh ?? record.officeCode, "office.en": office?.name.en ?? record.officeCode,
            "date": record.date, "time": SlotTime.text(minute: record.startMinute), "bookingReference": code.display,
        ]
        if template == .appointmentBooked {
            parameters["service.zh"] = String((service?.name.zh ?? record.serviceCode).prefix(64))
            parameters["service.en"] = String((service?.name.en ?? record.serviceCode).prefix(64))
        }
        let id = try record.requireID()
        try await Notifications.enqueue(
            to: .account(record.bookedByAccountID), template: template, parameters: parameters,
            dedupeKey: "appointment:\(id):\(template.rawValue):\(Int(record.startsAt.timeIntervalSince1970))",
            on: db, now: now)
    }
}

struct ExpireHoldHandler: JobHandler {
    let kind = AppointmentJobs.expireHold

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let target = try job.decode(AppointmentJobs.Target.self)
        try await AppointmentJobs.expire(
            target.appointmentID, services: context.services, database: context.database,
            policy: context.application.appointmentSettings.policy, now: context.now)
    }
}

struct ReturnPlaceHandler: JobHandler {
    let kind = AppointmentJobs.returnPlace

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let payload = try job.decode(AppointmentJobs.PlaceReturn.self)
        let settings = context.application.appointmentSettings
        try await context.database.transaction { db in
            try await AppointmentStore(
                database: db, policy: settings.policy, timeZone: context.services.config.serviceTimeZone
            )
            .returnPlace(appointmentID: payload.appointmentID, slotID: payload.slotID, now: context.now)
        }
    }
}

struct ReminderHandler: JobHandler {
    let kind = AppointmentJobs.remind

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let payload = try job.decode(AppointmentJobs.Reminder.self)
        guard let snapshot = context.services.referenceData.snapshot else {
            throw JobFailure.permanent("reference data not loaded")
        }
        try await context.database.transaction { db in
            guard let record = try await AppointmentRecord.find(payload.appointmentID, on: db),
                record.appointmentStatus == .confirmed,
                abs(record.startsAt.timeIntervalSince(payload.startsAt)) < 1
            else { return }
            try await AppointmentJobs.notify(
                record, template: .appointmentReminder, snapshot: snapshot, on: db, now: context.now)
        }
    }
}
