import CrossingDomain
import CrossingIntegrations
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Leaf
import Prometheus
import Vapor

/// The composition root: builds every service from the configuration and wires routes, middleware,
/// database, migrations and commands. `crossing` and the tests both call this, so they run the same app.
public func configure(
    _ app: Application, config: AppConfig, now: @escaping @Sendable () -> Date = { SystemClock().now() }
) async throws {
    // First: the database (and, for SQLite, the app's own thread pool) must be chosen before anything
    // touches `app.databases`, which captures the thread pool of the moment for good. A service made
    // earlier that reads it would leave every SQLite call on the process-wide 2-thread pool, where
    // writers waiting in SQLite's busy handler starve the lock holder (a whole-suite deadlock).
    try configureDatabase(app, config: config)
    let registry = PrometheusCollectorRegistry()
    let strings = try PortalStringTables.load(from: app.directory.resourcesDirectory + "Localization/")
    let secrets = try resolveSecrets(app, config: config)
    app.services = AppServices(
        config: config, referenceData: ReferenceDataStore(), metrics: registry,
        metricsFactory: PrometheusMetricsFactory(registry: registry), strings: strings,
        cipher: try AESGCMFieldCipher(keyring: secrets.fieldKeyring, currentKeyID: secrets.currentFieldKeyID),
        blindIndex: try HMACKeyedDigest(key: secrets.blindIndexKey, purpose: "identity-number"),
        auditHasher: SHA256ChainHasher(),
        codeDigest: try HMACKeyedDigest(key: secrets.blindIndexKey, purpose: "one-time-code"),
        tokenDigest: try HMACKeyedDigest(key: secrets.blindIndexKey, purpose: "session-token"),
        notifier: try sandboxProvider(SandboxSMSNotifier(now: now), app, config),
        faceVerifier: try sandboxProvider(
            SandboxFaceVerifier(
                referencePhotos: [:],
                // In the database, not this process: a challenge started on one instance is answered on any.
                challenges: DatabaseLivenessChallengeStore(
                    application: app, digest: try HMACKeyedDigest(key: secrets.blindIndexKey, purpose: "face-nonce"))),
            app, config),
        signingKeys: SigningKeyStore(), now: now)

    app.storage[PasswordHashing.Key.self] = PasswordHashing(threads: System.coreCount)
    app.lifecycle.use(PasswordHashing.Lifecycle())
    app.migrations.add(Migrations.all)

    app.views.use(.leaf)
    app.storage[PortalReadyKey.self] = true
    app.routes.defaultMaxBodySize = ByteCount(value: config.maxBodyBytes)
    app.http.server.configuration.serverName = nil
    app.http.server.configuration.responseCompression = .disabled

    // Outermost first. Errors become problems inside metrics and logging, so both see the real status.
    app.middleware = Middlewares()
    app.middleware.use(RequestIDMiddleware())
    app.middleware.use(SecurityHeadersMiddleware(hstsEnabled: config.hstsEnabled))
    app.middleware.use(ObservabilityMiddleware(metrics: RequestMetrics(factory: app.services.metricsFactory)))
    app.middleware.use(LanguageMiddleware())
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(BearerAuthenticator())
    OutboxFeature.configure(app, runsServer: runsServer(app))
    // Features: one line each, after the outbox (they register job handlers).
    try AppointmentFeature.configure(app)
    try AccountFeature.configure(app)
    StaffFeature.configure(app)
    try CourierFeature.configure(app)
    try PaymentsFeature.configure(app)
    try NotificationsFeature.configure(app)
    try RenewalFeature.configure(app)

    try routes(app)

    app.asyncCommands.use(ReferenceDataCommand(), as: "reference-data")
    app.asyncCommands.use(RegistryCommand(), as: "registry")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(KeysCommand(), as: "keys")
    app.asyncCommands.use(AccountsCommand(), as: "accounts")
    app.lifecycle.use(StartupTasks(config: config, runsServer: runsServer(app)))
}

func routes(_ app: Application) throws {
    try app.register(collection: OperationsController())
    try app.register(collection: PortalController())
    let api = app.grouped("api", "v1")
    let document =
        (try? String(contentsOfFile: app.directory.workingDirectory + "docs/openapi.yaml", encoding: .utf8)) ?? ""
    try api.register(collection: OpenAPIController(document: document))
    try api.register(collection: DirectoryAPIController())
    try api.register(collection: FeesAPIController())
    try api.register(collection: CalendarAPIController())
    try api.register(collection: DocumentNumbersAPIController())
    try api.register(collection: FaceVerificationController())
    try api.register(collection: DependentsController())
    try api.register(collection: HelpersController())
    try api.register(collection: TimelineController())
    try app.register(collection: TokenController())
    // Features: one line each.
    try AppointmentFeature.routes(app)
    try OutboxFeature.routes(app)
    try AccountFeature.routes(app)
    try StaffFeature.routes(app)
    try CourierFeature.routes(app)
    try PaymentsFeature.routes(app)
    try NotificationsFeature.routes(app)
    try RenewalFeature.routes(app)
}

private func configureDatabase(_ app: Application, config: AppConfig) throws {
    switch config.database {
    case .postgres(let url):
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = nil
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 4), as: .psql)
    case .sqlite(let path):
        // SQLite calls block a thread-pool thread, and so does its busy handler while a writer waits
        // for the write lock (bcrypt has a pool of its own, PasswordHashing). Vapor's default is the process-wide pool of one
        // thread per core, where waiting writers can take every thread and starve the lock holder.
        // A pool of the app's own, with room for waiters, avoids that.
        app.threadPool = NIOThreadPool(numberOfThreads: max(4, System.coreCount * 2))
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // One connection: SQLite serialises writers anyway, and one connection keeps its
        // busy-handling simple. WAL lets readers proceed during a write.
        // Requests queue for it; a burst (many writers on one file) waits up to 30 s rather than failing.
        app.databases.use(
            .sqlite(.file(path), maxConnectionsPerEventLoop: 1, connectionPoolTimeout: .seconds(30)), as: .sqlite)
    }
}

/// Configured keys, or development keys kept beside the SQLite file (random ones when testing).
/// AppConfig already refused to load in production without configured keys.
private func resolveSecrets(_ app: Application, config: AppConfig) throws -> SecretKeys {
    if let secrets = config.secrets { return secrets }
    if app.environment == .testing { return .random() }
    let folder: String
    switch config.database {
    case .sqlite(let path): folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    case .postgres: folder = "data"
    }
    app.logger.warning("using development keys for personal data; configure them for production")
    return try SecretKeys.development(at: folder + "/dev-secrets.json")
}

/// Sandbox providers are refused in production unless explicitly allowed (staging, load tests).
private func sandboxProvider<Provider>(
    _ provider: Provider, _ app: Application, _ config: AppConfig
) throws
    -> Provider
{
    if app.environment == .production {
        guard config.allowSandboxInProduction else {
            throw StartupError(
                description: "Only sandbox SMS and face-verification providers exist; they are refused in production. "
                    + "Set ALLOW_SANDBOX_IN_PRODUCTION=true for staging or load tests.")
        }
        app.logger.critical("sandbox providers are active in production: no real messages or checks happen")
    }
    return provider
}

/// True when the command being run is `serve` (or none, which means serve).
private func runsServer(_ app: Application) -> Bool {
    let arguments = app.environment.arguments.dropFirst()
    return arguments.first.map { $0 == "serve" || $0.hasPrefix("-") } ?? true
}

/// What happens before the server accepts traffic: migrations and the first reference-data load where
/// configured, then loading the snapshot and keeping it fresh while the server runs.
struct StartupTasks: LifecycleHandler {
    var config: AppConfig
    var runsServer: Bool

    func willBootAsync(_ app: Application) async throws {
        guard runsServer else { return }
        if config.autoMigrate {
            try await app.autoMigrate()
        }
        if config.autoLoadReferenceData, try await ReferenceDataReader(database: app.db).stamps().isEmpty {
            let outcomes = try await ReferenceDataImporter(directory: config.referenceDataDirectory).load(into: app.db)
            app.logger.info("reference data loaded", metadata: ["datasets": .stringConvertible(outcomes.count)])
        }
        if app.environment == .development, config.autoLoadReferenceData {
            let lines = try await DemoAccounts.seed(app)
            let message =
                "Demo accounts (development only; sign in at /account/sign-in):\n" + lines.joined(separator: "\n")
            app.logger.notice("\(message)")
        }
        do {
            try await app.services.referenceData.refresh(from: app.db)
        } catch {
            app.logger.warning("reference data could not be read; /readyz will report it")
        }
        let refresher = ReferenceDataRefresher(app: app, interval: .seconds(config.referenceDataRefreshSeconds))
        app.storage[ReferenceDataRefresher.Key.self] = refresher
        refresher.start()
    }

    func shutdownAsync(_ app: Application) async {
        app.storage[ReferenceDataRefresher.Key.self]?.stop()
    }
}
