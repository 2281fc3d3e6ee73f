import CrossingDomain
import Fluent
import Foundation
import Vapor

/// The back office for appointments under /staff/appointments (CSRF-checked forms, staff sessions):
/// the counter (officers: the day's list, check-in by code or QR content, no-shows), capacity and
/// closures (supervisors), and the investigation of bulk or scripted bookings (administrators).
/// Applicants get 404; staff outside the office get 403 from the Authorizer.
struct StaffAppointmentPagesController: RouteCollection {
    static let path = "/staff/appointments"

    func boot(routes: any RoutesBuilder) throws {
        let pages = routes.grouped("staff", "appointments")
        pages.get(use: counter)
        pages.post("check-in", use: checkIn)
        pages.post(":id", "no-show", use: noShow)
        pages.get("capacity", use: capacity)
        pages.post("capacity", use: setCapacity)
        pages.post("closures", use: close)
        pages.get("investigate", use: investigate)
        pages.post("investigate", "cancel", use: cancelMatching)
        pages.post("investigate", ":id", "cancel", use: cancelOne)
    }

    struct OfficeForm: Content {
        var office: String?
        var date: String?
        var code: String?
        var group: String?
        var capacity: String?
        var from: String?
        var to: String?
        var reason: String?
        var client: String?
        var booker: String?
    }

    // MARK: Access

    /// The staff member and the office the page is about (their own, or the one chosen by an
    /// administrator), authorised for `action`.
    private func access(
        _ request: Request, _ action: Action, office requested: String?
    ) throws -> (AuthenticatedAccount, String) {
        guard let account = request.account, account.kind == .staff else { throw Problem.notFound("That page") }
        let snapshot = try request.referenceData()
        let own = account.principal.grants.compactMap(\.officeCode).first
        let office = requested.flatMap { $0.isEmpty ? nil : $0 } ?? own ?? snapshot.directory.offices.first?.code ?? ""
        guard snapshot.directory.office(code: office) != nil else { throw Problem.notFound("That office") }
        return (try request.authorize(action, on: ProtectedResource(officeCode: office)), office)
    }

    private func nav(_ account: AuthenticatedAccount, office: String) -> StaffNavView {
        func allowed(_ action: Action) -> Bool {
            Authorizer.decide(account.principal, action, on: ProtectedResource(officeCode: office)) == .allow
        }
        return StaffNavView(
            counter: allowed(.checkInAppointments), capacity: allowed(.manageAppointmentCapacity),
            investigate: allowed(.investigateBookings))
    }

    private func officeOptions(
        _ request: Request, _ account: AuthenticatedAccount, selected: String
    ) throws -> [OptionView] {
        // Office-scoped staff see only their office; administrators without an office choose any.
        guard account.principal.grants.contains(where: { $0.officeCode == nil }) else { return [] }
        return try request.referenceData().directory.offices.map {
            OptionView(value: $0.code, label: $0.name.text(in: request.language), selected: $0.code == selected)
        }
    }

    private func day(_ raw: String?, today: CalendarDate) -> CalendarDate? {
        guard let raw, !raw.isEmpty else { return today }
        return CalendarDate(iso: raw)
    }

    // MARK: Counter

    func counter(_ request: Request) async throws -> Response {
        let (account, office) = try access(
            request, .checkInAppointments, office: request.query[String.self, at: "office"])
        let notice: String =
            switch request.query[String.self, at: "done"] {
            case "no-show": request.appointmentStrings.noShowNotice
            default: ""
            }
        return try await renderCounter(
            request, account: account, office: office, date: request.query[String.self, at: "date"], code: nil,
            errors: [],
            notice: notice, checkedIn: nil)
    }

    func checkIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(OfficeForm.self)
        let (account, office) = try access(request, .checkInAppointments, office: form.office)
        let service = try CounterService(request)
        do {
            let record = try await service.checkIn(code: form.code ?? "", office: office, staff: account)
            let checked = try await checkedInView(request, record, service: service.booking)
            return try await renderCounter(
                request, account: account, office: office, date: nil, code: nil, errors: [],
                notice: request.appointmentStrings.checkedInNotice, checkedIn: checked)
        } catch let failure as AppointmentFailure {
            let message =
                failure.fieldErrors(in: request.language).first?.message ?? failure.detail(in: request.language)
            return try await renderCounter(
                request, account: account, office: office, date: nil, code: form.code,
                errors: [FieldErrorView(field: "code", message: message)], notice: "", checkedIn: nil,
                status: failure.status)
        }
    }

    func noShow(_ request: Request) async throws -> Response {
        let form = try request.content.decode(OfficeForm.self)
        let (account, office) = try access(request, .checkInAppointments, office: form.office)
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw AppointmentFailure.notFound
        }
        let record = try await CounterService(request).markNoShow(id: id, office: office, staff: account)
        return request.redirect(
            to: "\(Self.path)?office=\(office)&date=\(record.date)&done=no-show", redirectType: .normal)
    }

    private func renderCounter(
        _ request: Request, account: AuthenticatedAccount, office: String, date rawDate: String?, code: String?,
        errors: [FieldErrorView], notice: String, checkedIn: CheckedInView?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let t = request.appointmentStrings
        let language = request.language
        let service = try CounterService(request)
        let booking = service.booking
        let local = booking.localNow(booking.services.now())
        var errors = errors
        let date = day(rawDate, today: local.date) ?? local.date
        if day(rawDate, today: local.date) == nil {
            errors.append(FieldErrorView(field: "date", message: t.dateInvalid))
        }
        let records = try await service.dayList(office: office, date: date)
        let registry = RegistryStore(database: request.db, services: request.services)
        var rows: [StaffBookingRowView] = []
        for record in records {
            let person = try await registry.person(id: PersonID(record.personKey))
            let end = SlotTime(date: date, minute: record.startMinute + booking.policy.slotMinutes)
            rows.append(
                StaffBookingRowView(
                    id: record.id?.uuidString ?? "", time: SlotTime.text(minute: record.startMinute),
                    name: person?.name ?? t.unknownPerson,
                    service: booking.snapshot.catalogue.guide(code: record.serviceCode)?.name.text(in: language)
                        ?? record.serviceCode,
                    code: record.confirmationCode?.display ?? "", status: t.status(record.appointmentStatus),
                    statusCode: record.status, canMarkNoShow: record.appointmentStatus == .confirmed && end <= local))
        }
        // Officers reading people's names is recorded, like every read of personal data.
        try await booking.auditLog.append(
            AuditEntryDraft(
                occurredAt: booking.services.now(), actor: account.accountID.uuidString, action: "appointment.day-list",
                subject: office, outcome: "success", details: ["date": date.iso, "count": String(records.count)]),
            on: request.db)
        let context = StaffCounterContext(
            meta: Portal.meta(request, title: t.staffHeading, section: ""), t: t, csrfToken: CSRF.token(for: request),
            nav: nav(account, office: office), errors: errors, notice: notice, officeCode: office,
            officeName: booking.snapshot.directory.office(code: office)?.name.text(in: language) ?? office,
            offices: try officeOptions(request, account, selected: office), date: date.iso,
            dateLabel: AppointmentPageFormat.day(date, language: language),
            code: FieldView(code, field: "code", errors: errors), checkedIn: checkedIn, rows: rows)
        return try await AccountPage.render("staff-appointments/counter", context, for: request, status: status)
    }

    /// The application form's first lines, prefilled from the registry and the booking.
    private func checkedInView(
        _ request: Request, _ record: AppointmentRecord, service: BookingService
    ) async throws
        -> CheckedInView
    {
        let t = request.appointmentStrings
        let person = try await RegistryStore(database: request.db, services: request.services)
            .person(id: PersonID(record.personKey))
        let document = person.map { "\($0.identity.kind.rawValue) \(DocumentMasking.number($0.identity.number))" } ?? ""
        return CheckedInView(
            name: person?.name ?? t.unknownPerson, document: document,
            service: service.snapshot.catalogue.guide(code: record.serviceCode)?.name.text(in: request.language)
                ?? record.serviceCode,
            time: AppointmentPageFormat.when(record, policy: service.policy, language: request.language),
            code: record.confirmationCode?.display ?? "")
    }

    // MARK: Capacity and closures

    func capacity(_ request: Request) async throws -> Response {
        let (account, office) = try access(
            request, .manageAppointmentCapacity, office: request.query[String.self, at: "office"])
        let notice = request.query[String.self, at: "notice"] ?? ""
        return try await renderCapacity(
            request, account: account, office: office, date: request.query[String.self, at: "date"], errors: [],
            notice: notice.isEmpty ? "" : request.appointmentStrings.capacityNotice)
    }

    func setCapacity(_ request: Request) async throws -> Response {
        let form = try request.content.decode(OfficeForm.self)
        let (account, office) = try access(request, .manageAppointmentCapacity, office: form.office)
        let t = request.appointmentStrings
        var errors: [FieldErrorView] = []
        let date = form.date.flatMap(CalendarDate.init(iso:))
        if date == nil { errors.append(FieldErrorView(field: "date", message: t.dateInvalid)) }
        let places = form.capacity.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap {
            (0...100).contains($0) ? $0 : nil
        }
        if places == nil {
            errors.append(FieldErrorView(field: "capacity-\(form.group ?? "")", message: t.capacityInvalid))
        }
        let group = form.group.flatMap(AppointmentServiceGroup.init(rawValue:))
        guard errors.isEmpty, let date, let places, let group,
            let officeRecord = try request.referenceData().directory.office(code: office)
        else {
            return try await renderCapacity(
                request, account: account, office: office, date: form.date, errors: errors, notice: "",
                status: .unprocessableEntity)
        }
        _ = try await CounterService(request).setCapacity(
            office: officeRecord, date: date, group: group, capacity: places, staff: account)
        return request.redirect(
            to: "\(Self.path)/capacity?office=\(office)&date=\(date.iso)&notice=capacity", redirectType: .normal)
    }

    func close(_ request: Request) async throws -> Response {
        let form = try request.content.decode(OfficeForm.self)
        let (account, office) = try access(request, .manageAppointmentCapacity, office: form.office)
        let t = request.appointmentStrings
        var errors: [FieldErrorView] = []
        let date = form.date.flatMap(CalendarDate.init(iso:))
        if date == nil { errors.append(FieldErrorView(field: "date", message: t.dateInvalid)) }
        let fromText = form.from?.trimmingCharacters(in: .whitespaces) ?? ""
        let toText = form.to?.trimmingCharacters(in: .whitespaces) ?? ""
        let from = fromText.isEmpty ? nil : SlotTime.minute(of: fromText)
        let to = toText.isEmpty ? nil : SlotTime.minute(of: toText)
        let badTimes =
            (!fromText.isEmpty && from == nil) || (!toText.isEmpty && to == nil) || (from == nil) != (to == nil)
            || (from != nil && to != nil && (from ?? 0) >= (to ?? 0))
        if badTimes { errors.append(FieldErrorView(field: "from", message: t.timeInvalid)) }
        let reason = form.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if reason.isEmpty || reason.count > 200 {
            errors.append(FieldErrorView(field: "reason", message: t.reasonRequired))
        }
        guard errors.isEmpty, let date, let officeRecord = try request.referenceData().directory.office(code: office)
        else {
            return try await renderCapacity(
                request, account: account, office: office, date: form.date, errors: errors, notice: "",
                status: .unprocessableEntity)
        }
        let cancelled = try await CounterService(request).close(
            office: officeRecord, date: date, fromMinute: from, toMinute: to, reason: reason, staff: account)
        return try await renderCapacity(
            request, account: account, office: office, date: date.iso, errors: [],
            notice: "\(t.closureNotice) \(cancelled)")
    }

    private func renderCapacity(
        _ request: Request, account: AuthenticatedAccount, office: String, date rawDate: String?,
        errors: [FieldErrorView], notice: String, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let t = request.appointmentStrings
        let language = request.language
        let service = try CounterService(request)
        let booking = service.booking
        let today = booking.localNow(booking.services.now()).date
        let date = day(rawDate, today: today) ?? today
        guard let officeRecord = booking.snapshot.directory.office(code: office) else {
            throw Problem.notFound("That office")
        }
        let slots = try await booking.store.slots(officeRecord, on: date, calendar: booking.snapshot.calendar)
        let rows = AppointmentServiceGroup.allCases.compactMap { group -> CapacityRowView? in
            let mine = slots.filter { $0.serviceGroup == group.rawValue }
            guard !mine.isEmpty else { return nil }
            let capacities = Set(mine.map(\.capacity)).sorted()
            return CapacityRowView(
                group: group.rawValue, groupName: group.name.text(in: language), slots: mine.count,
                capacity: capacities.map(String.init).joined(separator: "/"), booked: mine.reduce(0) { $0 + $1.booked })
        }
        let closures = try await AppointmentClosureRecord.query(on: request.db).filter(\.$officeCode == office)
            .filter(\.$date == date.iso).all().map {
                ClosureRowView(
                    from: $0.fromMinute.map(SlotTime.text(minute:)) ?? "—",
                    to: $0.toMinute.map(SlotTime.text(minute:)) ?? "—",
                    reason: $0.reason)
            }
        let closedNote: String =
            switch CapacityPlanner.closedReason(
                of: officeRecord, on: date, calendar: booking.snapshot.calendar, closures: [], policy: booking.policy)
            {
            case .holiday: t.closedHoliday
            case .notOpeningDay: t.closedNotOpening
            default: ""
            }
        let context = StaffCapacityContext(
            meta: Portal.meta(request, title: t.capacityHeading, section: ""), t: t,
            csrfToken: CSRF.token(for: request),
            nav: nav(account, office: office), errors: errors, notice: notice, officeCode: office,
            officeName: officeRecord.name.text(in: language),
            offices: try officeOptions(request, account, selected: office),
            date: date.iso, dateLabel: AppointmentPageFormat.day(date, language: language), closedNote: closedNote,
            rows: rows, closures: closures)
        return try await AccountPage.render("staff-appointments/capacity", context, for: request, status: status)
    }

    // MARK: Investigation

    func investigate(_ request: Request) async throws -> Response {
        let office = request.query[String.self, at: "office"]
        let (account, _) = try access(request, .investigateBookings, office: office)
        return try await renderInvestigation(
            request, account: account, office: office ?? "", date: request.query[String.self, at: "date"] ?? "",
            client: request.query[String.self, at: "client"] ?? "",
            booker: request.query[String.self, at: "booker"] ?? "",
            notice: request.query[String.self, at: "cancelled"].map {
                "\(request.appointmentStrings.cancelledCountNotice) \($0)"
            } ?? "")
    }

    func cancelMatching(_ request: Request) async throws -> Response {
        let form = try request.content.decode(OfficeForm.self)
        let (account, _) = try access(request, .investigateBookings, office: form.office)
        let reason = form.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let client = form.client ?? ""
        let booker = form.booker.flatMap(UUID.init(uuidString:))
        // Bulk cancellation needs a narrow filter (one client address or one account) and a reason.
        guard !reason.isEmpty, reason.count <= 200, !client.isEmpty || booker != nil else {
            return try await renderInvestigation(
                request, account: account, office: form.office ?? "", date: form.date ?? "", client: client,
                booker: form.booker ?? "", notice: "",
                errors: [FieldErrorView(field: "reason", message: request.appointmentStrings.reasonRequired)],
                status: .unprocessableEntity)
        }
        let service = try CounterService(request)
        let matching = try await service.search(
            office: form.office, date: form.date.flatMap(CalendarDate.init(iso:)),
            client: client.isEmpty ? nil : client,
            booker: booker)
        let cancelled = try await service.cancelScripted(ids: matching.compactMap(\.id), reason: reason, staff: account)
        return request.redirect(to: "\(Self.path)/investigate?cancelled=\(cancelled)", redirectType: .normal)
    }

    func cancelOne(_ request: Request) async throws -> Response {
        let form = try request.content.decode(OfficeForm.self)
        let (account, _) = try access(request, .investigateBookings, office: form.office)
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw AppointmentFailure.notFound
        }
        let cancelled = try await CounterService(request).cancelScripted(
            ids: [id], reason: form.reason.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } ?? "investigation",
            staff: account)
        return request.redirect(to: "\(Self.path)/investigate?cancelled=\(cancelled)", redirectType: .normal)
    }

    private func renderInvestigation(
        _ request: Request, account: AuthenticatedAccount, office: String, date: String, client: String, booker: String,
        notice: String, errors: [FieldErrorView] = [], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let t = request.appointmentStrings
        let language = request.language
        let service = try CounterService(request)
        let booking = service.booking
        let now = booking.services.now()
        let clusters = try await service.clusters(since: now.addingTimeInterval(-86_400), threshold: 5).map {
            ClusterRowView(
                kind: $0.kind, key: $0.key, bookings: $0.bookings, people: $0.people,
                href: "\(Self.path)/investigate?\($0.kind == "client" ? "client" : "booker")=\($0.key)")
        }
        let filtered = !office.isEmpty || !date.isEmpty || !client.isEmpty || !booker.isEmpty
        let records =
            filtered
            ? try await service.search(
                office: office, date: CalendarDate(iso: date), client: client, booker: UUID(uuidString: booker))
            : []
        let formatter = ISO8601DateFormatter()
        let rows = records.map { record in
            InvestigationRowView(
                id: record.id?.uuidString ?? "", created: formatter.string(from: record.createdAt),
                office: record.officeCode,
                when: AppointmentPageFormat.when(record, policy: booking.policy, language: language),
                service: record.serviceCode, status: t.status(record.appointmentStatus), statusCode: record.status,
                booker: record.bookedByAccountID.uuidString, client: record.clientDigest,
                active: record.appointmentStatus.isActive)
        }
        var offices = try request.referenceData().directory.offices.map {
            OptionView(value: $0.code, label: $0.name.text(in: language), selected: $0.code == office)
        }
        offices.insert(OptionView(value: "", label: t.anyOffice, selected: office.isEmpty), at: 0)
        let context = StaffInvestigationContext(
            meta: Portal.meta(request, title: t.investigateHeading, section: ""), t: t,
            csrfToken: CSRF.token(for: request),
            nav: nav(account, office: office), errors: errors, notice: notice, offices: offices, date: date,
            client: client,
            booker: booker, filtered: filtered, clusters: clusters, rows: rows)
        return try await AccountPage.render("staff-appointments/investigate", context, for: request, status: status)
    }
}

/// Identity numbers on back-office pages: the last four characters only.
enum DocumentMasking {
    static func number(_ number: String) -> String {
        String(repeating: "*", count: max(0, number.count - 4)) + String(number.suffix(4))
    }
}
