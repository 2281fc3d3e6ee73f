import CrossingDomain
import Foundation
import Vapor

/// The applicant's appointment API under /api/v1/appointments: availability, hold (with an
/// Idempotency-Key), confirm, reschedule, cancel, the iCalendar file and the QR code.
struct AppointmentAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let group = routes.grouped("appointments")
        group.get("availability", use: availability)
        group.get(use: list)
        group.on(.POST, body: .collect(maxSize: "16kb"), use: create)
        group.get(":id", use: show)
        group.on(.POST, ":id", "confirm", body: .collect(maxSize: "16kb"), use: confirm)
        group.on(.POST, ":id", "reschedule", body: .collect(maxSize: "16kb"), use: reschedule)
        group.on(.POST, ":id", "cancel", body: .collect(maxSize: "16kb"), use: cancel)
        group.get(":id", "calendar.ics", use: calendar)
        group.get(":id", "qr.svg", use: qr)
    }

    struct CreateBody: Content {
        var officeCode: String?
        var serviceCode: String?
        var date: String?
        var time: String?
        var dependentId: String?
    }

    struct RescheduleBody: Content {
        var officeCode: String?
        var date: String?
        var time: String?
    }

    func availability(_ request: Request) async throws -> Response {
        let officeCode = request.query[String.self, at: "office"] ?? ""
        let serviceCode = request.query[String.self, at: "service"] ?? ""
        let language = request.language
        var errors: [Problem.FieldError] = []
        let service = try BookingService(request)
        let office = service.snapshot.directory.office(code: officeCode)
        if office == nil {
            errors.append(
                .init(
                    field: "office", code: BookingError.unknownOffice.code,
                    message: BookingError.unknownOffice.message.text(in: language)))
        }
        if AppointmentCatalogue.group(of: serviceCode) == nil {
            errors.append(
                .init(
                    field: "service", code: BookingError.serviceNotBookable.code,
                    message: BookingError.serviceNotBookable.message.text(in: language)))
        }
        guard errors.isEmpty, let office else { throw AppointmentFailure.invalid(errors) }
        let days = try await service.availability(office: office, serviceCode: serviceCode)
        return try await AvailabilityDocument(officeCode: office.code, serviceCode: serviceCode, days: days)
            .encodeResponse(for: request).noStore()
    }

    func list(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = try BookingService(request)
        let items = try await service.list(for: account).map { document($0, service, request) }
        return try await AppointmentList(items: items).encodeResponse(for: request).noStore()
    }

    func create(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        guard request.headers.contentType == .json else {
            throw Problem(.unsupportedMediaType, detail: "Send the request body as application/json.")
        }
        let body = try request.content.decode(CreateBody.self)
        let key = try idempotencyKey(request)
        let booking = try BookingInput(
            officeCode: body.officeCode, serviceCode: body.serviceCode, date: body.date, time: body.time
        )
        .request(language: request.language)
        let target = try BookingService.target(for: account, dependentID: body.dependentId)
        let service = try BookingService(request)
        let hold = try await service.hold(
            booking, for: target, by: account, client: request.clientContext, idempotencyKey: key,
            language: request.language)
        let response = try await document(hold.appointment, service, request)
            .encodeResponse(status: hold.created ? .created : .ok, for: request).noStore()
        response.headers.replaceOrAdd(
            name: .location, value: "/api/v1/appointments/\(hold.appointment.id?.uuidString ?? "")")
        return response
    }

    func show(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = try BookingService(request)
        let record = try await service.appointment(request.parameters.get("id") ?? "", for: account)
        return try await document(record, service, request).encodeResponse(for: request).noStore()
    }

    func confirm(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = try BookingService(request)
        let record = try await service.appointment(request.parameters.get("id") ?? "", for: account)
        let confirmed = try await service.confirm(record, by: account)
        return try await document(confirmed, service, request).encodeResponse(for: request).noStore()
    }

    func reschedule(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        guard request.headers.contentType == .json else {
            throw Problem(.unsupportedMediaType, detail: "Send the request body as application/json.")
        }
        let body = try request.content.decode(RescheduleBody.self)
        let service = try BookingService(request)
        let record = try await service.appointment(request.parameters.get("id") ?? "", for: account)
        let booking = try BookingInput(
            officeCode: body.officeCode ?? record.officeCode, serviceCode: record.serviceCode, date: body.date,
            time: body.time
        ).request(language: request.language)
        let moved = try await service.reschedule(record, to: booking, by: account, client: request.clientContext)
        return try await document(moved, service, request).encodeResponse(for: request).noStore()
    }

    func cancel(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = try BookingService(request)
        let record = try await service.appointment(request.parameters.get("id") ?? "", for: account)
        let cancelled = try await service.cancel(record, by: account.accountID.uuidString)
        return try await document(cancelled, service, request).encodeResponse(for: request).noStore()
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

    private func document(
        _ record: AppointmentRecord, _ service: BookingService, _ request: Request
    ) -> AppointmentDocument {
        AppointmentDocument(record, snapshot: service.snapshot, policy: service.policy, language: request.language)
    }

    /// The optional Idempotency-Key header (`IdempotencyKeyHeader`).
    private func idempotencyKey(_ request: Request) throws -> String? {
        switch IdempotencyKeyHeader.read(request) {
        case .absent: return nil
        case .key(let key): return key
        case .malformed(let error): throw AppointmentFailure.invalid([error])
        }
    }
}

/// The calendar file and the QR image, shared by the API and the portal.
enum AppointmentFiles {
    static func calendar(_ record: AppointmentRecord, service: BookingService, language: Language) throws -> Response {
        guard [AppointmentStatus.confirmed, .checkedIn].contains(record.appointmentStatus),
            let code = record.confirmationCode, let id = record.id
        else { throw AppointmentFailure.notFound }
        let office = service.snapshot.directory.office(code: record.officeCode)
        let serviceName =
            service.snapshot.catalogue.guide(code: record.serviceCode)?.name.text(in: language) ?? record.serviceCode
        let officeName = office?.name.text(in: language) ?? record.officeCode
        let label = LocalizedText(zh: "预约确认码", en: "Confirmation code").text(in: language)
        let file = AppointmentCalendarFile(
            uid: "\(id.uuidString.lowercased())-\(record.reschedules)@crossing", start: record.startsAt,
            end: record.startsAt.addingTimeInterval(Double(service.policy.slotMinutes) * 60),
            stamp: service.services.now(),
            summary: serviceName + " – " + officeName,
            location: [officeName, office?.address.text(in: language) ?? ""].filter { !$0.isEmpty }.joined(
                separator: ", "),
            description: "\(label): \(code.display)")
        let response = Response(status: .ok, body: .init(string: file.text))
        response.headers.contentType = HTTPMediaType(
            type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"appointment-\(code.compact).ics\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func qr(_ record: AppointmentRecord, language: Language) throws -> Response {
        guard [AppointmentStatus.confirmed, .checkedIn].contains(record.appointmentStatus),
            let code = record.confirmationCode,
            let svg = QRCodeSVG.svg(
                for: code.qrPayload,
                title: LocalizedText(zh: "预约确认码 ", en: "Confirmation code ").text(in: language) + code.display)
        else { throw AppointmentFailure.notFound }
        let response = Response(status: .ok, body: .init(string: svg))
        response.headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

extension Response {
    /// Personal data: never stored by shared caches or the browser.
    func noStore() -> Response {
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return self
    }
}
