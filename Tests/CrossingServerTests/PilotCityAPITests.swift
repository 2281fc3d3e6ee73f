import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("API: pilot cities and eligibility")
struct PilotCityAPITests {
    @Test func pilotCityListSaysItIsIncomplete() async throws {
        let cities = try ReferenceFixture.pilotCities()
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/pilot-cities") { res async throws in
                #expect(res.status == .ok)
                let list = try res.json(PilotCityList.self)
                #expect(!list.complete)
                #expect(list.date == "2026-11-22")
                #expect(!list.note.en.isEmpty)
                #expect(Set(list.items.map(\.code)) == Set(cities.map(\.code)))
                #expect(list.items.allSatisfy { $0.live }, "every listed city was live by November 2026")
            }
            let early = try await app.get("/api/v1/pilot-cities?date=2025-11-21").json(PilotCityList.self)
            #expect(early.items.first { $0.code == "450100" }?.live == false)
            #expect(early.items.first { $0.code == "110100" }?.live == true)
        }
    }

    @Test(arguments: [
        ("city=110100&date=2024-05-05", false, "not-yet-live", "110100"),
        ("city=110100&date=2024-05-06", true, "eligible", "110100"),
        ("city=" + encoded("北京") + "&date=2024-05-06", true, "eligible", "110100"),
        ("city=Beijing&date=2024-05-06", true, "eligible", "110100"),
        ("addressCode=110105&date=2024-05-06", true, "eligible", "110100"),
        ("addressCode=450102&date=2025-11-21", false, "not-yet-live", "450100"),
        ("addressCode=450102&date=2025-11-26", true, "eligible", "450100"),
    ])
    func eligibilityOfAPilotCity(query: String, eligible: Bool, reason: String, city: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/eligibility/pilot-city?" + query) { res async throws in
                #expect(res.status == .ok)
                let answer = try res.json(Eligibility.self)
                #expect(answer.eligible == eligible)
                #expect(answer.reason == reason)
                #expect(answer.city?.code == city)
                #expect(!answer.listComplete)
                #expect(!answer.message.zh.isEmpty && !answer.message.en.isEmpty)
            }
        }
    }

    @Test func nanningGoesLiveOn26November2025() async throws {
        try await withApp { app in
            let answer = try await app.get("/api/v1/eligibility/pilot-city?addressCode=450102&date=2025-11-21")
                .json(Eligibility.self)
            #expect(answer.city?.goLiveDate == "2025-11-26")
            #expect(answer.city?.name.en == "Nanning")
            #expect(answer.date == "2025-11-21")
        }
    }

    @Test func cityMissingFromTheListIsNotAPilotCityButTheListIsIncomplete() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/eligibility/pilot-city?addressCode=620102") {
                res async throws in
                #expect(res.status == .ok)
                let answer = try res.json(Eligibility.self)
                #expect(!answer.eligible)
                #expect(answer.reason == "not-a-pilot-city")
                #expect(answer.city == nil)
                #expect(!answer.listComplete)
                #expect(answer.date == "2026-11-22")
            }
        }
    }

    @Test(arguments: [
        ("city=110100&addressCode=110105", "city"),
        ("", "city"),
        ("addressCode=991234", "addressCode"),
        ("addressCode=11010", "addressCode"),
        ("addressCode=abcdef", "addressCode"),
        ("city=nowhere", "city"),
        ("city=110100&date=2024-02-30", "date"),
    ])
    func badEligibilityQueriesAreFieldErrors(query: String, field: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/eligibility/pilot-city?" + query) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.mediaType == "application/problem+json")
                #expect(try res.json(ProblemDocument.self).fields.contains(field))
            }
        }
    }
}
