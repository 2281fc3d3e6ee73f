import CrossingIntegrations
import Foundation

/// Payments: `PAYMENT_GATEWAY_PUBLIC_KEY`, `PAYMENT_SANDBOX_PRIVATE_KEY`, `PAYMENT_ORDER_MINUTES`,
/// `PAYMENT_NOTIFY_MAX_AGE_HOURS`, `PAYMENT_RECONCILE_DAILY`.
public struct PaymentSettings: Sendable, Equatable {
    /// The gateway's public key that verifies its notifications (PEM or base64 SubjectPublicKeyInfo DER).
    /// Required in production; in development and tests it is the sandbox's own key.
    public var gatewayPublicKey: String?
    /// The sandbox gateway's signing key (PEM or base64 PKCS#8 DER): needed when the sandbox runs in
    /// production (staging, load tests) so every instance signs alike; generated elsewhere.
    public var sandboxPrivateKey: String?
    /// How long an order may be paid before we close it at the gateway.
    public var orderLifetime: TimeInterval = 30 * 60
    /// Notifications older than this are refused as replays (the gateways retry for about 25 hours).
    public var notificationMaxAge: TimeInterval = 48 * 3600
    /// Reconcile every day against the gateway's statement (a self-rescheduling job).
    public var reconcileDaily = true

    public init() {}

    static func load(_ reader: inout ConfigReader) -> PaymentSettings {
        var settings = PaymentSettings()
        if let key = reader.string("PAYMENT_GATEWAY_PUBLIC_KEY") {
            if (try? PaymentVerificationKey(encoded: key)) == nil {
                reader.fail("PAYMENT_GATEWAY_PUBLIC_KEY", "a P-256 public key (PEM or base64 DER)")
            } else {
                settings.gatewayPublicKey = key
            }
        }
        if let key = reader.string("PAYMENT_SANDBOX_PRIVATE_KEY") {
            if (try? PaymentSigningKey(encoded: key)) == nil {
                reader.fail("PAYMENT_SANDBOX_PRIVATE_KEY", "a P-256 private key (PEM or base64 PKCS#8 DER)")
            } else {
                settings.sandboxPrivateKey = key
            }
        }
        if let minutes = reader.int("PAYMENT_ORDER_MINUTES", in: 5...1_440) {
            settings.orderLifetime = Double(minutes) * 60
        }
        if let hours = reader.int("PAYMENT_NOTIFY_MAX_AGE_HOURS", in: 26...720) {
            settings.notificationMaxAge = Double(hours) * 3600
        }
        settings.reconcileDaily = reader.bool("PAYMENT_RECONCILE_DAILY") ?? true
        return settings
    }
}
