import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// An application and its files are the applicant's: anyone else gets 404 (existence is not
/// revealed); a helper with an active delegation reads and submits for the dependent until revoked.
@Suite("Renewal: privacy and assisted service", .serialized)
struct RenewalPrivacyTests {
    @Test("another applicant gets 404 for my application, my files and every change")
    func anotherApplicantGets404() async throws {
        try await RenewalWorld.with { world in
            let mine = try await world.quickSubmit()
            let photoKey = try await world.record(mine.number).photoKey
            let mineFile = try await world.app.send(
                .GET, "/api/v1/renewals/uploads/\(photoKey)", headers: world.applicant.headers)
            #expect(mineFile.status == .ok)
            #expect(mineFile.mediaType == "image/jpeg")
            #expect(mineFile.header("Cache-Control")?.contains("no-store") == true)

            var stranger = try await world.user(DemoRegistry.Key.shanghaiCitizen)
            stranger.headers.replaceOrAdd(name: .contentType, value: "application/json")
            let before = try await world.footprint()
            for (method, path, body) in [
                (HTTPMethod.GET, "/api/v1/renewals/\(mine.number)", nil),
                (.GET, "/api/v1/renewals/uploads/\(photoKey)", nil),
                (.POST, "/api/v1/renewals/\(mine.number)/withdraw", nil),
                (.POST, "/api/v1/renewals/\(mine.number)/resubmit", #"{}"#),
                (.POST, "/api/v1/renewals/\(mine.number)/payment", nil),
            ] as [(HTTPMethod, String, String?)] {
                let response = try await world.app.send(method, path, headers: stranger.headers, body: body)
                #expect(response.status == .notFound, "\(path): \(response.text)")
                #expect(try response.problem().kind == "not-found")
            }
            // Same answer as for things that do not exist.
            let unknown = try await world.app.send(
                .GET, "/api/v1/renewals/CR2026112299999999", headers: stranger.headers)
            #expect(unknown.status == .notFound)
            let unknownFile = try await world.app.send(
                .GET, "/api/v1/renewals/uploads/\(String(repeating: "a", count: 64))", headers: stranger.headers)
            #expect(unknownFile.status == .notFound)
            let notAKey = try await world.app.send(
                .GET, "/api/v1/renewals/uploads/..%2F..%2Fetc", headers: stranger.headers)
            #expect(notAKey.status == .notFound)

            let list = try await world.app.send(.GET, "/api/v1/renewals", headers: stranger.headers)
            #expect(list.status == .ok)
            #expect(!list.text.contains(mine.number))
            #expect(try await world.footprint() == before)
            #expect(try await world.record(mine.number).status == "under-review")

            let anonymous = try await world.app.send(.GET, "/api/v1/renewals/\(mine.number)")
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test("a helper with an active delegation checks, uploads, submits and reads for the dependent")
    func helperActsForDependent() async throws {
        try await RenewalWorld.with { world in
            let helperPerson = DemoRegistry.Key.shanghaiCitizen
            let dependent = DemoRegistry.Key.beijingCitizen
            let delegation = try await world.delegate(helper: helperPerson, dependent: dependent)
            let helper = try await world.user(helperPerson)

            let check = try await world.eligibility(
                #"{"document":"ordinary-passport","reason":"damaged","dependentId":"\#(delegation)"}"#, as: helper)
            #expect(check.status == .ok, "\(check.text)")
            #expect(try check.json(EligibilityDoc.self).eligible, "\(check.text)")

            try await FaceTesting.pass(world.app, helper)
            let keys = try await world.uploadSamples(as: helper, dependentID: delegation)
            let submitted = try await world.submit(
                RenewalWorld.body(keys, dependentID: delegation), as: helper)
            #expect(submitted.status == .created, "\(submitted.text)")
            let application = try submitted.json(ApplicationDoc.self)
            #expect(application.actingFor)
            let record = try await world.record(application.number)
            #expect(record.personKey == dependent.rawValue)
            #expect(record.helperPersonKey == helperPerson.rawValue)
            #expect(record.delegationID == delegation)

            let audit = try #require(try await world.audits("renewal.submitted").first)
            #expect(audit.actor == "helper:\(helperPerson.rawValue)")
            #expect(audit.onBehalfOf == dependent.rawValue)
            let timeline = try await TimelineEventRecord.query(on: world.app.db)
                .filter(\.$subjectID == application.number).first()
            #expect(timeline?.ownerPersonKey == dependent.rawValue)
            #expect(timeline?.onBehalfOf == dependent.rawValue)

            // Both the helper and the dependent read it and its files.
            #expect(try await world.show(application.number, as: helper).status == .ok)
            #expect(try await world.show(application.number).status == .ok)
            let file = try await world.app.send(
                .GET, "/api/v1/renewals/uploads/\(record.photoKey)", headers: try await world.fresh(helper).headers)
            #expect(file.status == .ok)
            let listed = try await world.app.send(
                .GET, "/api/v1/renewals", headers: try await world.fresh(helper).headers)
            #expect(listed.text.contains(application.number))

            // After revocation: 404 for reading, 403 for acting.
            try await world.revoke(delegation)
            let helperNow = try await world.fresh(helper)
            let gone = try await world.show(application.number, as: helperNow)
            #expect(gone.status == .notFound, "\(gone.text)")
            let goneFile = try await world.app.send(
                .GET, "/api/v1/renewals/uploads/\(record.photoKey)", headers: helperNow.headers)
            #expect(goneFile.status == .notFound)
            let withdraw = try await world.withdraw(application.number, as: helperNow)
            #expect(withdraw.status == .notFound)
            let upload = try await world.upload(.photo, RenewalSamples.photo, as: helperNow, dependentID: delegation)
            #expect(upload.status == .forbidden, "\(upload.text)")
            #expect(try await world.record(application.number).status == "under-review")
            // The dependent still has it.
            #expect(try await world.show(application.number).status == .ok)
        }
    }

    @Test("a helper cannot use someone else's delegation ID")
    func foreignDelegation() async throws {
        try await RenewalWorld.with { world in
            let delegation = try await world.delegate(
                helper: DemoRegistry.Key.shanghaiCitizen, dependent: DemoRegistry.Key.beijingCitizen)
            let intruder = try await world.user(DemoRegistry.Key.shenzhenCitizen)
            let response = try await world.upload(.photo, RenewalSamples.photo, as: intruder, dependentID: delegation)
            #expect(response.status == .forbidden, "\(response.text)")
            #expect(try await RenewalUploadRecord.query(on: world.app.db).count() == 0)
        }
    }
}
