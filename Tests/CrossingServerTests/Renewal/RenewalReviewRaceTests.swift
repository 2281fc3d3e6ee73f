import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// Two officers deciding at once: one decision stands, the other officer is told clearly; stale
/// versions, claims held by others, incomplete decisions and other offices are refused.
@Suite("Renewal: officers deciding at once", .serialized)
struct RenewalReviewRaceTests {
    static func concurrently(
        _ count: Int, _ body: @escaping @Sendable (Int) async throws -> TestingHTTPResponse
    ) async throws -> [(index: Int, status: HTTPStatus, text: String)] {
        try await withThrowingTaskGroup(of: (Int, HTTPStatus, String).self) { group in
            for index in 0..<count {
                group.addTask {
                    let response = try await body(index)
                    return (index, response.status, response.text)
                }
            }
            var collected: [(index: Int, status: HTTPStatus, text: String)] = []
            for try await result in group { collected.append(result) }
            return collected
        }
    }

    @Test("both decide with the same version at once: one succeeds, the other gets 409")
    func bothDecideAtOnce() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            let officers = [try await world.staff(), try await world.staff(.officer, username: "officer.zhao")]
            let version = try await world.staffView(number, officers[0]).application.version
            let decisions = [
                #"{"decision":"approve","version":\#(version)}"#,
                #"{"decision":"return","version":\#(version),"corrections":[{"item":"photo","note":"blurred"}]}"#,
            ]
            let results = try await Self.concurrently(2) { index in
                try await world.decide(number, officers[index], decisions[index])
            }
            #expect(Set(results.map(\.status)) == [.ok, .conflict], "\(results)")
            let loser = try #require(results.first { $0.status == .conflict })
            let problem = try JSONDecoder().decode(ProblemDoc.self, from: Data(loser.text.utf8))
            #expect(problem.kind == "conflict")
            #expect(problem.detail.contains("changed this application meanwhile"), "\(problem.detail)")
            let winner = try #require(results.first { $0.status == .ok })
            let status = try await world.record(number).status
            #expect(status == (winner.index == 0 ? "approved" : "returned"))
            let decided =
                try await world.audits("renewal.approved").count + world.audits("renewal.returned").count
            #expect(decided == 1)
            #expect(try await world.payments(number).count == (winner.index == 0 ? 1 : 0))
            let kinds = try await world.timelineKinds(number)
            #expect(kinds.filter { $0 == "application.approved" || $0 == "application.returned" }.count == 1)
        }
    }

    @Test("both claim at once: one holds it, the other gets 409 and cannot decide")
    func bothClaimAtOnce() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            let officers = [try await world.staff(), try await world.staff(.officer, username: "officer.zhao")]
            let results = try await Self.concurrently(2) { index in try await world.claim(number, officers[index]) }
            #expect(Set(results.map(\.status)) == [.ok, .conflict], "\(results)")
            let loser = try #require(results.first { $0.status == .conflict })
            #expect(loser.text.contains("Another officer has claimed"), "\(loser.text)")

            // The loser, even with the current version, is refused while the claim lasts.
            let current = try await world.staffView(number, officers[loser.index]).application.version
            let refused = try await world.decide(
                number, officers[loser.index], #"{"decision":"approve","version":\#(current)}"#)
            #expect(refused.status == .conflict, "\(refused.text)")
            #expect(refused.text.contains("Another officer has claimed"))
            #expect(try await world.record(number).status == "under-review")
            // The holder decides.
            let winner = 1 - loser.index
            let decided = try await world.decide(
                number, officers[winner], #"{"decision":"approve","version":\#(current)}"#)
            #expect(decided.status == .ok, "\(decided.text)")
        }
    }

    @Test("a claim lapses: after its lifetime another officer may take it")
    func claimLapses() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            let first = try await world.staff()
            #expect(try await world.claim(number, first).status == .ok)
            let second = try await world.staff(.officer, username: "officer.zhao")
            #expect(try await world.claim(number, second).status == .conflict)
            world.clock.advance(world.app.renewal.settings.claimLifetime + 1)
            let again = try await world.staff(.officer, username: "officer.qian")
            #expect(try await world.claim(number, again).status == .ok)
        }
    }

    @Test("a decision on a stale version is 409 and changes nothing")
    func staleVersion() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            let officer = try await world.staff()
            let seen = try await world.staffView(number, officer).application.version
            #expect(try await world.claim(number, officer).status == .ok)  // the claim moves the version on
            let before = try await world.footprint()
            let stale = try await world.decide(number, officer, #"{"decision":"approve","version":\#(seen)}"#)
            #expect(stale.status == .conflict, "\(stale.text)")
            #expect(try stale.problem().kind == "conflict")
            #expect(try await world.record(number).status == "under-review")
            #expect(try await world.footprint() == before)
        }
    }

    @Test("incomplete decisions are 422: return without corrections, reject without a reason, no version")
    func incompleteDecisions() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            let officer = try await world.staff()
            let version = try await world.staffView(number, officer).application.version
            let cases: [(String, [String])] = [
                (#"{"decision":"return","version":\#(version)}"#, ["corrections-missing"]),
                (#"{"decision":"return","version":\#(version),"corrections":[]}"#, ["corrections-missing"]),
                (
                    #"{"decision":"return","version":\#(version),"corrections":[{"item":"haircut"}]}"#,
                    ["correction-item-unknown"]
                ),
                (
                    #"{"decision":"return","version":\#(version),"corrections":[{"item":"other","note":" "}]}"#,
                    ["correction-note-missing"]
                ),
                (
                    #"{"decision":"return","version":\#(version),"corrections":[{"item":"photo","note":"\#(String(repeating: "x", count: 501))"}]}"#,
                    ["note-too-long"]
                ),
                (#"{"decision":"reject","version":\#(version)}"#, ["reason-missing"]),
                (#"{"decision":"reject","version":\#(version),"reason":"   "}"#, ["reason-missing"]),
                (#"{"decision":"approve"}"#, ["version-missing"]),
                (#"{"decision":"maybe","version":\#(version)}"#, ["decision-unknown"]),
            ]
            let before = try await world.footprint()
            for (body, codes) in cases {
                let response = try await world.decide(number, officer, body)
                #expect(response.status == .unprocessableEntity, "\(body): \(response.text)")
                #expect(try response.problem().codes == codes, "\(body)")
            }
            let notJSON = try await world.decide(number, officer, "{")
            #expect(notJSON.status == .badRequest)
            #expect(try await world.footprint() == before)
            #expect(try await world.record(number).version == version)
        }
    }

    @Test("an officer of another office gets 404 for everything; an applicant token gets 403")
    func anotherOffice() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            let shanghai = try await world.staff(.officer, username: "officer.hu", office: "sh-pudong")
            for (method, path, body) in [
                (HTTPMethod.GET, "/api/v1/staff/renewals/\(number)", nil),
                (.GET, "/api/v1/staff/renewals/\(number)/files/photo", nil),
                (.POST, "/api/v1/staff/renewals/\(number)/claim", nil),
                (.POST, "/api/v1/staff/renewals/\(number)/decision", #"{"decision":"approve","version":1}"#),
                (.POST, "/api/v1/staff/renewals/\(number)/issue", nil),
            ] as [(HTTPMethod, String, String?)] {
                let response = try await world.app.send(method, path, headers: shanghai, body: body)
                #expect(response.status == .notFound, "\(path): \(response.text)")
                #expect(try response.problem().kind == "not-found")
            }
            let queue = try await world.app.send(.GET, "/api/v1/staff/renewals", headers: shanghai)
            #expect(queue.status == .ok)
            #expect(!queue.text.contains(number))

            let applicant = try await world.app.send(
                .GET, "/api/v1/staff/renewals/\(number)", headers: try await world.fresh(world.applicant).headers)
            #expect(applicant.status == .forbidden)
            #expect(try await world.record(number).status == "under-review")
        }
    }

    @Test("an officer who acts for the applicant (a relative) is refused (conflict of interest)")
    func conflictOfInterest() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            // The officer is a registry person who acts for the applicant under a delegation.
            _ = try await world.delegate(helper: DemoRegistry.Key.shanghaiCitizen, dependent: world.applicant.person)
            let herself = try await world.staff(
                .officer, username: "officer.liming", office: RenewalWorld.office,
                person: DemoRegistry.Key.shanghaiCitizen)
            let view = try await world.app.send(.GET, "/api/v1/staff/renewals/\(number)", headers: herself)
            #expect(view.status == .forbidden, "\(view.text)")
            #expect(try view.problem().kind == "forbidden")
            let claim = try await world.claim(number, herself)
            #expect(claim.status == .forbidden)
            let decide = try await world.decide(number, herself, #"{"decision":"approve","version":1}"#)
            #expect(decide.status == .forbidden)
            #expect(try await world.record(number).status == "under-review")
        }
    }
}
