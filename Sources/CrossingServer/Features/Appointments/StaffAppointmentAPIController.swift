import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Counter check-in for officers' scanners and desk software: POST /api/v1/staff/appointments/check-in
/// with the code typed or read from the QR code. Office-scoped like the back-office page.
struct StaffAppointmentAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("staff", "appointments").on(.POST, "check-in", body: .collect(maxSize: "16kb"), use: checkIn)
    }

    struct CheckInBody: Content {
        var code: String?
        var officeCode: String?
    }

    struct CheckedIn: Content {
        var appointment: AppointmentDocument
        /// The registry name of the person the appointment is for, to compare with their document.
        var personName: String?
    }

    func checkIn(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        guard account.kind == .staff else { throw Problem(.forbidden, detail: "Only staff check appointments in.") }
        guard request.headers.contentType == .json else {
            throw Problem(.unsupportedMediaType, detail: "Send the request body as application/json.")
        }
        let body = try request.content.decode(CheckInBody.self)
        let office =
            body.officeCode.flatMap { $0.isEmpty ? nil : $0 } ?? account.principal.grants.compactMap(\.officeCode).first
            ?? ""
        _ = try request.authorize(.checkInAppointments, on: ProtectedResource(officeCode: office))
        let service = try CounterService(request)
        let record = try await service.checkIn(code: body.code ?? "", office: office, staff: account)
        let person = try await RegistryStore(database: request.db, services: request.services)
            .person(id: PersonID(record.personKey))
        return try await CheckedIn(
            appointment: AppointmentDocument(
                record, snapshot: service.booking.snapshot, policy: service.booking.policy, language: request.language),
            personName: person?.name
        ).encodeResponse(for: request).noStore()
    }
}
