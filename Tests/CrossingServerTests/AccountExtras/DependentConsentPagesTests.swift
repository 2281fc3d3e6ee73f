import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Account pages: the dependent's consent and the people who act for you")
struct DependentConsentPagesTests {
    typealias Key = DemoRegistry.Key

    /// Passes the sandbox face check through the pages, as a person would.
    static func passFaceCheck(_ browser: Browser) async throws {
        let intro = try await browser.get("/account/face-check?next=/account/dependents")
        let started = try await browser.post(
            "/account/face-check/start",
            form: ["csrfToken": try Browser.csrfToken(in: intro.text), "next": "/account/dependents"])
        let passed = try await browser.post(
            "/account/face-check/verify",
            form: [
                "csrfToken": try Browser.csrfToken(in: started.text),
                "nonce": try AccountExtrasPagesTests.inputValue("nonce", in: started.text),
                "face": try AccountExtrasPagesTests.inputValue("face", in: started.text),
                "actions": try AccountExtrasPagesTests.inputValue("actions", in: started.text),
                "next": "/account/dependents",
            ])
        #expect(passed.status == .seeOther, "\(passed.text)")
    }

    @Test("the helper adds an adult, a wrong code shows next to its field, the right one puts it in force")
    func helperEntersTheCode() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let adult = try RegistryTesting.demo(Key.shanghaiCitizen)
            try await RegistryTesting.store(app).save(adult)
            _ = try await ConsentTesting.user(app, Key.shanghaiCitizen, mobile: "13900002222")
            let browser = try await AccountExtrasPagesTests.signIn(app, applicant)
            try await Self.passFaceCheck(browser)
            let form = [
                "name": adult.name, "documentKind": adult.identity.kind.rawValue,
                "documentNumber": adult.identity.number, "issuingCountry": adult.identity.issuingCountry ?? "",
                "relationship": "friend", "consent": "dependent-in-person",
            ]
            let added = try await browser.submit(page: "/account/dependents", to: "/account/dependents", form: form)
            #expect(added.headers.first(name: .location) == "/account/dependents?done=requested", "\(added.text)")
            let row = try #require(try await DelegationRecord.query(on: app.db).first())
            let id = try row.requireID().uuidString
            let page = try await browser.get("/account/dependents?done=requested")
            #expect(page.text.contains(#"id="code-\#(id)""#))
            #expect(page.text.contains("Waiting for them to agree"))

            let code = try await AccountTesting.lastCode(app, to: "13900002222")
            let wrong = try await browser.submit(
                page: "/account/dependents", to: "/account/dependents/\(id)/confirm",
                form: ["code": code == "000000" ? "111111" : "000000"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains(#"id="code-\#(id)-error""#))
            #expect(wrong.text.contains(##"href="#code-\##(id)""##))

            let right = try await browser.submit(
                page: "/account/dependents", to: "/account/dependents/\(id)/confirm", form: ["code": code])
            #expect(right.headers.first(name: .location) == "/account/dependents?done=confirmed")
            let after = try await browser.get("/account/dependents")
            #expect(after.text.contains("In force: they agreed with the code we sent them"))
            #expect(try await DelegationRecord.find(row.requireID(), on: app.db)?.confirmation == "dependent-code")
        }
    }

    @Test("the dependent sees who asked to act for them, agrees, then stops it")
    func dependentAgreesAndStops() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            try await RegistryTesting.store(app).save(try RegistryTesting.demo(Key.shanghaiCitizen))
            let browser = try await AccountExtrasPagesTests.signIn(app, applicant)
            let helper = try await FaceTesting.user(app, Key.shanghaiCitizen)
            try await FaceTesting.pass(app, helper)
            let response = try await DependentsAPITests.add(
                app, helper,
                DependentsAPITests.body(applicant.person, relationship: "friend", consent: "dependent-in-person"))
            #expect(response.status == .created, "\(response.text)")
            let id = try response.json(AddedEntry.self).id

            let page = try await browser.get("/account/dependents")
            #expect(page.text.contains("People who act for you"))
            #expect(page.text.contains(#"action="/account/dependents/helpers/\#(id)/accept""#))
            let accepted = try await browser.submit(
                page: "/account/dependents", to: "/account/dependents/helpers/\(id)/accept", form: [:])
            #expect(accepted.headers.first(name: .location) == "/account/dependents?done=accepted")
            #expect(try await ConsentTesting.profile(app, helper, id) == .ok)
            let active = try await browser.get("/account/dependents")
            #expect(active.text.contains("In force: they agreed in their own account"))

            let stopped = try await browser.submit(
                page: "/account/dependents", to: "/account/dependents/helpers/\(id)/revoke", form: [:])
            #expect(stopped.headers.first(name: .location) == "/account/dependents?done=declined")
            #expect(try await ConsentTesting.profile(app, helper, id) == .notFound)
            #expect(try await FaceTesting.audit(app, action: "delegation.revoked").count == 1)
            // Someone else's request ID on the dependent's routes: 404.
            let other = try await browser.submit(
                page: "/account/dependents", to: "/account/dependents/helpers/\(UUID())/accept", form: [:])
            #expect(other.status == .notFound)
        }
    }
}
