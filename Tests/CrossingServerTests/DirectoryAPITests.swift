import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("API: office directory search")
struct DirectoryAPITests {
    static func codes(_ app: Application, _ query: String) async throws -> [String] {
        let res = try await app.get("/api/v1/offices?limit=100&" + query)
        #expect(res.status == .ok, "\(query)")
        return try res.json(OfficePage.self).items.map(\.code)
    }

    @Test(arguments: [
        ("city=110100", ["bj-dongcheng", "bj-haidian"]),
        ("city=" + encoded("北京"), ["bj-dongcheng", "bj-haidian"]),
        ("city=beijing", ["bj-dongcheng", "bj-haidian"]),
        ("city=Beijing", ["bj-dongcheng", "bj-haidian"]),
        ("city=" + encoded("Xi'an"), ["xa-yanta"]),
        ("city=xian", ["xa-yanta"]),
        ("city=" + encoded("西安"), ["xa-yanta"]),
        ("city=" + encoded(" 310100 "), ["sh-pudong", "sh-xuhui"]),
        ("q=haidian", ["bj-haidian"]),
        ("q=" + encoded("浦东"), ["sh-pudong"]),
        ("city=310100&q=PUDONG", ["sh-pudong"]),
        ("city=110100&service=foreigner.visa", ["bj-dongcheng"]),
    ])
    func searchFindsTheExpectedOffices(query: String, expected: [String]) async throws {
        try await withApp { app in
            let found = try await Self.codes(app, query)
            #expect(found == expected)
        }
    }

    @Test func serviceFilterKeepsOnlyOfficesOfferingIt() async throws {
        let offices = try ReferenceFixture.offices()
        let expected = Set(offices.filter { $0.services.contains("foreigner.visa") }.map(\.code))
        #expect(!expected.isEmpty && expected.count < offices.count)
        try await withApp { app in
            let res = try await app.get("/api/v1/offices?service=foreigner.visa&limit=100")
            let page = try res.json(OfficePage.self)
            #expect(Set(page.items.map(\.code)) == expected)
            #expect(page.items.allSatisfy { $0.services.contains("foreigner.visa") })
        }
    }

    @Test func resultsCarryTheContractShape() async throws {
        let office = try #require(try ReferenceFixture.offices().first { $0.code == "bj-dongcheng" })
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/offices?city=110100") { res async throws in
                #expect(res.status == .ok)
                #expect(res.mediaType == "application/json")
                let page = try res.json(OfficePage.self)
                #expect(page.sample)
                #expect(page.nextCursor == nil)
                let first = try #require(page.items.first)
                #expect(first.code == office.code)
                #expect(first.city.code == "110100")
                #expect(first.city.name == Localized(zh: "北京", en: "Beijing"))
                #expect(first.address.zh == office.addressZh)
                #expect(first.phone == office.phone)
                #expect(first.services == office.services)
            }
        }
    }

    @Test func limitWalksEveryOfficeWithoutDuplicatesOrGaps() async throws {
        let total = try ReferenceFixture.offices().count
        try await withApp { app in
            let unpaged = try await Self.codes(app, "")
            #expect(unpaged.count == total)
            var walked: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = "/api/v1/offices?limit=5" + (cursor.map { "&cursor=" + encoded($0) } ?? "")
                let page = try await app.get(query).json(OfficePage.self)
                #expect(page.items.count <= 5)
                #expect(page.items.count == 5 || page.nextCursor == nil)
                walked += page.items.map(\.code)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 100
            #expect(walked == unpaged)
            #expect(Set(walked).count == walked.count)
            #expect(pages == (total + 4) / 5)
        }
    }

    @Test func cursorWorksWithFilters() async throws {
        try await withApp { app in
            let all = try await Self.codes(app, "service=foreigner.visa")
            let first = try await app.get("/api/v1/offices?service=foreigner.visa&limit=2").json(OfficePage.self)
            let cursor = try #require(first.nextCursor)
            let rest = try await Self.codes(app, "service=foreigner.visa&cursor=" + encoded(cursor))
            #expect(first.items.map(\.code) + rest == all)
        }
    }

    @Test func cursorFromAnotherSearchIsAFieldError() async throws {
        try await withApp { app in
            // Shanghai's offices do not include the Beijing office this cursor points after.
            let first = try await app.get("/api/v1/offices?city=110100&limit=1").json(OfficePage.self)
            let cursor = try #require(first.nextCursor)
            let res = try await app.get("/api/v1/offices?city=310100&cursor=" + encoded(cursor))
            #expect(res.status == .unprocessableEntity)
            #expect(try res.json(ProblemDocument.self).fields == ["cursor"])
        }
    }

    @Test(arguments: ["0", "101", "abc", "-1", "1.5", "99999999999999999999999"])
    func badLimitIsAFieldError(limit: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/offices?limit=\(limit)") { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.mediaType == "application/problem+json")
                let problem = try res.json(ProblemDocument.self)
                #expect(problem.type.hasSuffix("/validation-failed"))
                #expect(problem.fields == ["limit"])
            }
        }
    }

    @Test func unknownCityIsAFieldError() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/offices?city=nowhere") { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.mediaType == "application/problem+json")
                let problem = try res.json(ProblemDocument.self)
                #expect(problem.status == 422)
                #expect(problem.errors?.first?.field == "city")
                #expect(problem.errors?.first?.code == "unknown-city")
                #expect(problem.instance == "/api/v1/offices")
            }
        }
    }

    @Test(arguments: ["nonsense", "fees", "passport.renewal-online"])
    func serviceNotOfferedAtOfficesIsAFieldError(service: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/offices?service=\(service)") { res async throws in
                #expect(res.status == .unprocessableEntity)
                let problem = try res.json(ProblemDocument.self)
                #expect(problem.errors?.first?.field == "service")
                #expect(problem.errors?.first?.code == "unknown-service")
            }
        }
    }

    @Test(arguments: ["garbage!!", "Ym9ndXM", String(repeating: "A", count: 300), "not%20a%20cursor"])
    func garbageCursorIsAFieldError(cursor: String) async throws {
        try await withApp { app in
            let res = try await app.get("/api/v1/offices?cursor=\(cursor)")
            #expect(res.status == .unprocessableEntity)
            #expect(try res.json(ProblemDocument.self).fields == ["cursor"])
        }
    }

    @Test func tooLongSearchTextIsAFieldError() async throws {
        try await withApp { app in
            let res = try await app.get("/api/v1/offices?q=" + String(repeating: "x", count: 101))
            #expect(res.status == .unprocessableEntity)
            #expect(try res.json(ProblemDocument.self).fields == ["q"])
        }
    }

    @Test func everyBadFieldIsReportedAtOnce() async throws {
        try await withApp { app in
            let res = try await app.get("/api/v1/offices?city=nowhere&service=nonsense&cursor=bogus")
            #expect(res.status == .unprocessableEntity)
            #expect(Set(try res.json(ProblemDocument.self).fields) == ["city", "service", "cursor"])
        }
    }
}
