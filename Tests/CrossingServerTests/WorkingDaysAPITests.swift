import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("API: holidays and working days")
struct WorkingDaysAPITests {
    @Test(arguments: [2025, 2026])
    func holidayYearHas248WorkingDays(year: Int) async throws {
        let file = try #require(try ReferenceFixture.holidayYears().first { $0.year == year })
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/holidays?year=\(year)") { res async throws in
                #expect(res.status == .ok)
                let body = try res.json(HolidayYear.self)
                #expect(body.year == year)
                #expect(body.workingDays == 248)
                #expect(body.holidays.map(\.name.zh) == file.holidays.map(\.nameZh))
            }
        }
    }

    @Test func springFestival2026WithItsMakeUpDays() async throws {
        try await withApp { app in
            let body = try await app.get("/api/v1/holidays?year=2026").json(HolidayYear.self)
            let spring = try #require(body.holidays.first { $0.name.en == "Spring Festival" })
            #expect(spring.from == "2026-02-15")
            #expect(spring.to == "2026-02-23")
            #expect(spring.makeUpWorkdays == ["2026-02-14", "2026-02-28"])
        }
    }

    @Test func yearDefaultsToThisYear() async throws {
        try await withApp { app in
            let body = try await app.get("/api/v1/holidays").json(HolidayYear.self)
            #expect(body.year == 2026)
        }
    }

    @Test(arguments: [2031, 2024])
    func yearWithoutACalendarIsNotFound(year: Int) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/holidays?year=\(year)") { res async throws in
                #expect(res.status == .notFound)
                #expect(res.mediaType == "application/problem+json")
            }
        }
    }

    @Test(arguments: ["abc", "1800", "20266"])
    func badYearIsAFieldError(year: String) async throws {
        try await withApp { app in
            let res = try await app.get("/api/v1/holidays?year=\(year)")
            #expect(res.status == .unprocessableEntity)
            #expect(try res.json(ProblemDocument.self).fields == ["year"])
        }
    }

    @Test(arguments: [
        ("2025-09-30", 3, "2025-10-11"),
        ("2025-09-30", 7, "2025-10-16"),
        ("2026-02-12", 3, "2026-02-24"),
        ("2026-02-12", 7, "2026-02-28"),
    ])
    func addingWorkingDaysSkipsHolidaysAndCountsMakeUpDays(from: String, add: Int, result: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/working-days?from=\(from)&add=\(add)") { res async throws in
                #expect(res.status == .ok)
                let answer = try res.json(WorkingDaysAnswer.self)
                #expect(answer.from == from)
                #expect(answer.add == add)
                #expect(answer.result == result)
                #expect(answer.covered)
            }
        }
    }

    @Test func resultOutsideTheKnownYearsIsMarkedUncovered() async throws {
        try await withApp { app in
            let answer = try await app.get("/api/v1/working-days?from=2026-12-20&add=30").json(WorkingDaysAnswer.self)
            #expect(!answer.covered)
        }
    }

    @Test(arguments: ["add=0", "add=400", "add=abc", "add=-1", ""])
    func badAddIsAFieldError(query: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/working-days?from=2025-09-30&" + query) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.mediaType == "application/problem+json")
                #expect(try res.json(ProblemDocument.self).fields == ["add"])
            }
        }
    }

    @Test func badFromIsAFieldError() async throws {
        try await withApp { app in
            let res = try await app.get("/api/v1/working-days?from=2025-02-30&add=3")
            #expect(res.status == .unprocessableEntity)
            #expect(try res.json(ProblemDocument.self).fields == ["from"])
        }
    }
}
