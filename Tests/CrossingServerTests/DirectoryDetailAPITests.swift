import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("API: offices, services and guides")
struct DirectoryDetailAPITests {
    @Test func officeDetail() async throws {
        let office = try #require(try ReferenceFixture.offices().first { $0.code == "bj-dongcheng" })
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/offices/bj-dongcheng") { res async throws in
                #expect(res.status == .ok)
                #expect(res.mediaType == "application/json")
                let detail = try res.json(OfficeDetail.self)
                #expect(detail.code == "bj-dongcheng")
                #expect(detail.phone == office.phone)
                #expect(detail.address.en == office.addressEn)
                #expect(detail.services == office.services)
                #expect(detail.counters > 0)
                #expect(detail.sample)
                #expect(detail.mapUrl.hasPrefix("https://www.openstreetmap.org/"))
                let weekdays = try #require(detail.hours.first)
                #expect(weekdays.days == [1, 2, 3, 4, 5])
                #expect(weekdays.opens.count == 5 && weekdays.closes.count == 5)
            }
        }
    }

    @Test(arguments: ["/api/v1/offices/nope", "/api/v1/guides/nope", "/api/v1/fees/nope", "/api/v1/nothing-here"])
    func unknownResourceIsANotFoundProblem(path: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, path) { res async throws in
                #expect(res.status == .notFound)
                #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                let problem = try res.json(ProblemDocument.self)
                #expect(problem.type == "https://crossing.example/problems/not-found")
                #expect(problem.status == 404)
                #expect(problem.instance == path)
                #expect(problem.requestId == res.header("X-Request-ID"))
                #expect(!problem.detail.isEmpty)
            }
        }
    }

    @Test func servicesListTheWholeCatalogue() async throws {
        let guides = try ReferenceFixture.guides()
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/services") { res async throws in
                #expect(res.status == .ok)
                let services = try res.json(Items<ServiceEntry>.self).items
                #expect(services.count == 24)
                #expect(services.map(\.code) == guides.map(\.code))
                #expect(Set(services.filter(\.available).map(\.code)) == ReferenceFixture.liveServices)
                let visa = try #require(services.first { $0.code == "foreigner.visa" })
                #expect(visa.audience == "foreigner")
                #expect(visa.offeredAtOffices)
                #expect(visa.feature == "appointments")
                #expect(services.first { $0.code == "offices" }?.feature == "directory")
            }
        }
    }

    @Test func guidesListEveryGuide() async throws {
        let guides = try ReferenceFixture.guides()
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/guides") { res async throws in
                #expect(res.status == .ok)
                let items = try res.json(Items<GuideSummary>.self).items
                #expect(items.map(\.code) == guides.map(\.code))
                #expect(items.map(\.name.zh) == guides.map(\.nameZh))
                #expect(Set(items.filter(\.available).map(\.code)) == ReferenceFixture.liveServices)
                #expect(items.allSatisfy { !$0.summary.zh.isEmpty && !$0.summary.en.isEmpty })
            }
        }
    }

    @Test func guideDetailHasMaterialsAndTodaysFees() async throws {
        let guide = try #require(try ReferenceFixture.guides().first { $0.code == "passport.renewal-online" })
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/guides/passport.renewal-online") { res async throws in
                #expect(res.status == .ok)
                let detail = try res.json(GuideDetail.self)
                #expect(detail.code == guide.code)
                #expect(detail.materials == LocalizedLines(zh: guide.materialsZh, en: guide.materialsEn))
                #expect(detail.available)
                #expect(!detail.offeredAtOffices)
                #expect(!detail.steps.zh.isEmpty)
                let fee = try #require(detail.fees.first { $0.item == "passport.ordinary" })
                #expect(fee.amountFen == 12000)
                #expect(fee.currency == "CNY")
            }
        }
    }

    @Test func guideFeesFollowTheClock() async throws {
        // 2019-06-30 in Beijing: the 2017 rate was still in force.
        try await withApp(now: Date(timeIntervalSince1970: 1_561_867_200)) { app in
            let detail = try await app.get("/api/v1/guides/passport.renewal-online").json(GuideDetail.self)
            #expect(detail.fees.first { $0.item == "passport.ordinary" }?.amountFen == 16000)
        }
    }
}
