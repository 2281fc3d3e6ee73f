import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// A double submit makes one application: the same Idempotency-Key answers the first one, however
/// many copies arrive at once; a second application for the same document while one is open is a 409.
@Suite("Renewal: double submit", .serialized)
struct RenewalIdempotencyTests {
    @Test("the same key twice: 201, then 200 with the same application")
    func sameKeyTwice() async throws {
        try await RenewalWorld.with { world in
            try await FaceTesting.pass(world.app, world.applicant)
            let body = RenewalWorld.body(try await world.uploadSamples())
            let first = try await world.submit(body, key: "same-key-1")
            #expect(first.status == .created, "\(first.text)")
            let afterFirst = try await world.footprint()
            let second = try await world.submit(body, key: "same-key-1")
            #expect(second.status == .ok, "\(second.text)")
            #expect(try first.json(ApplicationDoc.self).number == second.json(ApplicationDoc.self).number)
            #expect(second.header("Location") == first.header("Location"))
            #expect(try await world.footprint() == afterFirst, "the repeat changes nothing")
            #expect(try await world.audits("renewal.submitted").count == 1)
        }
    }

    @Test("the same key with a different body is 409; no key is 422; a malformed key is 422")
    func keyMisuse() async throws {
        try await RenewalWorld.with { world in
            try await FaceTesting.pass(world.app, world.applicant)
            let keys = try await world.uploadSamples()
            let first = try await world.submit(RenewalWorld.body(keys), key: "reused")
            #expect(first.status == .created)
            let before = try await world.footprint()
            let changed = try await world.submit(RenewalWorld.body(keys, handover: "collection"), key: "reused")
            #expect(changed.status == .conflict, "\(changed.text)")
            #expect(try changed.problem().detail.contains("Idempotency-Key"))

            var headers = world.json
            headers.remove(name: "Idempotency-Key")
            let missing = try await world.app.send(
                .POST, "/api/v1/renewals", headers: headers, body: RenewalWorld.body(keys, document: "hk-macao-permit"))
            #expect(missing.status == .unprocessableEntity, "\(missing.text)")
            #expect(try missing.problem().codes == ["idempotency-key-missing"])

            let malformed = try await world.submit(
                RenewalWorld.body(keys, document: "hk-macao-permit"), key: String(repeating: "k", count: 101))
            #expect(malformed.status == .unprocessableEntity)
            #expect(try malformed.problem().codes == ["invalid-idempotency-key"])
            #expect(try await world.footprint() == before)
        }
    }

    @Test("8 concurrent submissions with the same key make exactly one application")
    func concurrentSameKey() async throws {
        try await RenewalWorld.with { world in
            try await FaceTesting.pass(world.app, world.applicant)
            let body = RenewalWorld.body(try await world.uploadSamples())
            let results = try await withThrowingTaskGroup(of: (HTTPStatus, String).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let response = try await world.submit(body, key: "racing-key")
                        return (response.status, response.text)
                    }
                }
                var collected: [(HTTPStatus, String)] = []
                for try await result in group { collected.append(result) }
                return collected
            }
            #expect(results.filter { $0.0 == .created }.count == 1, "\(results.map(\.0))")
            #expect(results.filter { $0.0 == .ok }.count == 7, "\(results.map { "\($0.0) \($0.1.prefix(200))" })")
            let numbers = Set(
                results.compactMap { try? JSONDecoder().decode(ApplicationDoc.self, from: Data($0.1.utf8)).number })
            #expect(numbers.count == 1)
            #expect(try await RenewalApplicationRecord.query(on: world.app.db).count() == 1)
            #expect(try await world.audits("renewal.submitted").count == 1)
            let number = try #require(numbers.first)
            #expect(try await world.timelineKinds(number).filter { $0 == "application.submitted" }.count == 1)
            #expect(try await world.notifications(number).filter { $0 == "application-submitted" }.count == 1)
        }
    }

    @Test("2 concurrent submissions with different keys for the same document: one 201, one 409")
    func concurrentDifferentKeys() async throws {
        try await RenewalWorld.with { world in
            try await FaceTesting.pass(world.app, world.applicant)
            let body = RenewalWorld.body(try await world.uploadSamples())
            let results = try await withThrowingTaskGroup(of: (HTTPStatus, String).self) { group in
                for index in 0..<2 {
                    group.addTask {
                        let response = try await world.submit(body, key: "key-\(index)")
                        return (response.status, response.text)
                    }
                }
                var collected: [(HTTPStatus, String)] = []
                for try await result in group { collected.append(result) }
                return collected
            }
            #expect(Set(results.map(\.0)) == [.created, .conflict], "\(results)")
            let refused = try #require(results.first { $0.0 == .conflict })
            let problem = try JSONDecoder().decode(ProblemDoc.self, from: Data(refused.1.utf8))
            #expect(problem.kind == "conflict")
            #expect(problem.detail.contains("already have an open"), "\(problem.detail)")
            #expect(try await RenewalApplicationRecord.query(on: world.app.db).count() == 1)
            #expect(try await world.audits("renewal.submitted").count == 1)
        }
    }

    @Test("after a withdrawal the same document can be applied for again")
    func newApplicationAfterWithdrawal() async throws {
        try await RenewalWorld.with { world in
            let first = try await world.quickSubmit()
            let again = try await world.submit(RenewalWorld.body(try await world.uploadSamples()))
            #expect(again.status == .conflict)
            #expect(try await world.withdraw(first.number).status == .ok)
            try await FaceTesting.pass(world.app, try await world.fresh(world.applicant))
            let second = try await world.submit(
                RenewalWorld.body(try await world.uploadSamples()), as: try await world.fresh(world.applicant))
            #expect(second.status == .created, "\(second.text)")
        }
    }
}
