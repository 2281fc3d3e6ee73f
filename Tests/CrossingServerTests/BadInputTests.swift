import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// One request a careless client, a fuzzer or an attacker might send.
struct NonsenseRequest: Sendable, CustomTestStringConvertible {
    var method: HTTPMethod
    var path: String
    var headers: [String: String] = [:]
    var body: String?

    var testDescription: String {
        let shown = path.count > 80 ? String(path.prefix(80)) + "…(\(path.count) chars)" : path
        return "\(method.rawValue) \(shown)" + (headers.isEmpty ? "" : " +headers")
    }

    static func get(_ path: String, headers: [String: String] = [:]) -> NonsenseRequest {
        NonsenseRequest(method: .GET, path: path, headers: headers)
    }
}

@Suite("Bad input never answers 500")
struct BadInputTests {
    static let long = String(repeating: "x", count: 8_000)
    static let hugeAcceptLanguage = Array(repeating: "en-GB;q=0.5", count: 2_000).joined(separator: ",")

    static let requests: [NonsenseRequest] = [
        .get("/offices?city=" + long),
        .get("/api/v1/offices?q=" + long),
        .get("/api/v1/offices?city=%00&service=%00"),
        .get("/offices?city=%00"),
        .get("/api/v1/offices?cursor=%FF%FE"),
        .get("/fees?date=%F0%9F%98%80"),
        .get("/api/v1/offices?q=" + encoded("🛂✈️ 出入境 ∑")),
        .get("/api/v1/offices?limit=-5"),
        .get("/api/v1/working-days?from=2025-09-30&add=-3"),
        .get("/api/v1/holidays?year=-2025"),
        .get("/api/v1/offices?city[]=x&city[]=y"),
        .get("/offices?city[]=x"),
        .get("/api/v1/offices?limit=5&limit=7&limit=abc"),
        .get("/api/v1/fees/passport.ordinary?date=2020-01-01&date=bad"),
        .get("/offices/..%2F..%2Fetc"),
        .get("/offices/..%2F..%2F..%2Fetc%2Fpasswd"),
        .get("/api/v1/guides/..%2F..%2FPackage.swift"),
        .get("/api/v1/fees/%00"),
        .get("/guides/" + String(repeating: "a", count: 4_000)),
        .get("/api/v1/working-days?from=9999-12-31&add=365"),
        .get("/api/v1/working-days?from=0001-01-01&add=365"),
        .get("/api/v1/fees?date=0001-01-01"),
        .get("/api/v1/pilot-cities?date=9999-12-31"),
        .get("/api/v1/eligibility/pilot-city?city=999999&date=1900-01-01"),
        .get("/api/v1/eligibility/pilot-city?addressCode=%00%00%00%00%00%00"),
        .get("/?lang=" + long),
        .get("/", headers: ["Accept-Language": hugeAcceptLanguage]),
        .get("/api/v1/offices", headers: ["Accept-Language": "en;q=abc, zh;q=-1, ;;;,,,"]),
        .get("/", headers: ["Cookie": "lang=" + long]),
        .get("/no-such-page", headers: ["Accept": "application/json"]),
        NonsenseRequest(method: .HEAD, path: "/api/v1/offices"),
        NonsenseRequest(method: .HEAD, path: "/offices"),
        NonsenseRequest(method: .POST, path: "/api/v1/offices", body: "{}"),
        NonsenseRequest(method: .DELETE, path: "/api/v1/offices/bj-dongcheng"),
        NonsenseRequest(method: .PUT, path: "/fees", body: "date=2020-01-01"),
        NonsenseRequest(method: .DELETE, path: "/"),
        NonsenseRequest(
            method: .POST, path: "/api/v1/document-numbers/validate", headers: ["Content-Type": "application/json"],
            body: "[]"),
        NonsenseRequest(
            method: .POST, path: "/api/v1/document-numbers/validate", headers: ["Content-Type": "application/json"],
            body: "null"),
        NonsenseRequest(
            method: .POST, path: "/api/v1/document-numbers/validate", headers: ["Content-Type": "application/json"],
            body: #"{"type":"mrz-td3","value":"\#(String(repeating: "<", count: 1_999))"}"#),
        NonsenseRequest(
            method: .POST, path: "/api/v1/document-numbers/validate", headers: ["Content-Type": "application/json"],
            body: #"{"type":"resident-id","value":"\u0000\u202e11010519491231002X"}"#),
        NonsenseRequest(method: .POST, path: "/api/v1/document-numbers/validate"),
    ]

    @Test(arguments: requests)
    func answersWithoutAServerError(request: NonsenseRequest) async throws {
        try await withApp { app in
            var headers = HTTPHeaders()
            for (name, value) in request.headers { headers.add(name: name, value: value) }
            let res = try await app.send(request.method, request.path, headers: headers, body: request.body)
            #expect(
                res.status.code < 500, "\(request.testDescription) answered \(res.status.code): \(res.text.prefix(300))"
            )
            #expect(res.header("X-Request-ID") != nil)
            if request.path.hasPrefix("/api/") && request.method != .HEAD && res.status.code >= 400 {
                #expect(res.mediaType == "application/problem+json")
            }
        }
    }
}
