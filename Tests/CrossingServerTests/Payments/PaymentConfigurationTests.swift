import CrossingIntegrations
import Foundation
import Testing

@testable import CrossingServer

@Suite("Payments: configuration")
struct PaymentConfigurationTests {
    static func settings(public: String? = nil, private key: String? = nil) -> PaymentSettings {
        var settings = PaymentSettings()
        settings.gatewayPublicKey = `public`
        settings.sandboxPrivateKey = key
        return settings
    }

    static func resolve(production: Bool, allow: Bool, _ settings: PaymentSettings) throws -> PaymentVerificationKey {
        try PaymentsFeature.resolveKeys(
            production: production, allowSandbox: allow, settings: settings, developmentKey: { .generate() }
        ).verification
    }

    @Test func theSandboxGatewayIsRefusedInProductionUnlessAllowed() throws {
        let key = PaymentSigningKey.generate()
        let complete = Self.settings(public: key.verificationKey.encoded, private: key.encoded)
        #expect(throws: StartupError.self) { try Self.resolve(production: true, allow: false, complete) }
        #expect(try Self.resolve(production: true, allow: true, complete) == key.verificationKey)
    }

    @Test func productionNeedsBothKeysAndTheyMustMatch() throws {
        let key = PaymentSigningKey.generate()
        #expect(throws: StartupError.self) { try Self.resolve(production: true, allow: true, Self.settings()) }
        #expect(throws: StartupError.self) {
            try Self.resolve(production: true, allow: true, Self.settings(public: key.verificationKey.encoded))
        }
        let mismatch = Self.settings(
            public: PaymentSigningKey.generate().verificationKey.encoded, private: key.encoded)
        #expect(throws: StartupError.self) { try Self.resolve(production: true, allow: true, mismatch) }
    }

    @Test func elsewhereTheSandboxsOwnKeyVerifiesUnlessAPublicKeyIsConfigured() throws {
        let key = PaymentSigningKey.generate()
        let own = try PaymentsFeature.resolveKeys(
            production: false, allowSandbox: false, settings: Self.settings(private: key.encoded),
            developmentKey: { .generate() })
        #expect(own.verification == key.verificationKey)
        let other = PaymentSigningKey.generate().verificationKey
        #expect(try Self.resolve(production: false, allow: false, Self.settings(public: other.encoded)) == other)
    }

    @Test func unreadableKeysAndRangesAreConfigurationProblems() throws {
        let environment = [
            "PAYMENT_GATEWAY_PUBLIC_KEY": "not-a-key", "PAYMENT_SANDBOX_PRIVATE_KEY": "bm9wZQ==",
            "PAYMENT_ORDER_MINUTES": "1", "PAYMENT_NOTIFY_MAX_AGE_HOURS": "2",
        ]
        do {
            _ = try AppConfig.load(from: environment, isProduction: false)
            Issue.record("the configuration must be refused")
        } catch let error as AppConfig.LoadError {
            #expect(
                Set(error.problems.map(\.key)) == [
                    "PAYMENT_GATEWAY_PUBLIC_KEY", "PAYMENT_SANDBOX_PRIVATE_KEY", "PAYMENT_ORDER_MINUTES",
                    "PAYMENT_NOTIFY_MAX_AGE_HOURS",
                ])
            #expect(!error.description.contains("not-a-key"))
        }
        let config = try AppConfig.load(
            from: [
                "PAYMENT_ORDER_MINUTES": "15", "PAYMENT_NOTIFY_MAX_AGE_HOURS": "72", "PAYMENT_RECONCILE_DAILY": "false",
            ],
            isProduction: false)
        #expect(config.payments.orderLifetime == 900)
        #expect(config.payments.notificationMaxAge == 72 * 3600)
        #expect(!config.payments.reconcileDaily)
    }
}
