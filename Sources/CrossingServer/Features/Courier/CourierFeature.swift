import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Vapor

/// Paths the courier feature answers.
enum CourierPaths {
    /// Where the carrier pushes tracking snapshots.
    static let push = "/api/v1/courier/ems/push"
}

/// How the courier is reached: the push signature and the gateway. Only the sandbox EMS exists;
/// tests may replace `makeGateway` with a fake.
struct CourierRuntime: Sendable {
    /// The push secret; see `CourierSettings.pushSecret`.
    var pushSecret: Data
    /// The carrier as seen at `now` (jobs pass their round's time, requests the clock's).
    var makeGateway: @Sendable (_ app: Application, _ now: Date) throws -> any CourierGateway = { app, now in
        SandboxEMSGateway(database: app.db, now: now, signature: try app.courier.signature())
    }

    func signature() throws -> EMSPushSignature { try EMSPushSignature(secret: pushSecret) }
}

private struct CourierRuntimeKey: StorageKey {
    typealias Value = CourierRuntime
}

extension Application {
    var courier: CourierRuntime {
        get {
            guard let runtime = storage[CourierRuntimeKey.self] else {
                preconditionFailure("CourierFeature.configure must run before the courier is used")
            }
            return runtime
        }
        set { storage[CourierRuntimeKey.self] = newValue }
    }

    func courierGateway(now: Date) throws -> any CourierGateway { try courier.makeGateway(self, now) }
}

/// Wires the courier: the gateway (the sandbox EMS, refused in production unless
/// ALLOW_SANDBOX_IN_PRODUCTION), its jobs, the polling schedule, the push webhook, the applicant's
/// shipment API and the `courier` command.
enum CourierFeature {
    static func configure(_ app: Application) throws {
        let config = app.services.config
        if try sandboxAllowed(in: app.environment, config: config) == .allowedInProduction {
            app.logger.critical("the sandbox EMS courier is active in production: no parcel is really sent")
        }
        // Without a configured secret the sandbox and our endpoint share one derived from the
        // blind-index key: stable across processes of one deployment, unknown outside it.
        let secret =
            config.courier.pushSecret ?? Data(app.services.blindIndex.digest("courier-push-secret:v1").utf8)
        app.courier = CourierRuntime(pushSecret: secret)
        app.installShipmentListeners()
        app.jobs.register(CreateWaybillJob())
        app.jobs.register(CancelWaybillJob())
        app.jobs.register(PollStaleShipmentsJob())
        app.jobs.register(SandboxCourierEmitter())
        app.asyncCommands.use(CourierCommand(), as: "courier")
        app.lifecycle.use(CourierPollingStart())
    }

    enum SandboxPermission: Equatable {
        case allowed
        case allowedInProduction
    }

    /// Only the sandbox EMS exists: production refuses it unless ALLOW_SANDBOX_IN_PRODUCTION
    /// (staging, load tests).
    static func sandboxAllowed(in environment: Environment, config: AppConfig) throws -> SandboxPermission {
        guard environment == .production else { return .allowed }
        guard config.allowSandboxInProduction else {
            throw StartupError(
                description: "Only the sandbox EMS courier exists; it is refused in production. "
                    + "Set ALLOW_SANDBOX_IN_PRODUCTION=true for staging or load tests.")
        }
        return .allowedInProduction
    }

    static func routes(_ app: Application) throws {
        let api = app.grouped("api", "v1")
        try api.register(collection: CourierPushController())
        try api.register(collection: ShipmentsController())
    }
}

/// Makes sure the polling chain exists once a server or worker starts (a dedupe key per period, so
/// every instance may try).
struct CourierPollingStart: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        let command = app.environment.arguments.dropFirst().first
        guard command.map({ $0 == "serve" || $0 == "worker" || $0.hasPrefix("-") }) ?? true else { return }
        do {
            try await PollStaleShipmentsJob.schedule(
                after: nil, on: app.db, now: app.services.now(), settings: app.services.config.courier)
        } catch {
            app.logger.warning("the courier polling job could not be scheduled", metadata: ["error": "\(error)"])
        }
    }
}
