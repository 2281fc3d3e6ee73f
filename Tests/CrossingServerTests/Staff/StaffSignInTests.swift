import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Staff accounts: creation, password + TOTP sign-in, lock-out")
struct StaffSignInTests {
    @Test("a created officer signs in with the password and the current code, and the success is audited")
    func signIn() async throws {
        try await AccountTesting.withAccountsApp { app, _, _ in
            let created = try await StaffTesting.create(app)
            #expect(created.account.kind == "staff")
            #expect(created.initialPassword.count == 20)
            #expect(created.provisioningURI.hasPrefix("otpauth://totp/Crossing:officer.li?secret="))
            let credential = try #require(try await TOTPCredentialRecord.query(on: app.db).first())
            #expect(!credential.secretSealed.contains(created.totp.base32Secret))
            let response = try await StaffTesting.token(
                app, "officer.li", created.initialPassword, StaffTesting.code(app, created))
            #expect(response.status == .ok, "\(response.text)")
            #expect(try response.json(Tokens.self).tokenType == "Bearer")
            let entries = try await StaffTesting.signInEntries(app, account: try created.account.requireID())
            #expect(entries.map(\.outcome) == ["success"])
            #expect(entries.first?.details["method"] == "password+totp")
            #expect(entries.first?.details["clientAddress"] == "198.51.100.9")
            #expect(entries.first?.details["device"] == "StaffTest/1.0")
        }
    }

    @Test("wrong password, wrong code and a replayed code get the same answer and are audited with a reason")
    func wrongFactors() async throws {
        try await AccountTesting.withAccountsApp { app, clock, _ in
            let created = try await StaffTesting.create(app)
            let password = created.initialPassword
            let code = StaffTesting.code(app, created)
            let wrongCode = code == "000000" ? "111111" : "000000"
            let wrongPassword = try await StaffTesting.token(app, "officer.li", "not-the-password", code)
            let wrongTOTP = try await StaffTesting.token(app, "officer.li", password, wrongCode)
            let unknown = try await StaffTesting.token(app, "nobody", password, code)
            let accepted = try await StaffTesting.token(app, "officer.li", password, code)
            #expect(accepted.status == .ok, "\(accepted.text)")
            clock.advance(5)
            let replayed = try await StaffTesting.token(app, "officer.li", password, code)
            for refused in [wrongPassword, wrongTOTP, unknown, replayed] {
                #expect(refused.status == .unauthorized)
                #expect(refused.text.contains(StaffSignInFailure.message.en), "\(refused.text)")
            }
            let bodies = try [wrongPassword, wrongTOTP, unknown, replayed].map { try $0.json(RefusalBody.self) }
            #expect(Set(bodies).count == 1)
            let entries = try await StaffTesting.signInEntries(app, account: try created.account.requireID())
            #expect(
                entries.map { $0.details["reason"] ?? $0.outcome } == [
                    "wrong-password", "wrong-code", "success", "code-replayed",
                ])
            let text = try await AccountTesting.auditText(app).joined(separator: "\n")
            #expect(!text.contains(password) && !text.contains("not-the-password"))
            #expect(!text.contains("\"\(code)\""))
        }
    }

    @Test("repeated failures lock the account; the right factors are then refused too")
    func lockOut() async throws {
        try await AccountTesting.withAccountsApp { app, clock, _ in
            let created = try await StaffTesting.create(app)
            for attempt in 1...5 {
                let response = try await StaffTesting.token(
                    app, "officer.li", "wrong-\(attempt)", "123456", address: "198.51.100.\(attempt)")
                #expect(response.status == .unauthorized)
            }
            let account = try #require(try await AccountRecord.find(created.account.id, on: app.db))
            #expect(account.lockedUntil != nil)
            #expect(account.lockCount == 1)
            let reasons = try await StaffTesting.signInEntries(app, account: try account.requireID())
                .compactMap { $0.details["reason"] }
            #expect(reasons.last == "wrong-password-locked")
            clock.advance(60)
            let refused = try await StaffTesting.token(
                app, "officer.li", created.initialPassword, StaffTesting.code(app, created))
            #expect(refused.status == .tooManyRequests)
        }
    }

    @Test("the development demo staff sign in with the printed password and fixed secret")
    func demoStaff() async throws {
        try await withApp { app in
            let lines = try await DemoStaff.seed(app, password: DemoAccounts.password)
            #expect(lines.count == 3 && lines.allSatisfy { $0.contains("TOTP secret") })
            #expect(
                try await StaffTesting.service(app).list().map(\.role) == ["administrator", "officer", "supervisor"])
            let totp = try CrossingIntegrations.TOTP(secret: Data("crossing-demo-admini".utf8))
            let response = try await StaffTesting.token(
                app, "demo.admin", DemoAccounts.password, totp.code(at: app.services.now()))
            #expect(response.status == .ok, "\(response.text)")
        }
    }

    @Test("officers and supervisors need an office from the directory; usernames are unique")
    func creationRules() async throws {
        try await withApp { app in
            let service = StaffTesting.service(app)
            await #expect(throws: StaffCreationError.unknownOffice("xx-nowhere")) {
                try await service.create(
                    username: "officer1", displayName: "A", role: .officer, officeCode: "xx-nowhere")
            }
            await #expect(throws: StaffCreationError.officeRequired("supervisor")) {
                try await service.create(username: "s1x", displayName: "A", role: .supervisor, officeCode: nil)
            }
            await #expect(throws: StaffCreationError.notAStaffRole("applicant")) {
                try await service.create(username: "a1x", displayName: "A", role: .applicant, officeCode: nil)
            }
            try await StaffTesting.create(app, username: "admin.zhao", role: .administrator, office: nil)
            await #expect(throws: StaffCreationError.usernameTaken("admin.zhao")) {
                try await StaffTesting.create(app, username: "Admin.Zhao", role: .administrator, office: nil)
            }
            #expect(try await AccountRecord.query(on: app.db).count() == 1)
            #expect(try await service.list().map(\.username) == ["admin.zhao"])
        }
    }
}

@Suite("Staff sign-in page in a real browser's terms")
struct StaffSignInCookieTests {
    @Test("the anonymous form cookie is sent back to /staff/sign-in (its path covers the whole site)")
    func theDoubleSubmitCookieCoversStaffPages() async throws {
        try await withApp { app in
            let page = try await app.get("/staff/sign-in?lang=en")
            #expect(page.status == .ok)
            let cookie = try #require(page.headers[.setCookie].first { $0.hasPrefix(CSRF.cookieName + "=") })
            #expect(cookie.contains("Path=/;") || cookie.hasSuffix("Path=/"), "\(cookie)")
            #expect(cookie.contains("HttpOnly"))
        }
    }
}

/// What a refusal says, without the per-request fields (request ID, instance).
private struct RefusalBody: Decodable, Hashable {
    struct FieldError: Decodable, Hashable {
        var field: String
        var code: String
        var message: String
    }

    var status: Int
    var detail: String
    var errors: [FieldError]?
}
