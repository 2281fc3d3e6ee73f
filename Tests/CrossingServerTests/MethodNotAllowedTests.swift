import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Wrong method on a known path")
struct MethodNotAllowedTests {
    @Test(arguments: [
        (HTTPMethod.POST, "/api/v1/offices"), (.DELETE, "/api/v1/offices/bj-dongcheng"), (.PUT, "/api/v1/fees"),
        (.PATCH, "/api/v1/guides/passport.first"),
    ])
    func apiAnswers405WithAllow(method: HTTPMethod, path: String) async throws {
        try await withApp { app in
            try await app.testing().test(method, path) { res async throws in
                #expect(res.status == .methodNotAllowed)
                #expect(res.header("Allow") == "GET, HEAD")
                #expect(res.mediaType == "application/problem+json")
                let problem = try res.json(ProblemDocument.self)
                #expect(problem.type == "https://crossing.example/problems/method-not-allowed")
                #expect(problem.status == 405)
            }
        }
    }

    @Test(arguments: [("/api/v1/renewals/eligibility", "POST"), ("/api/v1/renewals/uploads", "POST")])
    func aWordSpelledOutByARouteIsNotTakenForAParameter(path: String, allow: String) async throws {
        try await withApp { app in
            let res = try await app.send(.OPTIONS, path)
            #expect(res.status == .methodNotAllowed)
            #expect(res.header("Allow") == allow)
        }
    }

    @Test func portalAnswers405AsAPage() async throws {
        try await withApp { app in
            try await app.testing().test(.POST, "/offices", headers: ["Accept-Language": "en"]) { res async throws in
                #expect(res.status == .methodNotAllowed)
                #expect(res.header("Allow") == "GET, HEAD")
                #expect(res.mediaType == "text/html")
                #expect(res.text.contains("Method not allowed"))
            }
        }
    }

    @Test func unknownPathIsStillNotFound() async throws {
        try await withApp { app in
            let res = try await app.send(.POST, "/api/v1/nothing-here")
            #expect(res.status == .notFound)
        }
    }

    @Test func headOnAGetRouteAnswersWithoutABody() async throws {
        try await withApp { app in
            // In memory a HEAD response keeps its body; the HTTP server is what drops it, so use a socket.
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            try await tester.test(.HEAD, "/api/v1/ping") { res async throws in
                #expect(res.status == .ok)
                #expect(res.mediaType == "application/json")
                #expect(res.body.readableBytes == 0)
            }
        }
    }
}
