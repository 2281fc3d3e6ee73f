import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Operations endpoints")
struct OperationsTests {
    @Test func runsOnTheDatabaseTheEnvironmentNames() async throws {
        try await withApp { app in
            let expected: Set<DatabaseID> = [DatabaseID(string: TestDefaults.databaseURL == nil ? "sqlite" : "psql")]
            #expect(app.databases.ids() == expected)
        }
    }

    @Test func healthzAnswersOK() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/healthz") { res async throws in
                #expect(res.status == .ok)
                #expect(res.mediaType == "application/json")
                #expect(try res.json(StatusDocument.self).status == "ok")
            }
        }
    }

    @Test func readyzIsReadyOnceMigratedAndLoaded() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/readyz") { res async throws in
                #expect(res.status == .ok)
                let body = try res.json(ReadyDocument.self)
                #expect(body.status == "ready")
                #expect(body.database == "ok")
                #expect(body.migrations == "current")
            }
        }
    }

    @Test func readyzIsUnavailableWithoutReferenceData() async throws {
        try await withApp(config: { $0.autoLoadReferenceData = false }) { app in
            try await app.testing().test(.GET, "/readyz") { res async throws in
                #expect(res.status == .serviceUnavailable)
                #expect(res.mediaType == "application/problem+json")
                let problem = try res.json(ProblemDocument.self)
                #expect(problem.type.hasSuffix("/service-unavailable"))
                #expect(problem.status == 503)
            }
            // The API says so too instead of failing.
            try await app.testing().test(.GET, "/api/v1/offices") { res async throws in
                #expect(res.status == .serviceUnavailable)
                #expect(res.mediaType == "application/problem+json")
            }
        }
    }

    @Test func readyzIsUnavailableBeforeMigrations() async throws {
        try await withApp(config: {
            $0.autoMigrate = false
            $0.autoLoadReferenceData = false
        }) { app in
            try await app.testing().test(.GET, "/readyz") { res async throws in
                #expect(res.status == .serviceUnavailable)
                #expect(res.mediaType == "application/problem+json")
            }
        }
    }

    @Test func metricsCountRequestsByRoutePattern() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/ping") { res async throws in
                #expect(res.status == .ok)
                #expect(try res.json(StatusDocument.self).status == "ok")
            }
            try await app.testing().test(.GET, "/api/v1/offices/bj-dongcheng")
            try await app.testing().test(.GET, "/metrics") { res async throws in
                #expect(res.status == .ok)
                #expect(res.mediaType == "text/plain")
                let lines = res.text.split(separator: "\n")
                let ping = lines.filter {
                    $0.hasPrefix("http_requests_total{") && $0.contains(#"route="/api/v1/ping""#)
                }
                #expect(ping.count == 1)
                #expect(ping.first?.contains(#"status="200""#) == true)
                #expect(ping.first?.hasSuffix(" 1") == true)
                // The pattern, never the office code, is the label.
                #expect(res.text.contains(#"route="/api/v1/offices/:code""#))
                #expect(!res.text.contains("bj-dongcheng"))
                #expect(res.text.contains("http_request_duration_seconds"))
            }
        }
    }
}
