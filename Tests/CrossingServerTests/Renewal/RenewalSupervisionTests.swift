import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// Supervisors' clocks and statistics: only supervisors (of their own office) and administrators;
/// officers get 403; dates are checked.
@Suite("Renewal: supervisors' clocks and statistics", .serialized)
struct RenewalSupervisionTests {
    struct Statistics: Decodable {
        struct CityDay: Decodable {
            var cityCode: String
            var date: String
            var submitted: Int
        }

        struct Durations: Decodable {
            var count: Int
            var median: Double?
        }

        var from: String
        var to: String
        var offices: [String]?
        var submitted: Int
        var approved: Int
        var returned: Int
        var withdrawn: Int
        var counterVisitsSaved: Int
        var approvalHours: Durations
        var perCityAndDay: [CityDay]
    }

    struct Clocks: Decodable {
        struct Item: Decodable {
            var number: String
            var clock: String
            var state: String
            var workingDaysLate: Int?
        }

        var date: String
        var dueToday: [Item]
        var late: [Item]
    }

    /// Two Beijing applications (one approved after 2 hours, one returned) and one in Shanghai.
    func seed(_ world: RenewalWorld) async throws -> (approved: String, returned: String, shanghai: String) {
        let approved = try await world.quickSubmit().number
        world.clock.advance(2 * 3_600)
        let officer = try await world.staff()
        _ = try await world.approve(approved, officer)
        let returned = try await world.quickSubmit(document: "hk-macao-permit").number
        let version = try await world.record(returned).version
        let response = try await world.decide(
            returned, officer, #"{"decision":"return","version":\#(version),"corrections":[{"item":"signature"}]}"#)
        #expect(response.status == .ok, "\(response.text)")
        let shanghai = RenewalWorld(
            app: world.app, clock: world.clock, applicant: try await world.user(DemoRegistry.Key.shanghaiCitizen))
        let other = try await shanghai.quickSubmit().number
        return (approved, returned, other)
    }

    @Test("an officer gets 403 for clocks and statistics")
    func officerForbidden() async throws {
        try await RenewalWorld.with { world in
            let officer = try await world.staff()
            for path in ["/api/v1/staff/renewals/clocks", "/api/v1/staff/renewals/statistics"] {
                let response = try await world.app.send(.GET, path, headers: officer)
                #expect(response.status == .forbidden, "\(path): \(response.text)")
                #expect(try response.problem().kind == "forbidden")
            }
            let applicant = try await world.app.send(
                .GET, "/api/v1/staff/renewals/statistics", headers: world.applicant.headers)
            #expect(applicant.status == .forbidden)
        }
    }

    @Test("the office's supervisor sees its own counts; an administrator sees every office")
    func statisticsCounts() async throws {
        try await RenewalWorld.with { world in
            let seeded = try await seed(world)
            _ = seeded
            let supervisor = try await world.staff(.supervisor, username: "supervisor.li")
            let today = CalendarDate.today(in: TimeZone(identifier: "Asia/Shanghai") ?? .current, now: world.clock.now)
                .iso
            let response = try await world.app.send(
                .GET, "/api/v1/staff/renewals/statistics?from=\(today)&to=\(today)", headers: supervisor)
            #expect(response.status == .ok, "\(response.text)")
            let statistics = try response.json(Statistics.self)
            #expect(statistics.offices == [RenewalWorld.office])
            #expect(statistics.submitted == 2)
            #expect(statistics.approved == 1)
            #expect(statistics.returned == 1)
            #expect(statistics.withdrawn == 0)
            #expect(statistics.approvalHours.count == 1)
            #expect(statistics.approvalHours.median == 2.0)
            // Two open courier applications: each saves the visit to apply and the one to collect.
            #expect(statistics.counterVisitsSaved == 4)
            #expect(statistics.perCityAndDay.map(\.cityCode) == ["110100"])
            #expect(statistics.perCityAndDay.first?.submitted == 2)

            let admin = try await world.staff(.administrator, username: "admin.zhou", office: nil)
            let all = try await world.app.send(
                .GET, "/api/v1/staff/renewals/statistics?from=\(today)&to=\(today)", headers: admin)
            #expect(all.status == .ok, "\(all.text)")
            let everything = try all.json(Statistics.self)
            #expect(everything.offices == nil)
            #expect(everything.submitted == 3)
            #expect(Set(everything.perCityAndDay.map(\.cityCode)) == ["110100", "310100"])

            // A range that ends before today counts nothing.
            let earlier = try await world.app.send(
                .GET, "/api/v1/staff/renewals/statistics?from=2026-01-01&to=2026-01-31", headers: supervisor)
            #expect(try earlier.json(Statistics.self).submitted == 0)
            // Without dates: the last 30 days.
            let defaults = try await world.app.send(.GET, "/api/v1/staff/renewals/statistics", headers: supervisor)
            let window = try defaults.json(Statistics.self)
            #expect(window.to == today)
            #expect(window.submitted == 2)
        }
    }

    @Test(
        "bad dates are 422 with the field",
        arguments: [
            ("from=2026-13-01", "from", "date-invalid"), ("to=yesterday", "to", "date-invalid"),
            ("from=2026-11-20&to=2026-11-01", "from", "range-invalid"),
            ("from=2024-01-01&to=2026-01-01", "from", "range-invalid"), ("from=2026-02-30", "from", "date-invalid"),
        ])
    func badDates(_ query: String, _ field: String, _ code: String) async throws {
        try await RenewalWorld.with { world in
            let supervisor = try await world.staff(.supervisor, username: "supervisor.li")
            let response = try await world.app.send(
                .GET, "/api/v1/staff/renewals/statistics?\(query)", headers: supervisor)
            #expect(response.status == .unprocessableEntity, "\(query): \(response.text)")
            let problem = try response.problem()
            #expect(problem.codes == [code])
            #expect(problem.errors?.first?.field == field)
        }
    }

    @Test("clocks: an application under review past its 7 working days is late")
    func clocksShowLate() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            let fresh = try await world.staff(.supervisor, username: "supervisor.early")
            let now = try await world.app.send(.GET, "/api/v1/staff/renewals/clocks", headers: fresh)
            #expect(now.status == .ok, "\(now.text)")
            #expect(try now.json(Clocks.self).late.isEmpty)

            world.clock.advance(14 * 86_400)
            let supervisor = try await world.staff(.supervisor, username: "supervisor.li")
            let response = try await world.app.send(.GET, "/api/v1/staff/renewals/clocks", headers: supervisor)
            #expect(response.status == .ok, "\(response.text)")
            let clocks = try response.json(Clocks.self)
            let late = try #require(clocks.late.first { $0.number == number })
            #expect(late.clock == "issue")
            #expect((late.workingDaysLate ?? 0) > 0)

            let elsewhere = try await world.staff(.supervisor, username: "supervisor.hu", office: "sh-pudong")
            let theirs = try await world.app.send(.GET, "/api/v1/staff/renewals/clocks", headers: elsewhere)
            #expect(theirs.status == .ok)
            #expect(!theirs.text.contains(number))
        }
    }
}
