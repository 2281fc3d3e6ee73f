import Foundation
import Testing
import Vapor

@testable import CrossingServer

@Suite("Courier: settings and the sandbox in production")
struct CourierSettingsTests {
    @Test func defaultsPollAfterADayEveryHalfHour() throws {
        let config = try AppConfig.load(from: [:], isProduction: false)
        #expect(config.courier.pollAfter == 24 * 3600 && config.courier.pollInterval == 30 * 60)
        #expect(config.courier.pushSecret == nil)
    }

    @Test func configuredValuesAreRead() throws {
        let secret = Data(repeating: 7, count: 32)
        let config = try AppConfig.load(
            from: [
                "COURIER_POLL_AFTER_MINUTES": "90", "COURIER_POLL_INTERVAL_MINUTES": "5",
                "COURIER_PUSH_SECRET": secret.base64EncodedString(),
            ], isProduction: false)
        #expect(config.courier.pollAfter == 5400 && config.courier.pollInterval == 300)
        #expect(config.courier.pushSecret == secret)
    }

    @Test func badValuesAreNamedWithoutTheSecret() throws {
        let short = Data(repeating: 1, count: 16).base64EncodedString()
        do {
            _ = try AppConfig.load(
                from: [
                    "COURIER_POLL_AFTER_MINUTES": "0", "COURIER_POLL_INTERVAL_MINUTES": "abc",
                    "COURIER_PUSH_SECRET": short,
                ], isProduction: false)
            Issue.record("expected a configuration error")
        } catch let error as AppConfig.LoadError {
            #expect(
                error.problems.map(\.key) == [
                    "COURIER_POLL_AFTER_MINUTES", "COURIER_POLL_INTERVAL_MINUTES", "COURIER_PUSH_SECRET",
                ])
            #expect(!error.description.contains(short))
        }
    }

    @Test func theSandboxIsRefusedInProductionUnlessAllowed() throws {
        var config = try AppConfig.load(from: [:], isProduction: false)
        #expect(try CourierFeature.sandboxAllowed(in: .development, config: config) == .allowed)
        #expect(throws: StartupError.self) { try CourierFeature.sandboxAllowed(in: .production, config: config) }
        config.allowSandboxInProduction = true
        #expect(try CourierFeature.sandboxAllowed(in: .production, config: config) == .allowedInProduction)
    }
}
