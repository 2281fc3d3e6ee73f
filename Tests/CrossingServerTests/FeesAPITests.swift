import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("API: fees")
struct FeesAPITests {
    @Test(
        arguments: [
            ("passport.ordinary", "2017-06-30", 20000, nil),
            ("passport.ordinary", "2017-07-01", 16000, "2017-07-01"),
            ("passport.ordinary", "2019-06-30", 16000, "2017-07-01"),
            ("passport.ordinary", "2019-07-01", 12000, "2019-07-01"),
            ("hkmo-permit.card", "2019-07-01", 6000, "2019-07-01"),
            ("taiwan-permit.card", "2019-12-31", 8000, "2017-07-01"),
            ("taiwan-permit.card", "2020-01-01", 6000, "2020-01-01"),
        ] as [(String, String, Int, String?)])
    func feeInForceOnTheDate(item: String, date: String, amountFen: Int, effectiveFrom: String?) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/fees/\(item)?date=\(date)") { res async throws in
                #expect(res.status == .ok)
                #expect(res.mediaType == "application/json")
                let fee = try res.json(FeeQuote.self)
                #expect(fee.item == item)
                #expect(fee.date == date)
                #expect(fee.amountFen == amountFen)
                #expect(fee.amount == String(format: "%d.%02d", amountFen / 100, amountFen % 100))
                #expect(fee.currency == "CNY")
                #expect(fee.effectiveFrom == effectiveFrom)
                #expect(!fee.basis.isEmpty)
            }
        }
    }

    @Test func itemCodesInTheTableExistInTheFile() throws {
        let codes = Set(try ReferenceFixture.fees().map(\.code))
        #expect(codes.isSuperset(of: ["passport.ordinary", "hkmo-permit.card", "taiwan-permit.card"]))
    }

    @Test func dateDefaultsToTodayOnTheFixedClock() async throws {
        try await withApp { app in
            let fee = try await app.get("/api/v1/fees/passport.ordinary").json(FeeQuote.self)
            #expect(fee.date == "2026-11-22")
            #expect(fee.amountFen == 12000)
            #expect(fee.amount == "120.00")
        }
    }

    @Test func todayIsTheDateInBeijing() async throws {
        // 2019-06-30T16:30:00Z is already 1 July 2019, 00:30, in Beijing: the new rate applies.
        try await withApp(now: Date(timeIntervalSince1970: 1_561_912_200)) { app in
            let fee = try await app.get("/api/v1/fees/passport.ordinary").json(FeeQuote.self)
            #expect(fee.date == "2019-07-01")
            #expect(fee.amountFen == 12000)
        }
    }

    @Test(arguments: ["2019-13-45", "2019-02-29", "yesterday", "20190701", "2019-7-1"])
    func badDateIsAFieldError(date: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/fees/passport.ordinary?date=\(date)") { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.mediaType == "application/problem+json")
                let problem = try res.json(ProblemDocument.self)
                #expect(problem.fields == ["date"])
                #expect(problem.errors?.first?.code == "invalid-date")
            }
        }
    }

    @Test func unknownItemIsNotFound() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/fees/passport.gold?date=2020-01-01") { res async throws in
                #expect(res.status == .notFound)
                #expect(res.mediaType == "application/problem+json")
                #expect(try res.json(ProblemDocument.self).type.hasSuffix("/not-found"))
            }
        }
    }

    @Test func listGivesEveryItemOnTheDate() async throws {
        let items = try ReferenceFixture.fees()
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/fees?date=2019-07-01") { res async throws in
                #expect(res.status == .ok)
                let list = try res.json(FeeList.self)
                #expect(list.date == "2019-07-01")
                #expect(list.items.map(\.code) == items.map(\.code))
                let passport = try #require(list.items.first { $0.code == "passport.ordinary" })
                #expect(passport.amountFen == 12000)
                #expect(passport.effectiveFrom == "2019-07-01")
                #expect(passport.unit.zh == "本")
                #expect(list.items.allSatisfy { $0.currency == "CNY" })
            }
        }
    }

    @Test func listDefaultsToToday() async throws {
        try await withApp { app in
            let list = try await app.get("/api/v1/fees").json(FeeList.self)
            #expect(list.date == "2026-11-22")
            #expect(!list.items.isEmpty)
        }
    }

    @Test func listRejectsABadDate() async throws {
        try await withApp { app in
            let res = try await app.get("/api/v1/fees?date=2019-13-45")
            #expect(res.status == .unprocessableEntity)
            #expect(try res.json(ProblemDocument.self).fields == ["date"])
        }
    }
}
