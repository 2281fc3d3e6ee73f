import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Security headers and request IDs")
struct SecurityHeadersTests {
    /// A portal page, an API answer and a 404, which come back through different paths.
    static let paths = ["/", "/api/v1/ping", "/no-such-page", "/api/v1/offices/nope"]

    @Test(arguments: paths)
    func everyResponseCarriesTheBrowserProtections(path: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, path) { res async throws in
                let policy = try #require(res.header("Content-Security-Policy"))
                #expect(policy.contains("default-src 'self'"))
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(res.header("X-Frame-Options") == "DENY")
                #expect(res.header("X-Content-Type-Options") == "nosniff")
                #expect(res.header("Referrer-Policy") == "strict-origin-when-cross-origin")
                #expect(res.header("Strict-Transport-Security") == nil)
                #expect(res.header("Server") == nil)
            }
        }
    }

    @Test(arguments: paths)
    func hstsIsSentOnlyWhenEnabled(path: String) async throws {
        try await withApp(config: { $0.hstsEnabled = true }) { app in
            try await app.testing().test(.GET, path) { res async throws in
                let hsts = try #require(res.header("Strict-Transport-Security"))
                #expect(hsts.contains("max-age=63072000"))
            }
        }
    }

    @Test func wellFormedRequestIDIsEchoed() async throws {
        try await withApp { app in
            let id = "proxy-0123456789-ABCdef"
            try await app.testing().test(.GET, "/api/v1/ping", headers: ["X-Request-ID": id]) { res async throws in
                #expect(res.header("X-Request-ID") == id)
            }
            try await app.testing().test(.GET, "/api/v1/offices/nope", headers: ["X-Request-ID": id]) {
                res async throws in
                #expect(res.header("X-Request-ID") == id)
                #expect(try res.json(ProblemDocument.self).requestId == id)
            }
        }
    }

    @Test(arguments: [
        "abc\nforged: yes", "short", String(repeating: "a", count: 65), "has space 12345", "semi;colon;1234",
        "../../etc/passwd", "日本語のリクエストID",
    ])
    func malformedRequestIDIsReplaced(incoming: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/ping", headers: ["X-Request-ID": incoming]) {
                res async throws in
                #expect(res.status == .ok)
                let id = try #require(res.header("X-Request-ID"))
                #expect(id != incoming)
                #expect(UUID(uuidString: id) != nil)
            }
        }
    }

    @Test func everyResponseGetsARequestID() async throws {
        try await withApp { app in
            var seen = Set<String>()
            for path in Self.paths {
                let res = try await app.get(path)
                let id = try #require(res.header("X-Request-ID"))
                #expect(UUID(uuidString: id) != nil)
                seen.insert(id)
            }
            #expect(seen.count == Self.paths.count)
        }
    }
}
