import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// Fields the API documents as `string|null` are always present, written as null when empty, and a
/// parameter that is present but empty is an error, not "use the default".
@Suite("API: explicit nulls and empty parameters")
struct NullFieldsTests {
    static func object(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test func lastPageOfOfficesHasANullCursor() async throws {
        try await withApp { app in
            let body = try Self.object(try await app.get("/api/v1/offices?limit=100"))
            #expect(body.keys.contains("nextCursor"))
            #expect(body["nextCursor"] is NSNull)
        }
    }

    @Test func aRateWithAnUnknownStartHasANullEffectiveFrom() async throws {
        try await withApp { app in
            let body = try Self.object(try await app.get("/api/v1/fees/passport.ordinary?date=2017-06-30"))
            #expect(body["effectiveFrom"] is NSNull)
            #expect(body["amountFen"] as? Int == 20_000)
        }
    }

    @Test func noPilotCityIsANullCity() async throws {
        try await withApp { app in
            let body = try Self.object(try await app.get("/api/v1/eligibility/pilot-city?addressCode=620102"))
            #expect(body.keys.contains("city"))
            #expect(body["city"] is NSNull)
        }
    }

    @Test(arguments: [
        "/api/v1/fees?date=", "/api/v1/fees/passport.ordinary?date=", "/api/v1/pilot-cities?date=",
        "/api/v1/working-days?from=&add=3", "/api/v1/offices?limit=",
    ])
    func presentButEmptyParameterIsAFieldError(path: String) async throws {
        try await withApp { app in
            let response = try await app.get(path)
            #expect(response.status == .unprocessableEntity)
        }
    }

    @Test func theFeeFormTreatsAnEmptyDateAsToday() async throws {
        try await withApp { app in
            let response = try await app.get("/fees?date=&lang=en")
            #expect(response.status == .ok)
            #expect(response.text.contains("¥120.00"))
        }
    }
}
