import CrossingDomain
import Fluent
import Foundation
import Vapor

/// The applicant's appointment pages under /appointments, in Chinese and English, working without
/// JavaScript: each step is a plain GET form or link, and each change a POST form with the session's
/// CSRF token (checked by CSRFMiddleware).
struct AppointmentPagesController: RouteCollection {
    static let path = "/appointments"

    func boot(routes: any RoutesBuilder) throws {
        let pages = routes.grouped("appointments")
        pages.get(use: list)
        pages.get("new", use: new)
        pages.post(use: hold)
        pages.get(":id", use: show)
        pages.post(":id", "confirm", use: confirm)
        pages.post(":id", "cancel", use: cancel)
        pages.get(":id", "reschedule", use: reschedulePage)
        pages.post(":id", "reschedule", use: reschedule)
        pages.get(":id", "calendar.ics", use: calendar)
        pages.get(":id", "qr.svg", use: qr)
    }

    struct HoldForm: Content {
        var forPerson: String?
        var serviceCode: String?
        var officeCode: String?
        var date: String?
        var time: String?
    }

    struct MoveForm: Content {
        var date: String?
        var time: String?
    }

    // MARK: List and detail

    func list(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = try BookingService(request)
        let t = request.appointmentStrings
        let names = try await dependentNames(request, account)
        let rows = try await service.list(for: account).map {
            row($0, service: service, names: names, request: request)
        }
        let notice = request.query[String.self, at: "done"] == "cancelled" ? t.cancelledNotice : ""
        let context = MyAppointmentsContext(
            meta: Portal.meta(request, title: t.myHeading, section: "account"), t: t, notice: notice, rows: rows)
        return try await AccountPage.render("appointments/index", context, for: request)
    }

    func show(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = try BookingService(request)
        let record = try await service.appointment(request.parameters.get("id") ?? "", for: account)
        return try await renderDetail(request, record, service: service, account: account)
    }

    private func renderDetail(
        _ request: Request, _ record: AppointmentRecord, service: BookingService, account: AuthenticatedAccount
    ) async throws -> Response {
        let t = request.appointmentStrings
        let language = request.language
        let office = service.snapshot.directory.office(code: record.officeCode)
        let status = record.appointmentStatus
        let names = try await dependentNames(request, account)
        let notice: String =
            switch request.query[String.self, at: "done"] {
            case "confirmed": t.confirmedNotice
            case "moved": t.movedNotice
            default: ""
            }
        let context = AppointmentDetailContext(
            meta: Portal.meta(request, title: status == .held ? t.heldHeading : t.confirmedHeading, section: "account"),
            t: t, csrfToken: CSRF.token(for: request), notice: notice, id: record.id?.uuidString ?? "",
            status: t.status(status), isHeld: status == .held, isConfirmed: status == .confirmed,
            holdUntil: record.holdExpiresAt.map { AppointmentPageFormat.localTime($0, timeZone: service.timeZone) }
                ?? "",
            code: [.confirmed, .checkedIn].contains(status) ? record.confirmationCode?.display ?? "" : "",
            when: AppointmentPageFormat.when(record, policy: service.policy, language: language),
            service: service.snapshot.catalogue.guide(code: record.serviceCode)?.name.text(in: language)
                ?? record.serviceCode,
            office: office?.name.text(in: language) ?? record.officeCode,
            address: office?.address.text(in: language) ?? "",
            mapURL: office?.mapURL ?? "", person: record.delegationID.flatMap { names[$0] } ?? t.forSelf,
            reschedulesLeft: max(0, service.policy.maxReschedules - record.reschedules),
            canReschedule: status == .confirmed && record.reschedules < service.policy.maxReschedules)
        return try await AccountPage.render("appointments/show", context, for: request)
    }

    // MARK: Booking

    func new(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let form = HoldForm(
            forPerson: request.query[String.self, at: "for"], serviceCode: request.query[String.self, at: "service"],
            officeCode: request.query[String.self, at: "office"], date: request.query[String.self, at: "date"],
            time: nil)
        return try await renderNew(
            request, account: account, form: form, city: request.query[String.self, at: "city"], errors: [])
    }

    func hold(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let form = try request.content.decode(HoldForm.self)
        do {
            let booking = try BookingInput(
                officeCode: form.officeCode, serviceCode: form.serviceCode, date: form.date, time: form.time
            ).request(language: request.language)
            let target = try BookingService.target(for: account, dependentID: form.forPerson)
            let hold = try await BookingService(request).hold(
                booking, for: target, by: account, client: request.clientContext, idempotencyKey: nil,
                language: request.language)
            return request.redirect(to: "\(Self.path)/\(hold.appointment.id?.uuidString ?? "")", redirectType: .normal)
        } catch let failure as AppointmentFailure {
            guard failure.status != .tooManyRequests, failure.status != .notFound else { throw failure }
            let errors = formErrors(failure, language: request.language)
            return try await renderNew(
                request, account: account, form: form, city: nil, errors: errors, status: failure.status)
        }
    }

    func confirm(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = try BookingService(request)
        let record = try await service.appointment(request.parameters.get("id") ?? "", for: account)
        let confirmed = try await service.confirm(record, by: account)
        return request.redirect(
            to: "\(Self.path)/\(confirmed.id?.uuidString ?? "")?done=confirmed", redirectType: .normal)
    }

    func cancel(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = try BookingService(request)
        let record = try await service.appointment(request.parameters.get("id") ?? "", for: account)
        _ = try await service.cancel(record, by: account.accountID.uuidString)
        return request.redirect(to: Self.path + "?done=cancelled", redirectType: .normal)
    }

    func reschedulePage(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = try BookingService(request)
        let record = try await service.appointment(request.parameters.get("id") ?? "", for: account)
        return try await renderMove(
            request, record, service: service, date: request.query[String.self, at: "date"], errors: [])
    }

    func reschedule(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = try BookingService(request)
        let record = try await service.appointment(request.parameters.get("id") ?? "", for: account)
        let form = try request.content.decode(MoveForm.self)
        do {
            let booking = try BookingInput(
                officeCode: record.officeCode, serviceCode: record.serviceCode, date: form.date, time: form.time
            ).request(language: request.language)
            let moved = try await service.reschedule(record, to: booking, by: account, client: request.clientContext)
            return request.redirect(to: "\(Self.path)/\(moved.id?.uuidString ?? "")?done=moved", redirectType: .normal)
        } catch let failure as AppointmentFailure {
            guard failure.status != .tooManyRequests, failure.status != .notFound else { throw failure }
            return try await renderMove(
                request, record, service: service, date: form.date,
                errors: formErrors(failure, language: request.language),
                status: failure.status)
        }
    }

    func calendar(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = try BookingService(request)
        let record = try await service.appointment(request.parameters.get("id") ?? "", for: account)
        return try AppointmentFiles.calendar(record, service: service, language: request.language)
    }

    func qr(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = try BookingService(request)
        let record = try await service.appointment(request.parameters.get("id") ?? "", for: account)
        return try AppointmentFiles.qr(record, language: request.language)
    }

    // MARK: Rendering

    private func formErrors(_ failure: AppointmentFailure, language: Language) -> [FieldErrorView] {
        let fields = failure.fieldErrors(in: language)
        if fields.isEmpty { return [FieldErrorView(field: "slots", message: failure.detail(in: language))] }
        return fields.map { FieldErrorView(field: $0.field, message: $0.message) }
    }

    private func renderNew(
        _ request: Request, account: AuthenticatedAccount, form: HoldForm, city: String?, errors: [FieldErrorView],
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let t = request.appointmentStrings
        let language = request.language
        let service = try BookingService(request)
        let snapshot = service.snapshot
        let dependents = try await DependentService(request).active(for: account)
        let forValue = form.forPerson ?? ""
        let people =
            [OptionView(value: "", label: t.forSelf, selected: forValue.isEmpty)]
            + dependents.map { delegation, person in
                OptionView(
                    value: delegation.id, label: person.map { DependentMasking.name($0.name) } ?? delegation.id,
                    selected: forValue == delegation.id)
            }
        let serviceCode = form.serviceCode ?? ""
        let services = AppointmentCatalogue.serviceCodes.compactMap { code -> OptionView? in
            guard let guide = snapshot.catalogue.guide(code: code) else { return nil }
            return OptionView(value: code, label: guide.name.text(in: language), selected: code == serviceCode)
        }
        var query = ["for": forValue, "service": serviceCode]
        var offices: [OfficeChoiceView] = []
        let cityText = city ?? ""
        let searched = !cityText.isEmpty && !serviceCode.isEmpty
        if searched {
            let cityCode = snapshot.directory.city(matching: cityText)?.code
            if let cityCode {
                query["city"] = cityText
                offices = snapshot.directory.search(.init(cityCode: cityCode, serviceCode: serviceCode)).map { office in
                    OfficeChoiceView(
                        code: office.code, name: office.name.text(in: language),
                        address: office.address.text(in: language),
                        mapURL: office.mapURL,
                        href: Self.path + "/new?" + encode(query.merging(["office": office.code]) { $1 }),
                        selected: office.code == form.officeCode)
                }
            }
        }
        var days: [DayView] = []
        var slots: [SlotView] = []
        var officeName = ""
        var dateLabel = ""
        if let code = form.officeCode, let office = snapshot.directory.office(code: code), !serviceCode.isEmpty,
            office.services.contains(serviceCode)
        {
            officeName = office.name.text(in: language)
            query["office"] = code
            (days, slots, dateLabel) = try await dayViews(
                service: service, office: office, serviceCode: serviceCode, chosen: form.date, t: t, language: language
            ) { date in Self.path + "/new?" + encode(query.merging(["date": date]) { $1 }) + "#slots" }
        }
        let context = NewAppointmentContext(
            meta: Portal.meta(request, title: t.newHeading, section: "account"), t: t,
            csrfToken: CSRF.token(for: request),
            errors: errors, people: people, services: services, city: cityText, forValue: forValue,
            serviceValue: serviceCode,
            searched: searched, offices: offices, officeCode: form.officeCode ?? "", officeName: officeName, days: days,
            date: form.date ?? "", dateLabel: dateLabel, slots: slots, action: Self.path, buttonLabel: t.holdButton,
            heading: t.newHeading, intro: t.newIntro)
        return try await AccountPage.render("appointments/new", context, for: request, status: status)
    }

    private func renderMove(
        _ request: Request, _ record: AppointmentRecord, service: BookingService, date: String?,
        errors: [FieldErrorView],
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let t = request.appointmentStrings
        let language = request.language
        guard let office = service.snapshot.directory.office(code: record.officeCode) else {
            throw AppointmentFailure.notFound
        }
        let id = record.id?.uuidString ?? ""
        let (days, slots, dateLabel) = try await dayViews(
            service: service, office: office, serviceCode: record.serviceCode, chosen: date, t: t, language: language
        ) { date in "\(Self.path)/\(id)/reschedule?date=\(date)#slots" }
        let context = NewAppointmentContext(
            meta: Portal.meta(request, title: t.rescheduleHeading, section: "account"), t: t,
            csrfToken: CSRF.token(for: request), errors: errors, people: [], services: [], city: "", forValue: "",
            serviceValue: record.serviceCode, searched: false, offices: [], officeCode: office.code,
            officeName: office.name.text(in: language), days: days, date: date ?? "", dateLabel: dateLabel,
            slots: slots,
            action: "\(Self.path)/\(id)/reschedule", buttonLabel: t.moveButton, heading: t.rescheduleHeading,
            intro: t.rescheduleIntro)
        return try await AccountPage.render("appointments/new", context, for: request, status: status)
    }

    private func dayViews(
        service: BookingService, office: Office, serviceCode: String, chosen: String?, t: AppointmentStrings,
        language: Language, link: (String) -> String
    ) async throws -> ([DayView], [SlotView], String) {
        let availability = try await service.availability(office: office, serviceCode: serviceCode)
        var slots: [SlotView] = []
        var dateLabel = ""
        let days = availability.map { day -> DayView in
            let free = day.slots.reduce(0) { $0 + $1.free }
            let note: String =
                switch day.closedReason {
                case .holiday: t.closedHoliday
                case .notOpeningDay: t.closedNotOpening
                case .closure: t.closedClosure
                case nil: free == 0 ? t.full : "\(free) \(t.freePlaces)"
                }
            let selected = day.date.iso == chosen
            if selected {
                dateLabel = AppointmentPageFormat.day(day.date, language: language)
                slots = day.slots.filter { $0.free > 0 }.map {
                    SlotView(
                        time: SlotTime.text(minute: $0.startMinute),
                        label: "\(SlotTime.text(minute: $0.startMinute))–\(SlotTime.text(minute: $0.endMinute))",
                        free: $0.free)
                }
            }
            return DayView(
                date: day.date.iso, label: AppointmentPageFormat.day(day.date, language: language),
                href: link(day.date.iso),
                note: note, selectable: day.closedReason == nil && free > 0, selected: selected)
        }
        return (days, slots, dateLabel)
    }

    private func row(
        _ record: AppointmentRecord, service: BookingService, names: [String: String], request: Request
    ) -> AppointmentRowView {
        let language = request.language
        let t = request.appointmentStrings
        return AppointmentRowView(
            id: record.id?.uuidString ?? "",
            when: AppointmentPageFormat.when(record, policy: service.policy, language: language),
            service: service.snapshot.catalogue.guide(code: record.serviceCode)?.name.text(in: language)
                ?? record.serviceCode,
            office: service.snapshot.directory.office(code: record.officeCode)?.name.text(in: language)
                ?? record.officeCode,
            status: t.status(record.appointmentStatus), statusCode: record.status,
            person: record.delegationID.flatMap { names[$0] } ?? t.forSelf)
    }

    /// Masked names of the people the account acts for, by delegation ID.
    private func dependentNames(_ request: Request, _ account: AuthenticatedAccount) async throws -> [String: String] {
        guard account.personID != nil else { return [:] }
        let active = try await DependentService(request).active(for: account)
        return Dictionary(
            active.map { delegation, person in (delegation.id, person.map { DependentMasking.name($0.name) } ?? "") },
            uniquingKeysWith: { first, _ in first })
    }

    private func encode(_ query: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return query.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }
}
