import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Account pages: face check and acting for others")
struct AccountExtrasPagesTests {
    typealias Key = DemoRegistry.Key

    /// Registers and verifies `applicant` through the pages; the browser is then signed in.
    static func signIn(_ app: Application, _ applicant: Applicant) async throws -> Browser {
        let browser = Browser(app)
        let registered = try await browser.submit(
            page: "/account/register?lang=en", to: "/account/register",
            form: AccountPortalTests.registrationForm(applicant))
        #expect(registered.status == .seeOther, "\(registered.text)")
        let code = try await AccountTesting.lastCode(app)
        let verified = try await browser.submit(
            page: "/account/verify-mobile", to: "/account/verify-mobile", form: ["code": code])
        #expect(verified.headers.first(name: .location) == "/account")
        return browser
    }

    /// The value of the input named `name` in `html`.
    static func inputValue(_ name: String, in html: String) throws -> String {
        guard
            let range = html.range(of: #"name="\#(name)" type="text" value=""#)
                ?? html.range(of: #"name="\#(name)" value=""#),
            let end = html[range.upperBound...].firstIndex(of: "\"")
        else { throw Abort(.internalServerError, reason: "no \(name) field in the page") }
        return String(html[range.upperBound..<end])
    }

    @Test("pass the sandbox face check, add the demo minor as parent, see them listed, revoke them")
    func journey() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let minor = try RegistryTesting.demo(Key.minor)
            try await RegistryTesting.store(app).save(minor)
            #expect(DemoRegistry.parents[Key.minor] == applicant.person.id)
            let browser = try await Self.signIn(app, applicant)

            let account = try await browser.get("/account")
            #expect(account.text.contains(#"href="/account/face-check""#))
            #expect(account.text.contains(#"href="/account/dependents""#))

            // Without a fresh face check the add form says so and links to the face check.
            let before = try await browser.get("/account/dependents")
            #expect(before.status == .ok)
            #expect(before.text.contains("/account/face-check?next=%2Faccount%2Fdependents"))
            let form = [
                "name": minor.name, "documentKind": minor.identity.kind.rawValue,
                "documentNumber": minor.identity.number, "issuingCountry": minor.identity.issuingCountry ?? "",
                "relationship": "parent", "consent": "guardian-declaration",
            ]
            let refused = try await browser.submit(page: "/account/dependents", to: "/account/dependents", form: form)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("/account/face-check?next=%2Faccount%2Fdependents"))

            let intro = try await browser.get("/account/face-check?next=/account/dependents")
            #expect(intro.status == .ok)
            let started = try await browser.post(
                "/account/face-check/start",
                form: ["csrfToken": try Browser.csrfToken(in: intro.text), "next": "/account/dependents"])
            #expect(started.status == .ok, "\(started.text)")
            let face = try Self.inputValue("face", in: started.text)
            #expect(face == "ref:" + applicant.person.id.rawValue)
            #expect(started.text.contains("sandbox:spoof"))
            let actions = try Self.inputValue("actions", in: started.text)
            #expect(!actions.isEmpty)
            let passed = try await browser.post(
                "/account/face-check/verify",
                form: [
                    "csrfToken": try Browser.csrfToken(in: started.text),
                    "nonce": try Self.inputValue("nonce", in: started.text),
                    "face": face, "actions": actions, "next": "/account/dependents",
                ])
            #expect(passed.status == .seeOther, "\(passed.text)")
            #expect(passed.headers.first(name: .location) == "/account/dependents")

            let added = try await browser.submit(page: "/account/dependents", to: "/account/dependents", form: form)
            #expect(added.status == .seeOther, "\(added.text)")
            let listed = try await browser.get("/account/dependents?done=added")
            #expect(listed.text.contains(DependentMasking.name(minor.name)))
            #expect(!listed.text.contains(minor.identity.number))
            guard let start = listed.text.range(of: #"action="/account/dependents/"#),
                let end = listed.text[start.upperBound...].firstIndex(of: "\"")
            else {
                Issue.record("no revoke form")
                return
            }
            let revokePath = "/account/dependents/" + listed.text[start.upperBound..<end]
            let revoked = try await browser.post(
                revokePath, form: ["csrfToken": try Browser.csrfToken(in: listed.text)])
            #expect(revoked.status == .seeOther)
            let after = try await browser.get("/account/dependents")
            #expect(!after.text.contains(DependentMasking.name(minor.name)))
        }
    }

    @Test("a failed sandbox face check says so in plain words")
    func failedCheck() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let browser = try await Self.signIn(app, applicant)
            let intro = try await browser.get("/account/face-check?lang=zh")
            let started = try await browser.post(
                "/account/face-check/start", form: ["csrfToken": try Browser.csrfToken(in: intro.text)])
            let failed = try await browser.post(
                "/account/face-check/verify",
                form: [
                    "csrfToken": try Browser.csrfToken(in: started.text),
                    "nonce": try Self.inputValue("nonce", in: started.text),
                    "face": "sandbox:spoof", "actions": try Self.inputValue("actions", in: started.text),
                ])
            #expect(failed.status == .unprocessableEntity)
            #expect(failed.text.contains("人脸验证未通过"))
        }
    }

    @Test("field errors sit next to their fields")
    func fieldErrors() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let browser = try await Self.signIn(app, applicant)
            let response = try await browser.submit(
                page: "/account/dependents", to: "/account/dependents", form: ["name": "", "relationship": "x"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains(#"id="relationship-error""#))
            #expect(response.text.contains(#"id="name-error""#))
            #expect(response.text.contains("error-summary"))
        }
    }

    @Test("POSTs without the CSRF token are refused", arguments: ["/account/face-check/start", "/account/dependents"])
    func csrf(path: String) async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let browser = try await Self.signIn(app, applicant)
            let response = try await browser.post(path, form: ["next": "/account"])
            #expect(response.status == .forbidden)
        }
    }

    @Test("not signed in: sent to sign in", arguments: ["/account/face-check", "/account/dependents"])
    func signedOut(path: String) async throws {
        try await AccountTesting.withAccountsApp { app, _, _ in
            let response = try await app.get(path)
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location)?.hasPrefix("/account/sign-in?next=") == true)
        }
    }
}
