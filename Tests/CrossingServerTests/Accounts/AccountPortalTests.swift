import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Account pages: forms, sessions, CSRF")
struct AccountPortalTests {
    static func registrationForm(_ applicant: Applicant) -> [String: String] {
        [
            "name": applicant.name, "documentKind": "resident-id", "documentNumber": applicant.idNumber,
            "mobile": applicant.mobile, "password": applicant.password,
        ]
    }

    @Test("register, verify the mobile, see the profile, sign out, sign in again with the ID number")
    func journey() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let browser = Browser(app)
            let registered = try await browser.submit(
                page: "/account/register?lang=en", to: "/account/register", form: Self.registrationForm(applicant))
            #expect(registered.status == .seeOther, "\(registered.text)")
            #expect(registered.headers.first(name: .location) == "/account/verify-mobile")
            let session = try #require(browser.cookies[SessionStore.cookieName])
            let setCookie = registered.headers[.setCookie].joined(separator: "\n")
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))

            let code = try await AccountTesting.lastCode(app)
            let verified = try await browser.submit(
                page: "/account/verify-mobile", to: "/account/verify-mobile", form: ["code": code])
            #expect(verified.headers.first(name: .location) == "/account")
            let profile = try await browser.get("/account")
            #expect(profile.status == .ok)
            #expect(profile.text.contains("138****5678"))
            #expect(profile.text.contains(AccountProfile.mask(applicant.idNumber)))
            #expect(!profile.text.contains(applicant.idNumber))

            let signedOut = try await browser.submit(page: "/account", to: "/account/sign-out", form: [:])
            #expect(signedOut.status == .seeOther)
            #expect(browser.cookies[SessionStore.cookieName] == nil)
            // The old cookie no longer works even if someone kept it.
            let replayed = try await app.get("/account", headers: ["Cookie": "\(SessionStore.cookieName)=\(session)"])
            #expect(replayed.status == .seeOther)

            let signedIn = try await browser.submit(
                page: "/account/sign-in?next=/guides", to: "/account/sign-in",
                form: ["identifier": applicant.idNumber, "password": applicant.password, "next": "/guides"])
            #expect(signedIn.headers.first(name: .location) == "/guides")
            let history = try await browser.get("/account")
            #expect(history.text.contains("203.0.113.7") && history.text.contains("TestBrowser/1.0"))
        }
    }

    @Test("a missing or wrong CSRF token is a 403 with a friendly page", arguments: [nil, "forged"])
    func csrf(token: String?) async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let browser = Browser(app)
            _ = try await browser.get("/account/sign-in")
            var form = ["identifier": applicant.mobile, "password": applicant.password]
            if let token { form["csrfToken"] = token }
            let response = try await browser.post("/account/sign-in", form: form)
            #expect(response.status == .forbidden)
            #expect(response.headers.contentType?.subType == "html")
            // Signed-in forms check the session's token, not the anonymous cookie.
            _ = try await browser.submit(
                page: "/account/register", to: "/account/register", form: Self.registrationForm(applicant))
            let signOut = try await browser.post("/account/sign-out-everywhere", form: ["csrfToken": token ?? ""])
            #expect(signOut.status == .forbidden)
        }
    }

    @Test("field errors sit next to their fields; only local next paths are followed")
    func formErrors() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let browser = Browser(app)
            var form = Self.registrationForm(applicant)
            form["documentNumber"] =
                String(applicant.idNumber.dropLast()) + (applicant.idNumber.last == "1" ? "2" : "1")
            form["password"] = "123456"
            let page = try await browser.submit(page: "/account/register", to: "/account/register", form: form)
            #expect(page.status == .unprocessableEntity)
            #expect(page.text.contains(#"id="documentNumber-error""#))
            #expect(page.text.contains("error-summary"))
            #expect(!page.text.contains("value=\"123456\""))

            try await AccountTesting.registerVerified(app, applicant)
            let evil = try await Browser(app).submit(
                page: "/account/sign-in", to: "/account/sign-in",
                form: ["identifier": applicant.mobile, "password": applicant.password, "next": "//evil.example/x"])
            #expect(evil.headers.first(name: .location) == "/account")
        }
    }

    @Test("sign out everywhere ends every session of the account")
    func signOutEverywhere() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            try await AccountTesting.registerVerified(app, applicant)
            let phone = Browser(app)
            let laptop = Browser(app)
            for browser in [phone, laptop] {
                let response = try await browser.submit(
                    page: "/account/sign-in", to: "/account/sign-in",
                    form: ["identifier": applicant.mobile, "password": applicant.password])
                #expect(response.status == .seeOther)
            }
            #expect(try await phone.get("/account").status == .ok)
            _ = try await laptop.submit(page: "/account", to: "/account/sign-out-everywhere", form: [:])
            let after = try await phone.get("/account")
            #expect(after.status == .seeOther)
            #expect(after.headers.first(name: .location)?.hasPrefix(IdentityPaths.signIn) == true)
            let open = try await SessionRecord.query(on: app.db).filter(\.$revokedAt == nil).count()
            #expect(open == 0)
        }
    }

    @Test("sessions end after 30 idle minutes")
    func idleTimeout() async throws {
        try await AccountTesting.withAccountsApp { app, clock, applicant in
            try await AccountTesting.registerVerified(app, applicant)
            let browser = Browser(app)
            _ = try await browser.submit(
                page: "/account/sign-in", to: "/account/sign-in",
                form: ["identifier": applicant.mobile, "password": applicant.password])
            clock.advance(29 * 60)
            #expect(try await browser.get("/account").status == .ok)
            clock.advance(31 * 60)
            #expect(try await browser.get("/account").status == .seeOther)
        }
    }

    @Test("the sandbox outbox page lists codes in development")
    func devOutbox() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            _ = try await app.post(json: applicant.registrationJSON, to: "/api/v1/accounts")
            let page = try await app.get("/dev/sms")
            #expect(page.status == .ok)
            #expect(page.text.contains(try await AccountTesting.lastCode(app)))
        }
    }

    @Test("a locked password method refuses sign-in until switched back on")
    func methodLock() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let id = try await AccountTesting.registerVerified(app, applicant)
            let browser = Browser(app)
            _ = try await browser.submit(
                page: "/account/sign-in", to: "/account/sign-in",
                form: ["identifier": applicant.mobile, "password": applicant.password])
            _ = try await browser.submit(page: "/account", to: "/account/password-method", form: ["locked": "true"])
            let refused = try await AccountTesting.token(
                app, identifier: applicant.mobile, password: applicant.password)
            #expect(refused.status == .forbidden)
            #expect(try refused.json(ProblemDocument.self).errors?.first?.code == "method-locked")
            _ = try await browser.submit(page: "/account", to: "/account/password-method", form: ["locked": "false"])
            #expect(
                try await AccountTesting.token(app, identifier: applicant.mobile, password: applicant.password).status
                    == .ok)
            let reasons = try await AccountTesting.signInEntries(app, account: id).compactMap { $0.details["reason"] }
            #expect(reasons.contains("method-locked"))
        }
    }
}
