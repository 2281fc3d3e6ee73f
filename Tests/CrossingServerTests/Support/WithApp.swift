import Fluent
import Foundation
import Vapor
import VaporTesting

@testable import CrossingServer

/// What every test shares unless it says otherwise.
enum TestDefaults {
    /// 2026-11-22T04:00:00Z, which is noon on 22 November 2026 in Beijing.
    static let now = Date(timeIntervalSince1970: 1_795_320_000)
    static let referenceDataDirectory = "Resources/ReferenceData"

    /// PostgreSQL when the environment names one (scripts/with-postgres.sh), else a SQLite file per test.
    static var databaseURL: String? {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else { return nil }
        return url
    }
}

/// Runs `body` against a fully configured and booted application: migrated, reference data loaded,
/// fixed clock. Each test gets its own SQLite file, so tests run in parallel; on PostgreSQL every test
/// starts from an empty schema (run those with `--no-parallel`). The app is always shut down and the
/// file removed, also when `body` throws.
func withApp(
    config tweak: (inout AppConfig) -> Void = { _ in },
    now: Date = TestDefaults.now,
    _ body: (Application) async throws -> Void
) async throws {
    let sqlitePath = FileManager.default.temporaryDirectory
        .appendingPathComponent("crossing-test-\(UUID().uuidString).sqlite").path
    let databaseURL = TestDefaults.databaseURL
    var config = AppConfig(
        database: databaseURL.map { .postgres(url: $0) } ?? .sqlite(path: sqlitePath),
        autoMigrate: true,
        autoLoadReferenceData: true,
        referenceDataDirectory: TestDefaults.referenceDataDirectory,
        referenceDataRefreshSeconds: 3600,
        maxBodyBytes: 1 << 20,
        hstsEnabled: false,
        serviceTimeZone: TimeZone(identifier: "Asia/Shanghai") ?? .current)
    config.passwordHashCost = 4
    tweak(&config)

    // Pin the command line so StartupTasks sees `serve` whatever arguments the test runner got.
    var environment = Environment.testing
    environment.arguments = ["crossing"]
    let app = try await Application.make(environment)
    app.logger.logLevel = .warning
    defer { removeSQLiteFiles(at: sqlitePath) }
    do {
        try await configure(app, config: config, now: { now })
        if databaseURL != nil {
            try await app.autoRevert()
        }
        try await app.asyncBoot()
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// Same signature as VaporTesting's `withApp(_:)`, so that this module's declaration shadows it: a
/// single-expression test body would otherwise pick VaporTesting's unconfigured application.
@discardableResult
func withApp<T>(_ body: (Application) async throws -> T) async throws -> T {
    var result: T?
    try await withApp(config: { _ in }, now: TestDefaults.now) { app in
        result = try await body(app)
    }
    guard let result else { throw Abort(.internalServerError, reason: "withApp body produced no result") }
    return result
}

private func removeSQLiteFiles(at path: String) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        try? FileManager.default.removeItem(atPath: path + suffix)
    }
}
