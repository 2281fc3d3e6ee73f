import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

struct DependentEntry: Decodable {
    var id: String
    var name: String
    var relationship: String
    var consent: String
    var since: String
}

struct DependentProfile: Decodable {
    var id: String
    var name: String
    var documentKind: String
    var documentNumber: String
    var birthYear: Int
    var minor: Bool
    var relationship: String
}

@Suite("Assisted service API: adding, listing, revoking and acting for dependents")
struct DependentsAPITests {
    typealias Key = DemoRegistry.Key

    static func body(
        _ person: RegistryPerson, name: String? = nil, number: String? = nil, relationship: String,
        consent: String
    ) -> String {
        """
        {"documentKind":"\(person.identity.kind.rawValue)","documentNumber":"\(number ?? person.identity.number)",\
        "name":"\(name ?? person.name)","relationship":"\(relationship)","consent":"\(consent)"}
        """
    }

    static func add(_ app: Application, _ user: FaceUser, _ json: String) async throws -> TestingHTTPResponse {
        try await app.post(json: json, to: "/api/v1/me/dependents", headers: user.headers)
    }

    static func addChild(_ app: Application, _ parent: FaceUser) async throws -> DependentEntry {
        let child = try FaceTesting.person(Key.minor)
        let response = try await add(
            app, parent, body(child, relationship: "parent", consent: "guardian-declaration"))
        #expect(response.status == .created, "\(response.text)")
        return try response.json(DependentEntry.self)
    }

    @Test func aParentAddsTheirChildAfterAFreshFaceCheckAndActsForThem() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let parentKey = try #require(DemoRegistry.parents[Key.minor])
            let parent = try await FaceTesting.user(app, parentKey)
            try await FaceTesting.pass(app, parent)
            let added = try await Self.addChild(app, parent)
            #expect(added.name == "王*涵" && added.relationship == "parent" && added.consent == "guardian-declaration")
            #expect(added.since == "2026-11-22T04:00:00Z")

            let list = try await app.get("/api/v1/me/dependents", headers: parent.headers)
            #expect(try list.json(Items<DependentEntry>.self).items.map(\.id) == [added.id])

            let profile = try await app.get("/api/v1/me/dependents/\(added.id)/profile", headers: parent.headers)
            #expect(profile.status == .ok, "\(profile.text)")
            let document = try profile.json(DependentProfile.self)
            let child = try FaceTesting.person(Key.minor)
            #expect(document.minor && document.name == "王*涵" && document.documentKind == "resident-id")
            #expect(document.documentNumber != child.identity.number && document.documentNumber.contains("*"))

            let created = try await FaceTesting.audit(app, action: "delegation.created")
            #expect(created.count == 1 && created.first?.actor == "account:\(parent.accountID.uuidString)")
            #expect(created.first?.onBehalfOf == "person:\(Key.minor.rawValue)")
            let read = try await FaceTesting.audit(app, action: "dependent.profile.read")
            #expect(read.count == 1 && read.first?.onBehalfOf == "person:\(Key.minor.rawValue)")
            for text in try await FaceTesting.auditText(app) {
                #expect(!text.contains(child.identity.number))
                let parentNumber = try FaceTesting.person(parentKey).identity.number
                #expect(!text.contains(parentNumber))
            }
        }
    }

    @Test func addingNeedsAFaceCheckLessThanTenMinutesOld() async throws {
        try await FaceTesting.withFaceApp { app, clock in
            let parent = try await FaceTesting.user(app, Key.beijingCitizen)
            let child = try FaceTesting.person(Key.minor)
            let json = Self.body(child, relationship: "parent", consent: "guardian-declaration")
            let never = try await Self.add(app, parent, json)
            #expect(never.status == .forbidden)
            #expect(try never.json(ProblemDocument.self).type.hasSuffix("/face-verification-required"))

            try await FaceTesting.pass(app, parent)
            clock.advance(11 * 60)
            let stale = try await Self.add(app, parent, json)
            #expect(stale.status == .forbidden)
            #expect(try stale.json(ProblemDocument.self).type.hasSuffix("/face-verification-required"))
            #expect(try await DelegationRecord.query(on: app.db).count() == 0)

            try await FaceTesting.pass(app, parent)
            #expect(try await Self.add(app, parent, json).status == .created)
        }
    }

    @Test func anAdultNeedsTheirOwnConsentAndDuplicatesAreRefused() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let helper = try await FaceTesting.user(app, Key.shanghaiCitizen)
            _ = try await FaceTesting.user(app, Key.elderly)
            try await FaceTesting.pass(app, helper)
            let elderly = try FaceTesting.person(Key.elderly)
            let declared = try await Self.add(
                app, helper, Self.body(elderly, relationship: "child", consent: "guardian-declaration"))
            #expect(declared.status == .unprocessableEntity)
            let problem = try declared.json(ProblemDocument.self)
            #expect(problem.fields == ["consent"])
            #expect(problem.errors?.first?.code == "delegation-dependent-consent-required")

            let json = Self.body(elderly, relationship: "child", consent: "dependent-in-person")
            #expect(try await Self.add(app, helper, json).status == .created)
            let again = try await Self.add(app, helper, json)
            #expect(again.status == .conflict)
            #expect(try again.json(ProblemDocument.self).errors?.first?.code == "delegation-duplicate")
            #expect(try await DelegationRecord.query(on: app.db).count() == 1)
        }
    }

    @Test func unknownAndMismatchedPeopleGetTheSameAnswer() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let helper = try await FaceTesting.user(app, Key.shanghaiCitizen)
            try await FaceTesting.pass(app, helper)
            let elderly = try FaceTesting.person(Key.elderly)
            let unknownNumber = DemoNumbers.residentID(
                addressCode: "310115", birthDate: elderly.birthDate, sex: .female, serial: 777)
            let wrongName = try await Self.add(
                app, helper, Self.body(elderly, name: "周秀兰", relationship: "child", consent: "dependent-in-person"))
            let unknown = try await Self.add(
                app, helper,
                Self.body(elderly, number: unknownNumber, relationship: "child", consent: "dependent-in-person"))
            for response in [wrongName, unknown] {
                #expect(response.status == .unprocessableEntity)
                let problem = try response.json(ProblemDocument.self)
                #expect(problem.errors?.map(\.code) == ["real-name-mismatch"])
            }
            #expect(try wrongName.json(ProblemDocument.self).detail == unknown.json(ProblemDocument.self).detail)
            let bad = try await Self.add(
                app, helper, Self.body(elderly, number: "110105", relationship: "cousin", consent: "maybe"))
            #expect(Set(try bad.json(ProblemDocument.self).fields) == ["documentNumber", "relationship", "consent"])
        }
    }

    @Test func theHelperOrTheDependentCanRevokeAndNobodyElse() async throws {
        try await FaceTesting.withFaceApp { app, clock in
            let helper = try await FaceTesting.user(app, Key.shanghaiCitizen)
            let dependent = try await FaceTesting.user(app, Key.elderly)
            let stranger = try await FaceTesting.user(app, Key.wuhanCitizen)
            try await FaceTesting.pass(app, helper)
            let elderly = try FaceTesting.person(Key.elderly)
            let json = Self.body(elderly, relationship: "child", consent: "dependent-in-person")
            let first = try await Self.add(app, helper, json).json(DependentEntry.self)

            for path in ["/api/v1/me/dependents/\(first.id)/profile", "/api/v1/me/dependents/\(UUID())/profile"] {
                #expect(try await app.get(path, headers: stranger.headers).status == .notFound)
            }
            let strangerDelete = try await app.send(
                .DELETE, "/api/v1/me/dependents/\(first.id)", headers: stranger.headers)
            #expect(strangerDelete.status == .notFound)
            #expect(try await app.get("/api/v1/me/dependents", headers: stranger.headers).text == #"{"items":[]}"#)

            let byHelper = try await app.send(.DELETE, "/api/v1/me/dependents/\(first.id)", headers: helper.headers)
            #expect(byHelper.status == .noContent)
            let again = try await app.send(.DELETE, "/api/v1/me/dependents/\(first.id)", headers: helper.headers)
            #expect(again.status == .notFound)
            // Acting for them under the revoked delegation is refused like an unknown ID.
            let acting = try await app.get("/api/v1/me/dependents/\(first.id)/profile", headers: helper.headers)
            #expect(acting.status == .notFound)
            let denied = try await FaceTesting.audit(app, action: "dependent.profile.read")
            #expect(denied.map(\.outcome) == ["denied"])

            clock.advance(1)
            let second = try await Self.add(app, helper, json).json(DependentEntry.self)
            let byDependent = try await app.send(
                .DELETE, "/api/v1/me/dependents/\(second.id)", headers: dependent.headers)
            #expect(byDependent.status == .noContent)
            let list = try await app.get("/api/v1/me/dependents", headers: helper.headers)
            #expect(try list.json(Items<DependentEntry>.self).items.isEmpty)

            let revoked = try await FaceTesting.audit(app, action: "delegation.revoked")
            #expect(revoked.map(\.actor) == ["account:\(helper.accountID)", "account:\(dependent.accountID)"])
            #expect(revoked.allSatisfy { $0.subject != nil })
            let rows = try await DelegationRecord.query(on: app.db).sort(\.$createdAt).all()
            #expect(rows.map(\.revokedBy) == [Key.shanghaiCitizen.rawValue, Key.elderly.rawValue])
        }
    }

    @Test func maskingKeepsOnlyEnoughToRecognise() {
        #expect(DependentMasking.name("王子涵") == "王*涵")
        #expect(DependentMasking.name("王芳") == "王*")
        #expect(DependentMasking.name("JOHNSON EMILY") == "J****** E****")
        #expect(DependentMasking.name("买买提·艾力") == "买**·艾*")
    }
}
