import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// Applicants made directly in the database (a real-name account bound to a registry person key)
/// with an API access token, so a test can have many distinct people cheaply.
enum AppointmentTesting {
    static let office = "bj-dongcheng"
    /// Monday after the fixed clock (Sunday 22 November 2026, noon in Beijing).
    static let monday = "2026-11-23"

    struct Person {
        var accountID: UUID
        var personKey: String
        var headers: HTTPHeaders
    }

    static func person(_ app: Application, _ key: String, address: String = "198.51.100.20") async throws -> Person {
        app.accountSettings.trustForwardedFor = true
        let account = AccountRecord()
        let id = UUID()
        account.id = id
        account.personKey = key
        account.kind = AccountKind.applicant.rawValue
        account.passwordHash = "not-used"
        account.language = "en"
        account.lockedMethods = ""
        account.lockCount = 0
        account.createdAt = app.services.now()
        try await account.create(on: app.db)
        let tokens = try await TokenService(services: app.services).issue(accountID: id, on: app.db)
        return Person(
            accountID: id, personKey: key,
            headers: [
                "Authorization": "Bearer \(tokens.accessToken)", "X-Forwarded-For": address, "Accept-Language": "en",
                "Content-Type": "application/json",
            ])
    }

    static func bookingJSON(
        office: String = office, service: String = "passport.first", date: String = monday, time: String = "09:00",
        dependent: String? = nil
    ) -> String {
        let dependentPart = dependent.map { #","dependentId":"\#($0)""# } ?? ""
        return
            #"{"officeCode":"\#(office)","serviceCode":"\#(service)","date":"\#(date)","time":"\#(time)"\#(dependentPart)}"#
    }

    static func hold(
        _ app: Application, _ person: Person, _ json: String = bookingJSON(), key: String? = nil
    ) async throws -> TestingHTTPResponse {
        var headers = person.headers
        if let key { headers.replaceOrAdd(name: "Idempotency-Key", value: key) }
        return try await app.send(.POST, "/api/v1/appointments", headers: headers, body: json)
    }

    /// Holds and confirms; returns the confirmed document.
    static func book(
        _ app: Application, _ person: Person, _ json: String = bookingJSON()
    ) async throws -> AppointmentDoc {
        let held = try await hold(app, person, json)
        #expect(held.status == .created, "\(held.text)")
        let id = try held.json(AppointmentDoc.self).id
        let confirmed = try await app.send(.POST, "/api/v1/appointments/\(id)/confirm", headers: person.headers)
        #expect(confirmed.status == .ok, "\(confirmed.text)")
        return try confirmed.json(AppointmentDoc.self)
    }

    static func slot(
        _ app: Application, date: String = monday, time: Int = 540, group: String = "citizen-documents"
    )
        async throws -> AppointmentSlotRecord?
    {
        try await AppointmentSlotRecord.query(on: app.db).filter(\.$officeCode == office).filter(\.$date == date)
            .filter(\.$serviceGroup == group).filter(\.$startMinute == time).first()
    }

    /// Creates the office's slots for the day (as the availability page does) and sets one's capacity.
    static func setCapacity(_ app: Application, _ capacity: Int, date: String = monday, time: Int = 540) async throws {
        let response = try await app.get("/api/v1/appointments/availability?office=\(office)&service=passport.first")
        #expect(response.status == .ok, "\(response.text)")
        guard let slot = try await slot(app, date: date, time: time) else {
            throw Abort(.internalServerError, reason: "no slot")
        }
        slot.capacity = capacity
        try await slot.save(on: app.db)
    }

    static func delegate(_ app: Application, helper: String, dependent: String) async throws -> String {
        let record = DelegationRecord()
        let id = UUID()
        record.id = id
        record.helperPersonKey = helper
        record.dependentPersonKey = dependent
        record.relationship = Relationship.parent.rawValue
        record.consent = ConsentKind.guardianDeclaration.rawValue
        record.createdAt = app.services.now()
        record.confirmation = DelegationConfirmation.guardianDeclaration.rawValue
        record.confirmedAt = app.services.now()
        try await record.create(on: app.db)
        return id.uuidString
    }

    static func audit(_ app: Application, subject: String) async throws -> [AuditEntry] {
        try await AuditLogRecord.query(on: app.db).filter(\.$subject == subject).sort(\.$sequence).all()
            .map { try $0.entry() }
    }

    static func jobs(_ app: Application, kind: String) async throws -> [OutboxJobRecord] {
        try await OutboxJobRecord.query(on: app.db).filter(\.$kind == kind).all()
    }
}

struct AppointmentDoc: Decodable {
    var id: String
    var status: String
    var code: String?
    var officeCode: String
    var serviceCode: String
    var date: String
    var time: String
    var startsAt: String
    var holdExpiresAt: String?
    var reschedulesLeft: Int
    var dependentId: String?
    var calendarUrl: String?
    var qrUrl: String?
}

struct ProblemDoc: Decodable {
    struct FieldError: Decodable {
        var field: String
        var code: String
    }

    var type: String
    var status: Int
    var detail: String
    var errors: [FieldError]?

    var kind: String { String(type.split(separator: "/").last ?? "") }
    var codes: [String] { (errors ?? []).map(\.code) }
}

extension AppointmentTesting {
    /// A browser signed in (portal session cookie) as an account made with `person`.
    static func browser(_ app: Application, accountID: UUID, language: String = "en") async throws -> Browser {
        let created = try await SessionStore(services: app.services, database: app.db)
            .create(accountID: accountID, client: ClientContext(address: "203.0.113.7", device: "TestBrowser/1.0"))
        let browser = Browser(app)
        browser.cookies[SessionStore.cookieName] = created.token
        browser.cookies["lang"] = language
        return browser
    }
}
