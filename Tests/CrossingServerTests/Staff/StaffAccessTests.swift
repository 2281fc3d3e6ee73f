import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Staff access: admin audit verification, back-office pages")
struct StaffAccessTests {
    @Test("an officer's token gets 403 from the audit verification; an administrator's gets intact")
    func auditVerifyRoles() async throws {
        try await AccountTesting.withAccountsApp { app, _, _ in
            let officer = try await StaffTesting.bearer(app, role: .officer, username: "officer.li")
            let supervisor = try await StaffTesting.bearer(app, role: .supervisor, username: "super.wang")
            let admin = try await StaffTesting.bearer(app, role: .administrator, username: "admin.zhao")
            #expect(try await app.get("/api/v1/admin/audit/verify", headers: officer).status == .forbidden)
            #expect(try await app.get("/api/v1/admin/audit/verify", headers: supervisor).status == .forbidden)
            #expect(try await app.get("/api/v1/admin/audit/verify").status == .unauthorized)
            let before = try await AuditLogRecord.query(on: app.db).count()
            let response = try await app.get("/api/v1/admin/audit/verify", headers: admin)
            #expect(response.status == .ok, "\(response.text)")
            #expect(
                try response.json(AuditVerifyResult.self)
                    == AuditVerifyResult(
                        intact: true, entries: before, brokenAt: nil, problem: nil))
            #expect(response.text.contains(#""brokenAt":null"#))
            let audited = try await AuditLogRecord.query(on: app.db).filter(\.$action == "audit.verify").all()
            #expect(audited.count == 1)
        }
    }

    @Test("after a hand-edited audit row the endpoint names its sequence")
    func brokenChain() async throws {
        try await AccountTesting.withAccountsApp { app, _, _ in
            let admin = try await StaffTesting.bearer(app, role: .administrator, username: "admin.zhao")
            let row = try #require(try await AuditLogRecord.query(on: app.db).filter(\.$sequence == 2).first())
            row.outcome = "failure"
            try await row.save(on: app.db)
            let response = try await app.get("/api/v1/admin/audit/verify", headers: admin)
            #expect(response.status == .ok, "\(response.text)")
            let result = try response.json(AuditVerifyResult.self)
            #expect(result.intact == false)
            #expect(result.brokenAt == 2)
            #expect(result.problem != nil)
        }
    }

    @Test("staff sign in on /staff/sign-in and see their name, role and office on /staff")
    func portal() async throws {
        try await AccountTesting.withAccountsApp { app, _, _ in
            let created = try await StaffTesting.create(app)
            let browser = Browser(app)
            #expect(try await browser.get("/staff?lang=en").headers.first(name: .location) == "/staff/sign-in")
            let forged = try await browser.post(
                "/staff/sign-in",
                form: ["username": "officer.li", "password": created.initialPassword, "code": "123456"])
            #expect(forged.status == .forbidden)
            let signedIn = try await browser.submit(
                page: "/staff/sign-in?lang=en", to: "/staff/sign-in",
                form: [
                    "username": "officer.li", "password": created.initialPassword,
                    "code": StaffTesting.code(app, created),
                ])
            #expect(signedIn.status == .seeOther, "\(signedIn.text)")
            #expect(signedIn.headers.first(name: .location) == "/staff")
            let home = try await browser.get("/staff?lang=en")
            #expect(home.status == .ok)
            #expect(
                home.text.contains("Li Ming") && home.text.contains("Officer") && home.text.contains("bj-dongcheng"))
            // The header leads staff back to the back office, not to an applicant's account page.
            #expect(home.text.contains(#"<a class="account-link" href="/staff">Back office</a>"#))
            #expect(!home.text.contains("My account"))
        }
    }

    @Test("a wrong code on the staff page shows the generic message")
    func portalWrongCode() async throws {
        try await AccountTesting.withAccountsApp { app, _, _ in
            let created = try await StaffTesting.create(app)
            let code = StaffTesting.code(app, created) == "000000" ? "111111" : "000000"
            let refused = try await Browser(app).submit(
                page: "/staff/sign-in?lang=en", to: "/staff/sign-in",
                form: ["username": "officer.li", "password": created.initialPassword, "code": code])
            #expect(refused.status == .unauthorized)
            #expect(refused.text.contains(html(StaffSignInFailure.message.en)))
        }
    }

    @Test("an applicant cannot open /staff, and a staff account cannot use the applicant sign-in")
    func separation() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            try await AccountTesting.registerVerified(app, applicant)
            let browser = Browser(app)
            let signedIn = try await browser.submit(
                page: "/account/sign-in", to: "/account/sign-in",
                form: ["identifier": applicant.mobile, "password": applicant.password])
            #expect(signedIn.status == .seeOther)
            #expect(try await browser.get("/staff").status == .notFound)

            let created = try await StaffTesting.create(app)
            let applicantSide = try await AccountTesting.token(
                app, identifier: "officer.li", password: created.initialPassword)
            #expect(applicantSide.status == .unauthorized)
            let applicantToken = try await AccountTesting.token(
                app, identifier: applicant.mobile, password: applicant.password)
            let tokens = try applicantToken.json(Tokens.self)
            let verify = try await app.get(
                "/api/v1/admin/audit/verify", headers: ["Authorization": "Bearer \(tokens.accessToken)"])
            #expect(verify.status == .forbidden)
        }
    }
}
