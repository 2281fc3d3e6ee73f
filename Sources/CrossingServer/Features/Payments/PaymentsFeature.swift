import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Vapor

/// Wires payments: the gateway's keys, the subject registry, the jobs (settle, refund, expire,
/// reconcile), the notify endpoint, the applicant's API and pages, the reconciliation back office,
/// the `payments` command and, where sandboxes are allowed, the sandbox gateway's hosted page.
enum PaymentsFeature {
    static func configure(_ app: Application) throws {
        let settings = app.services.config.payments
        let keys = try resolveKeys(app, settings: settings)
        app.storage[PaymentsRuntime.Key.self] = PaymentsRuntime(
            settings: settings, signingKey: keys.signing, verificationKey: keys.verification,
            subjects: PaymentSubjectRegistry(),
            strings: try PaymentStringTables.load(
                from: app.directory.resourcesDirectory + "Localization/"))
        app.jobs.register(PaymentSettleJob())
        app.jobs.register(PaymentRefundJob())
        app.jobs.register(PaymentCloseJob())
        app.jobs.register(PaymentReconcileJob())
        app.asyncCommands.use(PaymentsCommand(), as: "payments")
        if settings.reconcileDaily, app.environment != .testing, runsServerOrWorker(app) {
            app.lifecycle.use(DailyReconciliationScheduler())
        }
    }

    static func routes(_ app: Application) throws {
        let api = app.grouped("api", "v1")
        try api.register(collection: PaymentNotifyController())
        try api.register(collection: PaymentAPIController())
        let pages = app.grouped(AccountFailureMiddleware()).grouped(CSRFMiddleware())
        try pages.register(collection: PaymentPagesController())
        try pages.register(collection: ReconciliationPagesController())
        // The sandbox party's own pages: no CSRF (they stand for another site), absent in production
        // unless sandboxes are allowed (configure refused to start otherwise).
        try app.register(collection: SandboxPaymentPagesController())
    }

    /// `serve` (or no command) and `worker` keep the daily reconciliation going; other commands
    /// (`migrate`, `payments`, …) do not schedule anything.
    private static func runsServerOrWorker(_ app: Application) -> Bool {
        guard let command = app.environment.arguments.dropFirst().first else { return true }
        return command == "serve" || command == "worker" || command.hasPrefix("-")
    }

    /// The sandbox gateway is the only one; like the other sandboxes it is refused in production
    /// unless ALLOW_SANDBOX_IN_PRODUCTION, and then its keys must be configured and match.
    private static func resolveKeys(
        _ app: Application, settings: PaymentSettings
    ) throws -> (signing: PaymentSigningKey, verification: PaymentVerificationKey) {
        try resolveKeys(
            production: app.environment == .production,
            allowSandbox: app.services.config.allowSandboxInProduction, settings: settings,
            developmentKey: { try developmentKey(app) })
    }

    static func resolveKeys(
        production: Bool, allowSandbox: Bool, settings: PaymentSettings,
        developmentKey: () throws -> PaymentSigningKey
    ) throws -> (signing: PaymentSigningKey, verification: PaymentVerificationKey) {
        let configuredPublic = try settings.gatewayPublicKey.map { try PaymentVerificationKey(encoded: $0) }
        let configuredPrivate = try settings.sandboxPrivateKey.map { try PaymentSigningKey(encoded: $0) }
        if production {
            guard allowSandbox else {
                throw StartupError(
                    description: "Only the sandbox payment gateway exists; it is refused in production. "
                        + "Set ALLOW_SANDBOX_IN_PRODUCTION=true for staging or load tests.")
            }
            guard let configuredPublic, let configuredPrivate else {
                throw StartupError(
                    description:
                        "PAYMENT_GATEWAY_PUBLIC_KEY and PAYMENT_SANDBOX_PRIVATE_KEY are required in production.")
            }
            guard configuredPrivate.verificationKey == configuredPublic else {
                throw StartupError(
                    description: "PAYMENT_GATEWAY_PUBLIC_KEY does not match PAYMENT_SANDBOX_PRIVATE_KEY.")
            }
            return (configuredPrivate, configuredPublic)
        }
        let signing = try configuredPrivate ?? developmentKey()
        return (signing, configuredPublic ?? signing.verificationKey)
    }

    /// A random key under test; elsewhere one kept beside the SQLite file, so restarts verify alike.
    private static func developmentKey(_ app: Application) throws -> PaymentSigningKey {
        if app.environment == .testing { return .generate() }
        let folder: String
        switch app.services.config.database {
        case .sqlite(let path): folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        case .postgres: folder = "data"
        }
        let path = folder + "/dev-payment-sandbox-key.txt"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return try PaymentSigningKey(encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let key = PaymentSigningKey.generate()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        FileManager.default.createFile(
            atPath: path, contents: Data(key.encoded.utf8), attributes: [.posixPermissions: 0o600])
        return key
    }
}

/// The payments feature's long-lived parts, in app.storage.
final class PaymentsRuntime: Sendable {
    struct Key: StorageKey {
        typealias Value = PaymentsRuntime
    }

    let settings: PaymentSettings
    let signingKey: PaymentSigningKey
    let verificationKey: PaymentVerificationKey
    let subjects: PaymentSubjectRegistry
    let strings: PaymentStringTables

    init(
        settings: PaymentSettings, signingKey: PaymentSigningKey, verificationKey: PaymentVerificationKey,
        subjects: PaymentSubjectRegistry, strings: PaymentStringTables
    ) {
        self.settings = settings
        self.signingKey = signingKey
        self.verificationKey = verificationKey
        self.subjects = subjects
        self.strings = strings
    }

    /// The sandbox gateway over `database` (its books), with a clock reading of `now`.
    func sandbox(on database: any Database, now: @escaping @Sendable () -> Date) -> SandboxPaymentGateway {
        SandboxPaymentGateway(
            book: SQLSandboxPaymentBook(database: database), signingKey: signingKey, verificationKey: verificationKey,
            now: now)
    }

    func gateway(on database: any Database, now: @escaping @Sendable () -> Date) -> any PaymentGateway {
        sandbox(on: database, now: now)
    }
}

extension Application {
    var payments: PaymentsRuntime {
        guard let runtime = storage[PaymentsRuntime.Key.self] else {
            preconditionFailure("PaymentsFeature.configure must run before payments are used")
        }
        return runtime
    }

    /// Subject listeners: `app.paymentSubjects.register(type: "application", handler)`.
    var paymentSubjects: PaymentSubjectRegistry { payments.subjects }
}
