import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// A clock the test moves forward (expiry, idle timeouts, rate-limit windows).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = TestDefaults.now) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// A registered applicant: the demo Beijing citizen with a known password and mobile.
struct Applicant {
    static let password = "Correct-Horse-42"
    static let mobile = "13812345678"

    var person: RegistryPerson
    var mobile = Applicant.mobile
    var password = Applicant.password

    var name: String { person.name }
    var idNumber: String { person.identity.number }

    var registrationJSON: String {
        """
        {"name":"\(name)","documentKind":"resident-id","documentNumber":"\(idNumber)","mobile":"\(mobile)",\
        "password":"\(password)","language":"en"}
        """
    }
}

enum AccountTesting {
    /// Runs `body` with a movable clock and the demo Beijing citizen in the registry.
    static func withAccountsApp(
        trustForwardedFor: Bool = true, _ body: (Application, TestClock, Applicant) async throws -> Void
    ) async throws {
        try await withApp { app in
            let clock = TestClock()
            app.services.now = { clock.now }
            app.accountSettings.trustForwardedFor = trustForwardedFor
            let person = try RegistryTesting.demo(DemoRegistry.Key.beijingCitizen)
            try await RegistryTesting.store(app).save(person)
            try await body(app, clock, Applicant(person: person))
        }
    }

    static func sandbox(_ app: Application) throws -> SandboxSMSNotifier {
        guard let sandbox = app.services.notifier as? SandboxSMSNotifier else {
            throw Abort(.internalServerError, reason: "not the sandbox notifier")
        }
        return sandbox
    }

    static func messageCount(_ app: Application, to mobile: String) async throws -> Int {
        await try sandbox(app).messages(to: mobile).count
    }

    static func lastCode(_ app: Application, to mobile: String = Applicant.mobile) async throws -> String {
        guard let code = await try sandbox(app).lastCode(to: mobile) else {
            throw Abort(.internalServerError, reason: "no code in the outbox")
        }
        return code
    }

    /// Registers and verifies through the API; returns the account ID.
    @discardableResult
    static func registerVerified(_ app: Application, _ applicant: Applicant) async throws -> UUID {
        let created = try await app.post(json: applicant.registrationJSON, to: "/api/v1/accounts")
        #expect(created.status == .created, "\(created.text)")
        let id = try created.json(Created.self).id
        let code = try await lastCode(app, to: applicant.mobile)
        let verified = try await app.post(
            json: #"{"mobile":"\#(applicant.mobile)","code":"\#(code)"}"#, to: "/api/v1/accounts/verify-mobile")
        #expect(verified.status == .ok, "\(verified.text)")
        return id
    }

    static func token(
        _ app: Application, identifier: String, password: String, address: String = "198.51.100.1"
    )
        async throws -> TestingHTTPResponse
    {
        try await app.post(
            json: #"{"identifier":"\#(identifier)","password":"\#(password)"}"#, to: "/api/v1/auth/token",
            headers: ["X-Forwarded-For": address])
    }

    /// Audit rows as text, every column, to look for secrets.
    static func auditText(_ app: Application) async throws -> [String] {
        try await RegistryTesting.textValues(in: "audit_log", on: app.db)
    }

    static func signInEntries(_ app: Application, account: UUID) async throws -> [AuditEntry] {
        try await AuditLogRecord.query(on: app.db).filter(\.$subject == account.uuidString)
            .filter(\.$action == SignInService.signInAction).sort(\.$sequence).all().map { try $0.entry() }
    }
}

struct Created: Decodable {
    var id: UUID
    var mobile: String
    var mobileVerified: Bool
}

struct Tokens: Decodable {
    var accessToken: String
    var tokenType: String
    var expiresIn: Int
    var refreshToken: String
}

/// A browser: keeps cookies between requests and reads the CSRF token from forms.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var address = "203.0.113.7"

    init(_ app: Application) { self.app = app }

    var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }

    func get(_ path: String) async throws -> TestingHTTPResponse {
        let response = try await app.get(path, headers: headers())
        remember(response)
        return response
    }

    func post(_ path: String, form: [String: String]) async throws -> TestingHTTPResponse {
        var headers = headers()
        headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
        let body = form.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
        }.joined(separator: "&")
        let response = try await app.send(.POST, path, headers: headers, body: body)
        remember(response)
        return response
    }

    /// GETs a form page and posts it with the page's CSRF token plus `form`.
    func submit(page: String, to path: String, form: [String: String]) async throws -> TestingHTTPResponse {
        let token = try Self.csrfToken(in: try await get(page).text)
        return try await post(path, form: form.merging(["csrfToken": token]) { first, _ in first })
    }

    static func csrfToken(in html: String) throws -> String {
        guard let range = html.range(of: #"name="csrfToken" value=""#),
            let end = html[range.upperBound...].firstIndex(of: "\"")
        else { throw Abort(.internalServerError, reason: "no CSRF field in the page") }
        return String(html[range.upperBound..<end])
    }

    private func headers() -> HTTPHeaders {
        var headers: HTTPHeaders = ["X-Forwarded-For": address, "User-Agent": "TestBrowser/1.0"]
        if !cookies.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookieHeader) }
        return headers
    }

    private func remember(_ response: TestingHTTPResponse) {
        for header in response.headers[.setCookie] {
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
            let value = String(pair[pair.index(after: equals)...])
            if value.isEmpty { cookies[name] = nil } else { cookies[name] = value }
        }
    }
}
