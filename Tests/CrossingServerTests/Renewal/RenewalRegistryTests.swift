import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// The registry follows the application: a lost or stolen document is reported at once on
/// submission and cancelled on issue; issues at the same time never share a document number.
@Suite("Renewal: registry and document numbers", .serialized)
struct RenewalRegistryTests {
    func passport(
        _ world: RenewalWorld, _ person: PersonID = DemoRegistry.Key.beijingCitizen
    ) async throws
        -> [HeldDocument]
    {
        try #require(try await world.registryPerson(person)).heldDocuments(of: .ordinaryPassport)
    }

    @Test("stolen: reported stolen at submission, cancelled on issue", arguments: ["stolen", "lost"])
    func lostOrStolen(_ loss: String) async throws {
        try await RenewalWorld.with { world in
            let old = try #require(try await passport(world).first)
            #expect(old.status == .valid)
            let number = try await world.quickSubmit(reason: "lost-or-stolen", lossKind: loss).number
            let reported = try #require(try await passport(world).first { $0.number == old.number })
            #expect(reported.status == (loss == "stolen" ? .reportedStolen : .reportedLost))

            let officer = try await world.staff()
            _ = try await world.approve(number, officer)
            try await world.pay(number)
            let issued = try await world.app.send(.POST, "/api/v1/staff/renewals/\(number)/issue", headers: officer)
            #expect(issued.status == .ok, "\(issued.text)")
            let documents = try await passport(world)
            #expect(documents.first { $0.number == old.number }?.status == .cancelled)
            let new = try #require(try issued.json(StaffApplicationDoc.self).newDocumentNumber)
            #expect(documents.first { $0.number == new }?.status == .valid)
        }
    }

    @Test("lost or stolen without saying which is 422 and reports nothing")
    func lossKindMissing() async throws {
        try await RenewalWorld.with { world in
            try await FaceTesting.pass(world.app, world.applicant)
            let keys = try await world.uploadSamples()
            let response = try await world.submit(RenewalWorld.body(keys, reason: "lost-or-stolen"))
            #expect(response.status == .unprocessableEntity, "\(response.text)")
            #expect(try response.problem().codes == ["loss-kind-missing"])
            #expect(try await passport(world).first?.status == .valid)
            #expect(try await RenewalApplicationRecord.query(on: world.app.db).count() == 0)
        }
    }

    @Test("damaged: the old document stays valid until the new one is issued")
    func damagedKeepsTheOldOneUntilIssue() async throws {
        try await RenewalWorld.with { world in
            let old = try #require(try await passport(world).first)
            _ = try await world.quickSubmit()
            #expect(try await passport(world).first { $0.number == old.number }?.status == .valid)
        }
    }

    @Test("8 concurrent issues get 8 distinct document numbers")
    func concurrentIssues() async throws {
        try await RenewalWorld.with { world in
            typealias Key = DemoRegistry.Key
            var numbers: [(String, HTTPHeaders)] = []
            var officers: [String: HTTPHeaders] = [:]
            for person in [Key.beijingCitizen, Key.shanghaiCitizen, Key.shenzhenCitizen, Key.wuhanCitizen] {
                let applicant = person == world.applicant.person ? world.applicant : try await world.user(person)
                let personWorld = RenewalWorld(app: world.app, clock: world.clock, applicant: applicant)
                for document in ["ordinary-passport", "hk-macao-permit"] {
                    let application = try await personWorld.quickSubmit(document: document)
                    let office = application.officeCode
                    if officers[office] == nil {
                        officers[office] = try await world.staff(
                            .officer, username: "officer.\(office)", office: office)
                    }
                    let officer = try #require(officers[office])
                    _ = try await world.approve(application.number, officer)
                    try await world.pay(application.number)
                    #expect(try await world.record(application.number).status == "in-production")
                    numbers.append((application.number, officer))
                }
            }
            #expect(numbers.count == 8)
            let issued = try await withThrowingTaskGroup(of: (HTTPStatus, String?).self) { group in
                for (number, officer) in numbers {
                    group.addTask {
                        let response = try await world.app.send(
                            .POST, "/api/v1/staff/renewals/\(number)/issue", headers: officer)
                        return (
                            response.status,
                            try? response.json(StaffApplicationDoc.self).newDocumentNumber
                        )
                    }
                }
                var collected: [(HTTPStatus, String?)] = []
                for try await result in group { collected.append(result) }
                return collected
            }
            #expect(issued.allSatisfy { $0.0 == .ok }, "\(issued)")
            let documentNumbers = issued.compactMap(\.1)
            #expect(documentNumbers.count == 8)
            #expect(Set(documentNumbers).count == 8, "\(documentNumbers)")
            let stored = try await RenewalApplicationRecord.query(on: world.app.db).all().compactMap(
                \.newDocumentNumber)
            #expect(Set(stored) == Set(documentNumbers))
        }
    }
}
