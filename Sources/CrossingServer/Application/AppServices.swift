import CrossingDomain
import Foundation
import Prometheus
import Vapor

/// The composition root's output: every service a handler may use, built once in `configure`.
/// Handlers receive it through `request.services`; nothing reaches for globals.
struct AppServices: Sendable {
    var config: AppConfig
    var referenceData: ReferenceDataStore
    var metrics: PrometheusCollectorRegistry
    var metricsFactory: PrometheusMetricsFactory
    var strings: PortalStringTables
    /// Seals identity and document numbers at rest.
    var cipher: any FieldCipher
    /// Blind index for looking sealed numbers up.
    var blindIndex: any KeyedDigest
    var auditHasher: any ChainHasher
    /// Digests of one-time codes (a different key purpose from the blind index).
    var codeDigest: any KeyedDigest
    /// Digests of session and refresh tokens.
    var tokenDigest: any KeyedDigest
    /// SMS (and later WeChat/Alipay) messages. Only the sandbox exists so far.
    var notifier: any Notifier
    var faceVerifier: any FaceVerifier
    /// ES256 keys for API access tokens, cached per process.
    var signingKeys: SigningKeyStore
    /// The current time. Tests pass a fixed clock.
    var now: @Sendable () -> Date
}

private struct AppServicesKey: StorageKey {
    typealias Value = AppServices
}

extension Application {
    var services: AppServices {
        get {
            guard let services = storage[AppServicesKey.self] else {
                preconditionFailure("configure(_:config:) must run before the application is used")
            }
            return services
        }
        set { storage[AppServicesKey.self] = newValue }
    }
}

extension Application {
    /// The reference snapshot; answers 503 while the reference data has not been loaded yet.
    func referenceSnapshot() throws -> ReferenceSnapshot {
        guard let snapshot = services.referenceData.snapshot else {
            throw Problem(.serviceUnavailable, detail: "Reference data is not loaded yet. Try again shortly.")
        }
        return snapshot
    }
}

extension Request {
    var services: AppServices { application.services }

    /// The reference snapshot; answers 503 while the reference data has not been loaded yet.
    func referenceData() throws -> ReferenceSnapshot { try application.referenceSnapshot() }
}
