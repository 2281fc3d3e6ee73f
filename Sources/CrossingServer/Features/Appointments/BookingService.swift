import CrossingDomain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Who an appointment is for: the signed-in person, or a dependent under an active delegation.
struct BookingTarget: Sendable, Equatable {
    var personKey: String
    var delegationID: String?
}

/// The applicant's use cases: hold a place, confirm, reschedule, cancel. Every change is one
/// transaction with its audit entry, its outbox jobs and its notifications.
struct BookingService: Sendable {
    var services: AppServices
    var database: any Database
    var snapshot: ReferenceSnapshot
    var settings: AppointmentSettings

    init(_ request: Request) throws {
        self.init(
            services: request.services, database: request.db, snapshot: try request.referenceData(),
            settings: request.application.appointmentSettings)
    }

    init(services: AppServices, database: any Database, snapshot: ReferenceSnapshot, settings: AppointmentSettings) {
        self.services = services
        self.database = database
        self.snapshot = snapshot
        self.settings = settings
    }

    var policy: AppointmentPolicy { settings.policy }
    var timeZone: TimeZone { services.config.serviceTimeZone }
    var store: AppointmentStore { AppointmentStore(database: database, policy: policy, timeZone: timeZone) }
    var auditLog: AuditLog { AuditLog(hasher: services.auditHasher) }
    func localNow(_ now: Date) -> SlotTime { SlotTime.at(now, in: timeZone) }

    // MARK: Who and which

    /// The person to book for. Only real-name applicant accounts book, for themselves or for a
    /// dependent under one of their own active delegations.
    static func target(for account: AuthenticatedAccount, dependentID: String?) throws -> BookingTarget {
        guard account.kind == .applicant, let me = account.personID else {
            throw AppointmentFailure.booking(.identityRequired)
        }
        guard let dependentID, !dependentID.isEmpty else { return BookingTarget(personKey: me.rawValue) }
        guard
            let delegation = account.principal.activeDelegations.first(where: {
                $0.id == dependentID && $0.helper == me && $0.isActive
            }),
            case .allow = Authorizer.decide(
                account.principal, .actForDependent, on: ProtectedResource(owner: delegation.dependent))
        else { throw AppointmentFailure.noDelegation }
        return BookingTarget(personKey: delegation.dependent.rawValue, delegationID: delegation.id)
    }

    /// An appointment the account may see: the person's own, or a dependent's under an active
    /// delegation. Anything else is "not found", so codes and IDs of others reveal nothing.
    func appointment(_ id: String, for account: AuthenticatedAccount) async throws -> AppointmentRecord {
        guard let uuid = UUID(uuidString: id), let record = try await AppointmentRecord.find(uuid, on: database) else {
            throw AppointmentFailure.notFound
        }
        let owner = ProtectedResource(owner: PersonID(record.personKey))
        let action: Action = account.personID?.rawValue == record.personKey ? .readOwnData : .actForDependent
        guard case .allow = Authorizer.decide(account.principal, action, on: owner) else {
            throw AppointmentFailure.notFound
        }
        return record
    }

    /// Appointments of the person and of everyone they act for, newest slot first.
    func list(for account: AuthenticatedAccount) async throws -> [AppointmentRecord] {
        guard let me = account.personID else { return [] }
        let people =
            [me.rawValue] + account.principal.activeDelegations.filter { $0.helper == me }.map(\.dependent.rawValue)
        return try await AppointmentRecord.query(on: database).filter(\.$personKey ~~ people)
            .sort(\.$startsAt, .descending).limit(100).all()
    }

    // MARK: Availability

    struct DayAvailability: Sendable {
        var date: CalendarDate
        var closedReason: ClosedReason?
        var slots: [SlotSummary]
    }

    /// The released days from today to the horizon, with the slots of `serviceCode`'s group.
    func availability(office: Office, serviceCode: String) async throws -> [DayAvailability] {
        guard let group = AppointmentCatalogue.group(of: serviceCode) else {
            throw AppointmentFailure.booking(.serviceNotBookable)
        }
        guard office.services.contains(serviceCode) else { throw AppointmentFailure.booking(.serviceNotOffered) }
        let local = localNow(services.now())
        let released = (0...policy.horizonDays).map { local.date.adding(days: $0) }
            .prefix { ReleaseSchedule.isReleased($0, officeCode: office.code, policy: policy, now: local) }
        guard let first = released.first, let last = released.last else { return [] }
        let closures = try await store.closures(office: office.code, from: first, through: last)
        var summaries = try await store.summaries(office: office.code, group: group, from: first, through: last)
        var created = false
        for date in released where !summaries.contains(where: { $0.date == date.iso }) {
            // First look at this day: create its slots from the plan (nothing to create when closed).
            if !(try await store.slots(office, on: date, calendar: snapshot.calendar)).isEmpty { created = true }
        }
        if created {
            summaries = try await store.summaries(office: office.code, group: group, from: first, through: last)
        }
        let byDay = Dictionary(grouping: summaries, by: \.date)
        return released.map { date in
            if let reason = CapacityPlanner.closedReason(
                of: office, on: date, calendar: snapshot.calendar, closures: closures.filter { $0.date == date },
                policy: policy)
            {
                return DayAvailability(date: date, closedReason: reason, slots: [])
            }
            let slots = (byDay[date.iso] ?? []).filter {
                SlotTime(date: date, minute: $0.startMinute) > local
                    && (date > local.date || $0.startMinute >= local.minute + policy.minimumLeadMinutes)
            }
            return DayAvailability(date: date, closedReason: nil, slots: slots)
        }
    }

    // MARK: Hold

    struct Hold: Sendable {
        var appointment: AppointmentRecord
        /// False when an earlier request with the same idempotency key made it.
        var created: Bool
    }

    /// Checks the request and takes a place for a short hold. The place is taken by the conditional
    /// update inside the transaction; "one active booking per person and group" is also a unique key.
    func hold(
        _ request: BookingRequest, for target: BookingTarget, by account: AuthenticatedAccount, client: ClientContext,
        idempotencyKey: String?, language: Language
    ) async throws -> Hold {
        let idempotency = idempotencyKey.map { account.accountID.uuidString + "|" + $0 }
        if let idempotency, let earlier = try await existing(idempotency: idempotency) {
            return Hold(appointment: earlier, created: false)
        }
        let now = services.now()
        try await enforceRateLimits(account: account, client: client, now: now)
        let office = snapshot.directory.office(code: request.officeCode)
        let closures = try await store.closures(office: request.officeCode, date: request.date)
        let planned: PlannedSlot
        do {
            planned = try BookingRules.check(
                request, office: office, calendar: snapshot.calendar, closures: closures, policy: policy,
                now: localNow(now))
        } catch {
            throw AppointmentFailure.booking(error)
        }
        if BookingRules.coolingOffUntil(
            noShows: try await store.noShows(person: target.personKey), policy: policy, now: now)
            != nil
        {
            throw AppointmentFailure.booking(.coolingOff)
        }
        if try await store.active(person: target.personKey, group: planned.group) != nil {
            throw AppointmentFailure.booking(.alreadyBooked)
        }
        guard let office,
            let slot = try await store.slot(
                office, on: request.date, group: planned.group, startMinute: planned.startMinute,
                calendar: snapshot.calendar),
            let slotID = slot.id
        else { throw AppointmentFailure.booking(.noSuchSlot) }
        // Already full when read: answer at once. The conditional update below is what guarantees
        // capacity; this only spares a transaction that could not succeed.
        guard slot.booked < slot.capacity else { throw AppointmentFailure.booking(.full) }

        let record = AppointmentRecord()
        record.id = UUID()
        var generator = SystemRandomNumberGenerator()
        record.code = ConfirmationCode.generate(using: &generator).compact
        record.slotID = slotID
        record.officeCode = office.code
        record.serviceCode = request.serviceCode
        record.serviceGroup = planned.group.rawValue
        record.date = request.date.iso
        record.startMinute = planned.startMinute
        record.startsAt = slot.startsAt
        record.personKey = target.personKey
        record.bookedByAccountID = account.accountID
        record.bookedByPersonKey = account.personID?.rawValue ?? ""
        record.delegationID = target.delegationID
        record.status = AppointmentStatus.held.rawValue
        record.activeKey = AppointmentRecord.activeKey(person: target.personKey, group: planned.group)
        record.holdExpiresAt = now.addingTimeInterval(policy.holdSeconds)
        record.reschedules = 0
        record.clientDigest = clientDigest(client)
        record.idempotencyKey = idempotency
        record.language = language.rawValue
        record.createdAt = now
        record.updatedAt = now
        do {
            try await database.transaction { db in
                guard try await store.on(db).takePlace(slotID: slotID) else { throw AppointmentFailure.booking(.full) }
                try await record.create(on: db)
                try await audit("appointment.hold", record, actor: account.accountID.uuidString, on: db, now: now)
                try await Outbox.enqueue(
                    AppointmentJobs.expireHold, AppointmentJobs.Target(appointmentID: try record.requireID()),
                    dedupeKey: "appointment-expire:\(try record.requireID())", notBefore: record.holdExpiresAt,
                    on: db, now: now)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            if let idempotency, let earlier = try await existing(idempotency: idempotency) {
                return Hold(appointment: earlier, created: false)
            }
            throw AppointmentFailure.booking(.alreadyBooked)
        }
        return Hold(appointment: record, created: true)
    }

    private func existing(idempotency: String) async throws -> AppointmentRecord? {
        try await AppointmentRecord.query(on: database).filter(\.$idempotencyKey == idempotency).first()
    }

    func clientDigest(_ client: ClientContext) -> String {
        String(services.tokenDigest.digest("appointment-client:" + client.address).prefix(32))
    }

    private func enforceRateLimits(account: AuthenticatedAccount, client: ClientContext, now: Date) async throws {
        let limits = RateLimitStore(database: database, services: services)
        let perAccount = RateLimitRule(name: "appointment-per-account", limit: settings.perAccountPerHour, window: 3600)
        let perAddress = RateLimitRule(name: "appointment-per-address", limit: settings.perAddressPerHour, window: 3600)
        for (rule, key) in [(perAccount, account.accountID.uuidString), (perAddress, client.address)] {
            if case .limited(let retryAfter) = try await limits.hit(rule, key: key, now: now) {
                throw AppointmentFailure.rateLimited(retryAfter: retryAfter)
            }
        }
    }

    // MARK: Confirm, cancel, reschedule

    func confirm(_ record: AppointmentRecord, by account: AuthenticatedAccount) async throws -> AppointmentRecord {
        let now = services.now()
        switch record.appointmentStatus {
        case .confirmed: return record
        case .held: break
        case .expired: throw AppointmentFailure.booking(.holdExpired)
        default: throw AppointmentFailure.booking(.notChangeable)
        }
        let id = try record.requireID()
        if let expires = record.holdExpiresAt, expires <= now {
            try await AppointmentJobs.expire(id, services: services, database: database, policy: policy, now: now)
            throw AppointmentFailure.booking(.holdExpired)
        }
        try await database.transaction { db in
            guard
                try await store.on(db).transition(
                    id, from: [.held], to: .confirmed, now: now, by: account.accountID.uuidString)
            else { throw AppointmentFailure.booking(.notChangeable) }
            record.status = AppointmentStatus.confirmed.rawValue
            record.confirmedAt = now
            record.holdExpiresAt = nil
            try await audit("appointment.confirm", record, actor: account.accountID.uuidString, on: db, now: now)
            try await announce(record, template: .appointmentBooked, on: db, now: now)
            try await scheduleReminder(record, on: db, now: now)
        }
        return try await AppointmentRecord.find(id, on: database) ?? record
    }

    func cancel(
        _ record: AppointmentRecord, by actor: String, reason: String = "applicant"
    ) async throws -> AppointmentRecord {
        let now = services.now()
        let id = try record.requireID()
        do {
            try BookingRules.mayCancel(
                status: record.appointmentStatus,
                start: SlotTime(date: record.calendarDate ?? localNow(now).date, minute: record.startMinute),
                now: localNow(now))
        } catch {
            throw AppointmentFailure.booking(error)
        }
        let wasConfirmed = record.appointmentStatus == .confirmed
        try await database.transaction { db in
            guard try await store.on(db).transition(id, from: [.held, .confirmed], to: .cancelled, now: now, by: actor)
            else {
                throw AppointmentFailure.booking(.notChangeable)
            }
            try await AppointmentJobs.scheduleReturn(
                appointmentID: id, slotID: record.slotID, after: policy.cancelReturnDelay, on: db, now: now)
            record.status = AppointmentStatus.cancelled.rawValue
            try await audit("appointment.cancel", record, actor: actor, on: db, now: now, extra: ["reason": reason])
            if wasConfirmed { try await announce(record, template: .appointmentCancelled, on: db, now: now) }
        }
        return try await AppointmentRecord.find(id, on: database) ?? record
    }

    func reschedule(
        _ record: AppointmentRecord, to request: BookingRequest, by account: AuthenticatedAccount, client: ClientContext
    ) async throws -> AppointmentRecord {
        let now = services.now()
        let id = try record.requireID()
        do {
            try BookingRules.mayReschedule(
                status: record.appointmentStatus, reschedules: record.reschedules, policy: policy)
        } catch {
            throw AppointmentFailure.booking(error)
        }
        try await enforceRateLimits(account: account, client: client, now: now)
        let office = snapshot.directory.office(code: request.officeCode)
        let closures = try await store.closures(office: request.officeCode, date: request.date)
        let planned: PlannedSlot
        do {
            planned = try BookingRules.check(
                request, office: office, calendar: snapshot.calendar, closures: closures, policy: policy,
                now: localNow(now))
        } catch {
            throw AppointmentFailure.booking(error)
        }
        guard let office,
            let slot = try await store.slot(
                office, on: request.date, group: planned.group, startMinute: planned.startMinute,
                calendar: snapshot.calendar),
            let slotID = slot.id
        else { throw AppointmentFailure.booking(.noSuchSlot) }
        guard slotID != record.slotID else { return record }
        let oldSlot = record.slotID
        let previous = "\(record.officeCode) \(record.date) \(SlotTime.text(minute: record.startMinute))"
        try await database.transaction { db in
            guard try await store.on(db).takePlace(slotID: slotID) else { throw AppointmentFailure.booking(.full) }
            let moved = try await store.on(db).sql.raw(
                """
                UPDATE appointments SET slot_id = \(bind: slotID), office_code = \(bind: office.code), \
                date = \(bind: request.date.iso), start_minute = \(bind: planned.startMinute), \
                starts_at = \(bind: slot.startsAt), reschedules = reschedules + 1, updated_at = \(bind: now) \
                WHERE id = \(bind: id) AND status = \(bind: AppointmentStatus.confirmed.rawValue) \
                AND reschedules = \(bind: record.reschedules) RETURNING id
                """
            ).all()
            guard !moved.isEmpty, let updated = try await AppointmentRecord.find(id, on: db) else {
                throw AppointmentFailure.booking(.notChangeable)
            }
            try await AppointmentJobs.scheduleReturn(
                appointmentID: id, slotID: oldSlot, after: policy.cancelReturnDelay, on: db, now: now)
            try await audit(
                "appointment.reschedule", updated, actor: account.accountID.uuidString, on: db, now: now,
                extra: ["from": previous])
            try await announce(updated, template: .appointmentBooked, on: db, now: now)
            try await scheduleReminder(updated, on: db, now: now)
        }
        return try await AppointmentRecord.find(id, on: database) ?? record
    }

    // MARK: Side effects

    func audit(
        _ action: String, _ record: AppointmentRecord, actor: String, on db: any Database, now: Date,
        extra: [String: String] = [:]
    ) async throws {
        var details = [
            "office": record.officeCode, "service": record.serviceCode, "date": record.date,
            "time": SlotTime.text(minute: record.startMinute), "client": record.clientDigest,
            "bookedBy": record.bookedByAccountID.uuidString,
        ]
        if let delegation = record.delegationID { details["delegation"] = delegation }
        details.merge(extra) { _, new in new }
        try await auditLog.append(
            AuditEntryDraft(
                occurredAt: now, actor: actor,
                onBehalfOf: record.personKey == record.bookedByPersonKey ? nil : record.personKey, action: action,
                subject: try record.requireID().uuidString, outcome: "success", details: details), on: db)
    }

    func announce(
        _ record: AppointmentRecord, template: NotificationTemplateID, on db: any Database, now: Date
    ) async throws {
        try await AppointmentJobs.notify(record, template: template, snapshot: snapshot, on: db, now: now)
    }

    func scheduleReminder(_ record: AppointmentRecord, on db: any Database, now: Date) async throws {
        guard let date = record.calendarDate else { return }
        let at = BookingRules.reminderTime(for: date).instant(in: timeZone)
        // Booked after the reminder time (for today or tomorrow): the booking message is reminder enough.
        guard at > now else { return }
        let id = try record.requireID()
        try await Outbox.enqueue(
            AppointmentJobs.remind, AppointmentJobs.Reminder(appointmentID: id, startsAt: record.startsAt),
            dedupeKey: "appointment-remind:\(id):\(Int(record.startsAt.timeIntervalSince1970))",
            notBefore: at,
            on: db, now: now)
    }
}
