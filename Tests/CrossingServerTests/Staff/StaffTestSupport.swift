import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

enum StaffTesting {
    static let office = "bj-dongcheng"

    static func service(_ app: Application) -> StaffService {
        StaffService(services: app.services, database: app.db, threadPool: app.passwordHashing.pool)
    }

    @discardableResult
    static func create(
        _ app: Application, username: String = "officer.li", role: Role = .officer, office: String? = office
    ) async throws -> StaffService.Created {
        try await service(app).create(username: username, displayName: "Li Ming", role: role, officeCode: office)
    }

    /// The current code of a created account's authenticator.
    static func code(_ app: Application, _ created: StaffService.Created) -> String {
        created.totp.code(at: app.services.now())
    }

    static func tokenJSON(_ username: String, _ password: String, _ code: String) -> String {
        #"{"username":"\#(username)","password":"\#(password)","code":"\#(code)"}"#
    }

    static func token(
        _ app: Application, _ username: String, _ password: String, _ code: String, address: String = "198.51.100.9"
    ) async throws -> TestingHTTPResponse {
        try await app.post(
            json: tokenJSON(username, password, code), to: "/api/v1/staff/token",
            headers: ["X-Forwarded-For": address, "Accept-Language": "en", "User-Agent": "StaffTest/1.0"])
    }

    /// A bearer header for a freshly created staff account of `role`.
    static func bearer(_ app: Application, role: Role, username: String) async throws -> HTTPHeaders {
        let office: String? = role == .administrator ? nil : Self.office
        let created = try await create(app, username: username, role: role, office: office)
        let response = try await token(app, username, created.initialPassword, code(app, created))
        #expect(response.status == .ok, "\(response.text)")
        let tokens = try response.json(Tokens.self)
        return ["Authorization": "Bearer \(tokens.accessToken)"]
    }

    /// A browser signed in to the back office as a freshly created staff account of `role`.
    static func browser(
        _ app: Application, role: Role, username: String, office: String? = office
    ) async throws -> Browser {
        let created = try await create(
            app, username: username, role: role, office: role == .administrator ? nil : office)
        let browser = Browser(app)
        let signedIn = try await browser.submit(
            page: "/staff/sign-in?lang=en", to: "/staff/sign-in",
            form: ["username": username, "password": created.initialPassword, "code": code(app, created)])
        #expect(signedIn.status == .seeOther, "\(signedIn.text)")
        return browser
    }

    static func signInEntries(_ app: Application, account: UUID) async throws -> [AuditEntry] {
        try await AuditLogRecord.query(on: app.db).filter(\.$subject == account.uuidString)
            .filter(\.$action == StaffSignInService.signInAction).sort(\.$sequence).all().map { try $0.entry() }
    }
}

struct AuditVerifyResult: Decodable, Equatable {
    var intact: Bool
    var entries: Int
    var brokenAt: Int64?
    var problem: String?
}
