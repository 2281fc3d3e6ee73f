import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

struct PaymentDocumentShape: Decodable {
    var id: String
    var orderNumber: String
    var amountFen: Int
    var amount: String
    var currency: String
    var status: String
    var payable: Bool
    var payUrl: String?
    var paidAt: String?
}

@Suite("Payments: who may see a payment")
struct PaymentAccessTests {
    static func bearer(_ world: PaymentWorld) async throws -> HTTPHeaders {
        try await AccountTesting.registerVerified(world.app, world.applicant)
        let response = try await AccountTesting.token(
            world.app, identifier: world.applicant.mobile, password: world.applicant.password)
        return ["Authorization": "Bearer \(try response.json(Tokens.self).accessToken)"]
    }

    @Test func theOwnerSeesTheirPaymentInTheAPI() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            let headers = try await Self.bearer(world)
            let response = try await world.app.get("/api/v1/payments/\(payment.id.uuidString)", headers: headers)
            #expect(response.status == .ok, "\(response.text)")
            let document = try response.json(PaymentDocumentShape.self)
            #expect(document.orderNumber == payment.orderNumber)
            #expect(document.amountFen == 12_000 && document.amount == "120.00" && document.currency == "CNY")
            #expect(document.status == "created" && document.payable)
            #expect(document.payUrl == "/account/payments/\(payment.id.uuidString)/pay")
            #expect(response.header("Cache-Control") == "no-store")
        }
    }

    @Test func anotherPersonsPaymentAnswers404() async throws {
        try await PaymentTesting.withPayments { world in
            let someoneElse = try await world.order(owner: PersonID("someone-else"))
            let headers = try await Self.bearer(world)
            let api = try await world.app.get("/api/v1/payments/\(someoneElse.id.uuidString)", headers: headers)
            #expect(api.status == .notFound)
            #expect(api.mediaType == "application/problem+json")
            #expect(
                try await world.app.get("/api/v1/payments/\(UUID().uuidString)", headers: headers).status == .notFound)
            #expect(try await world.app.get("/api/v1/payments/not-a-uuid", headers: headers).status == .notFound)
            #expect(try await world.app.get("/api/v1/payments/\(someoneElse.id.uuidString)").status == .unauthorized)

            let browser = Browser(world.app)
            let signedIn = try await browser.submit(
                page: "/account/sign-in", to: "/account/sign-in",
                form: ["identifier": world.applicant.mobile, "password": world.applicant.password])
            #expect(signedIn.status == .seeOther)
            #expect(try await browser.get(PaymentPagesController.path(someoneElse.id)).status == .notFound)
            #expect(try await browser.get(PaymentPagesController.path(someoneElse.id) + "/pay").status == .notFound)
            #expect(try await SandboxTradeRecord.query(on: world.app.db).count() == 0)
        }
    }

    @Test func paymentPagesNeedASignedInPerson() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            let page = try await world.app.get(PaymentPagesController.path(payment.id))
            #expect(page.status == .seeOther)
            #expect(page.header("Location")?.hasPrefix("/account/sign-in") == true)
        }
    }

    @Test func anExpiredOrderHasNoPayLink() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order(at: world.clock.now.addingTimeInterval(-31 * 60))
            let browser = try await PaymentTesting.applicantBrowser(world)
            let pay = try await browser.get(PaymentPagesController.path(payment.id) + "/pay?lang=en")
            #expect(pay.status == .conflict)
            #expect(pay.text.contains("This order cannot be paid now."))
            #expect(try await SandboxTradeRecord.query(on: world.app.db).count() == 0)
        }
    }

    @Test func theSandboxPageRefusesUnknownTradesAndBadChoices() async throws {
        try await PaymentTesting.withPayments { world in
            let payment = try await world.order()
            #expect(try await world.app.get("/sandbox/pay/\(payment.orderNumber)").status == .notFound)
            _ = try await world.open(payment)
            let zh = try await world.app.get("/sandbox/pay/\(payment.orderNumber)?lang=zh")
            #expect(zh.status == .ok && zh.text.contains("沙箱收银台"))
            let bad = try await world.checkout(payment, outcome: "steal", scenario: "normal")
            #expect(bad.status == .badRequest)
            let badScenario = try await world.checkout(payment, outcome: "pay", scenario: "chaos")
            #expect(badScenario.status == .badRequest)
            #expect(try await world.jobs(SandboxCallbacks.kind).isEmpty)
        }
    }
}

@Suite("Payments: a helper acting for a dependent")
struct PaymentHelperAccessTests {
    @Test func aParentSeesTheirChildsPaymentUntilTheDelegationIsRevoked() async throws {
        try await FaceTesting.withFaceApp { app, clock in
            let childKey = DemoRegistry.Key.minor
            let parentKey = try #require(DemoRegistry.parents[childKey])
            let parent = try await FaceTesting.user(app, parentKey)
            _ = try await FaceTesting.pass(app, parent)
            let added = try await DependentsAPITests.addChild(app, parent)
            let draft = PaymentService.PaymentDraft(
                subjectType: "application", subjectID: "child-app", owner: childKey, accountID: parent.accountID,
                amount: Money(yuan: 60), description: "Passport renewal")
            let payment = try await app.db.transaction { tx in
                try await PaymentService(application: app, now: clock.now).createOrder(draft, on: tx)
            }
            let path = "/api/v1/payments/\(payment.id.uuidString)"
            let seen = try await app.get(path, headers: parent.headers)
            #expect(seen.status == .ok, "\(seen.text)")
            #expect(try seen.json(PaymentDocumentShape.self).amountFen == 6_000)
            let revoked = try await app.send(.DELETE, "/api/v1/me/dependents/\(added.id)", headers: parent.headers)
            #expect(revoked.status == .noContent)
            #expect(try await app.get(path, headers: parent.headers).status == .notFound)
        }
    }
}
