import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

struct HelperEntry: Decodable {
    var id: String
    var name: String
    var relationship: String
    var status: String
    var confirmation: String?
    var since: String
    var expiresAt: String?
}

struct AddedEntry: Decodable {
    var id: String
    var status: String
    var confirmation: String?
    var expiresAt: String?
    var codeSentTo: String?
}

enum ConsentTesting {
    static let elderlyMobile = "13900001111"

    /// An applicant account of `person` with a verified mobile number (as registration leaves it).
    static func user(_ app: Application, _ person: PersonID, mobile: String) async throws -> FaceUser {
        let user = try await FaceTesting.user(app, person)
        let parsed = try MobileNumber.parse(mobile)
        let record = try #require(try await AccountRecord.find(user.accountID, on: app.db))
        record.mobileSealed = try app.services.cipher.seal(parsed.value)
        record.mobileIndex = app.services.mobileIndex(parsed)
        record.mobileVerifiedAt = app.services.now()
        try await record.update(on: app.db)
        return user
    }

    /// A new access token for `user` (after the clock moved past the old one's 15 minutes).
    static func fresh(_ app: Application, _ user: FaceUser) async throws -> FaceUser {
        let tokens = try await TokenService(services: app.services).issue(accountID: user.accountID, on: app.db)
        var copy = user
        copy.headers.replaceOrAdd(name: .authorization, value: "Bearer \(tokens.accessToken)")
        return copy
    }

    static func addElderly(_ app: Application, _ helper: FaceUser) async throws -> AddedEntry {
        let elderly = try FaceTesting.person(DemoRegistry.Key.elderly)
        let response = try await DependentsAPITests.add(
            app, helper, DependentsAPITests.body(elderly, relationship: "child", consent: "dependent-in-person"))
        #expect(response.status == .created, "\(response.text)")
        return try response.json(AddedEntry.self)
    }

    static func confirm(
        _ app: Application, _ helper: FaceUser, _ id: String, code: String
    ) async throws
        -> TestingHTTPResponse
    {
        try await app.post(
            json: #"{"code":"\#(code)"}"#, to: "/api/v1/me/dependents/\(id)/confirmation", headers: helper.headers)
    }

    static func profile(_ app: Application, _ helper: FaceUser, _ id: String) async throws -> HTTPStatus {
        try await app.get("/api/v1/me/dependents/\(id)/profile", headers: helper.headers).status
    }

    static func lastCode(_ app: Application, to mobile: String = elderlyMobile) async throws -> String {
        try await AccountTesting.lastCode(app, to: mobile)
    }
}

@Suite("Assisted service: the dependent's own consent")
struct DependentConsentTests {
    typealias Key = DemoRegistry.Key
    typealias C = ConsentTesting

    @Test func anAdultDependentIsPendingUntilTheyGiveTheHelperTheirCode() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let helper = try await FaceTesting.user(app, Key.shanghaiCitizen)
            _ = try await C.user(app, Key.elderly, mobile: C.elderlyMobile)
            try await FaceTesting.pass(app, helper)
            let added = try await C.addElderly(app, helper)
            #expect(added.status == "pending" && added.confirmation == nil && added.expiresAt != nil)
            #expect(added.codeSentTo == "139****1111")

            // The text names the helper (masked) and goes to the dependent, never to the helper.
            let sms = try #require(await AccountTesting.sandbox(app).messages(to: C.elderlyMobile).last)
            #expect(sms.template == "delegation-consent")
            #expect(sms.parameters["helper"] == DependentMasking.name(try FaceTesting.person(Key.shanghaiCitizen).name))

            // Pending is useless: the Authorizer does not count it.
            #expect(try await C.profile(app, helper, added.id) == .notFound)

            let sent = try await C.lastCode(app)
            let wrong = try await C.confirm(app, helper, added.id, code: sent == "000000" ? "111111" : "000000")
            #expect(wrong.status == .unprocessableEntity)
            #expect(try wrong.json(ProblemDocument.self).fields == ["code"])
            #expect(try await FaceTesting.audit(app, action: "delegation.confirmation").map(\.outcome) == ["failure"])

            let right = try await C.confirm(app, helper, added.id, code: try await C.lastCode(app))
            #expect(right.status == .ok, "\(right.text)")
            let confirmed = try right.json(AddedEntry.self)
            #expect(confirmed.status == "active" && confirmed.confirmation == "dependent-code")
            #expect(try await C.profile(app, helper, added.id) == .ok)

            let row = try #require(try await DelegationRecord.find(UUID(uuidString: added.id), on: app.db))
            #expect(row.confirmation == "dependent-code" && row.confirmedAt != nil && row.expiresAt == nil)
            let audit = try await FaceTesting.audit(app, action: "delegation.confirmed")
            #expect(audit.count == 1 && audit.first?.actor == "account:\(helper.accountID)")
            #expect(audit.first?.onBehalfOf == "person:\(Key.elderly.rawValue)")
            #expect(audit.first?.details.contains("dependent-code") == true)
            let created = try await FaceTesting.audit(app, action: "delegation.created")
            #expect(created.first?.details.contains(#""status":"pending""#) == true)

            // The same code again: already confirmed.
            let replay = try await C.confirm(app, helper, added.id, code: try await C.lastCode(app))
            #expect(replay.status == .conflict)
        }
    }

    @Test func theCodeIsBoundToItsRequestAndNotUsableForAnotherHelper() async throws {
        try await FaceTesting.withFaceApp { app, clock in
            let first = try await FaceTesting.user(app, Key.shanghaiCitizen)
            let second = try await FaceTesting.user(app, Key.wuhanCitizen)
            _ = try await C.user(app, Key.elderly, mobile: C.elderlyMobile)
            try await FaceTesting.pass(app, first)
            try await FaceTesting.pass(app, second)
            let forFirst = try await C.addElderly(app, first)
            let firstCode = try await C.lastCode(app)
            clock.advance(61)
            let forSecond = try await C.addElderly(app, second)
            // The second helper learns the first helper's code: it does not confirm their own request.
            let stolen = try await C.confirm(app, second, forSecond.id, code: firstCode)
            #expect(stolen.status == .unprocessableEntity)
            // Nor can they use the first helper's request ID.
            #expect(try await C.confirm(app, second, forFirst.id, code: firstCode).status == .notFound)
            #expect(try await C.confirm(app, first, forFirst.id, code: firstCode).status == .ok)
            let second_ = try #require(try await DelegationRecord.find(UUID(uuidString: forSecond.id), on: app.db))
            #expect(second_.confirmedAt == nil)
        }
    }

    @Test func theDependentSeesWhoActsForThemAcceptsAndRevokes() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let helper = try await FaceTesting.user(app, Key.shanghaiCitizen)
            let dependent = try await C.user(app, Key.elderly, mobile: C.elderlyMobile)
            let stranger = try await FaceTesting.user(app, Key.wuhanCitizen)
            try await FaceTesting.pass(app, helper)
            let added = try await C.addElderly(app, helper)

            let list = try await app.get("/api/v1/me/helpers", headers: dependent.headers)
            #expect(list.status == .ok)
            let helpers = try list.json(Items<HelperEntry>.self).items
            #expect(helpers.map(\.id) == [added.id] && helpers.first?.status == "pending")
            #expect(helpers.first?.name == DependentMasking.name(try FaceTesting.person(Key.shanghaiCitizen).name))
            #expect(try await app.get("/api/v1/me/helpers", headers: stranger.headers).text == #"{"items":[]}"#)

            // Only the dependent accepts: the helper and strangers get 404.
            for user in [helper, stranger] {
                let response = try await app.send(
                    .POST, "/api/v1/me/helpers/\(added.id)/acceptance", headers: user.headers)
                #expect(response.status == .notFound)
            }
            let accepted = try await app.send(
                .POST, "/api/v1/me/helpers/\(added.id)/acceptance", headers: dependent.headers)
            #expect(accepted.status == .ok, "\(accepted.text)")
            #expect(try accepted.json(HelperEntry.self).confirmation == "dependent-account")
            #expect(try await C.profile(app, helper, added.id) == .ok)
            let audit = try await FaceTesting.audit(app, action: "delegation.confirmed")
            #expect(audit.map(\.actor) == ["account:\(dependent.accountID)"])

            // The helper cannot revoke through the dependent's list; the dependent can.
            #expect(
                try await app.send(.DELETE, "/api/v1/me/helpers/\(added.id)", headers: helper.headers).status
                    == .notFound)
            let revoked = try await app.send(.DELETE, "/api/v1/me/helpers/\(added.id)", headers: dependent.headers)
            #expect(revoked.status == .noContent)
            #expect(try await C.profile(app, helper, added.id) == .notFound)
            let row = try #require(try await DelegationRecord.find(UUID(uuidString: added.id), on: app.db))
            #expect(row.revokedBy == Key.elderly.rawValue)
            #expect(
                try await FaceTesting.audit(app, action: "delegation.revoked").map(\.actor) == [
                    "account:\(dependent.accountID)"
                ])
        }
    }

    @Test func aPendingRequestExpiresAndCanBeMadeAgain() async throws {
        try await FaceTesting.withFaceApp { app, clock in
            var helper = try await FaceTesting.user(app, Key.shanghaiCitizen)
            var dependent = try await C.user(app, Key.elderly, mobile: C.elderlyMobile)
            try await FaceTesting.pass(app, helper)
            let added = try await C.addElderly(app, helper)
            clock.advance(DelegationRules.confirmationWindow)
            helper = try await C.fresh(app, helper)
            dependent = try await C.fresh(app, dependent)

            let late = try await app.send(
                .POST, "/api/v1/me/helpers/\(added.id)/acceptance", headers: dependent.headers)
            #expect(late.status == .conflict)
            let code = try await C.confirm(app, helper, added.id, code: "123456")
            #expect(code.status == .conflict)
            #expect(try code.json(ProblemDocument.self).errors?.first?.code == "delegation-confirmation-expired")
            #expect(try await app.get("/api/v1/me/dependents", headers: helper.headers).text == #"{"items":[]}"#)
            #expect(try await app.get("/api/v1/me/helpers", headers: dependent.headers).text == #"{"items":[]}"#)

            try await FaceTesting.pass(app, helper)
            let again = try await C.addElderly(app, helper)
            #expect(again.status == "pending" && again.id != added.id)
            let rows = try await DelegationRecord.query(on: app.db).sort(\.$createdAt).all()
            #expect(rows.count == 2 && rows[0].revokedAt != nil && rows[1].revokedAt == nil)
        }
    }

    @Test func anAdultWithoutAnAccountCannotBeAdded() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let helper = try await FaceTesting.user(app, Key.shanghaiCitizen)
            try await FaceTesting.pass(app, helper)
            let elderly = try FaceTesting.person(Key.elderly)
            let response = try await DependentsAPITests.add(
                app, helper, DependentsAPITests.body(elderly, relationship: "child", consent: "dependent-in-person"))
            #expect(response.status == .unprocessableEntity)
            let problem = try response.json(ProblemDocument.self)
            #expect(problem.fields == ["consent"])
            #expect(problem.errors?.first?.code == "delegation-dependent-needs-account")
            #expect(try await DelegationRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func aDependentWithoutAVerifiedMobileAcceptsInTheirAccountInstead() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let helper = try await FaceTesting.user(app, Key.shanghaiCitizen)
            let dependent = try await FaceTesting.user(app, Key.elderly)
            try await FaceTesting.pass(app, helper)
            let added = try await C.addElderly(app, helper)
            #expect(added.status == "pending" && added.codeSentTo == nil)
            let resend = try await app.send(
                .POST, "/api/v1/me/dependents/\(added.id)/confirmation-code", headers: helper.headers)
            #expect(resend.status == .unprocessableEntity)
            #expect(try resend.json(ProblemDocument.self).errors?.first?.code == "delegation-dependent-no-mobile")
            let accepted = try await app.send(
                .POST, "/api/v1/me/helpers/\(added.id)/acceptance", headers: dependent.headers)
            #expect(accepted.status == .ok)
        }
    }

    @Test func aChildIsInForceOnTheGuardiansDeclarationRecordedAsSuch() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let parentKey = try #require(DemoRegistry.parents[Key.minor])
            let parent = try await FaceTesting.user(app, parentKey)
            try await FaceTesting.pass(app, parent)
            let child = try FaceTesting.person(Key.minor)
            let response = try await DependentsAPITests.add(
                app, parent, DependentsAPITests.body(child, relationship: "parent", consent: "guardian-declaration"))
            let added = try response.json(AddedEntry.self)
            #expect(added.status == "active" && added.confirmation == "guardian-declaration" && added.codeSentTo == nil)
            let row = try #require(try await DelegationRecord.find(UUID(uuidString: added.id), on: app.db))
            #expect(row.confirmation == "guardian-declaration" && row.confirmedAt != nil)
            let created = try await FaceTesting.audit(app, action: "delegation.created")
            #expect(created.first?.details.contains(#""confirmation":"guardian-declaration""#) == true)
        }
    }
}
