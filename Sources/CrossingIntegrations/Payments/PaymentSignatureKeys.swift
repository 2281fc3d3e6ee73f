import CrossingDomain
import Crypto
import Foundation

/// The gateway's signing key (ECDSA P-256, signatures as base64 of the 64-byte r‖s form, "ES256").
/// Only the sandbox gateway holds one; our side holds only the matching `PaymentVerificationKey`.
public struct PaymentSigningKey: Sendable {
    /// The raw 32-byte scalar (Crypto's key types are not Sendable; this is rebuilt per use).
    let raw: Data
    var key: P256.Signing.PrivateKey {
        guard let key = try? P256.Signing.PrivateKey(rawRepresentation: raw) else {
            preconditionFailure("a stored raw P-256 key always loads")
        }
        return key
    }

    public static func generate() -> PaymentSigningKey { PaymentSigningKey(key: P256.Signing.PrivateKey()) }

    init(key: P256.Signing.PrivateKey) { self.raw = key.rawRepresentation }

    /// PEM ("-----BEGIN PRIVATE KEY-----…") or base64 of the PKCS#8 DER.
    public init(encoded text: String) throws {
        do {
            if text.contains("-----BEGIN") {
                raw = try P256.Signing.PrivateKey(pemRepresentation: text).rawRepresentation
            } else if let der = Data(base64Encoded: text) {
                raw = try P256.Signing.PrivateKey(derRepresentation: der).rawRepresentation
            } else {
                throw PaymentKeyError.unreadable
            }
        } catch {
            throw PaymentKeyError.unreadable
        }
    }

    /// base64 of the PKCS#8 DER (what `PAYMENT_SANDBOX_PRIVATE_KEY` takes).
    public var encoded: String { key.derRepresentation.base64EncodedString() }

    public var verificationKey: PaymentVerificationKey { PaymentVerificationKey(key: key.publicKey) }

    /// Signs the canonical string of `fields` and answers them with `sign` and `sign_type` added.
    public func sign(_ fields: SignedFormFields) throws -> SignedFormFields {
        let signature = try key.signature(for: Data(fields.canonicalString.utf8))
        var all = fields.fields
        all["sign_type"] = "ES256"
        all["sign"] = signature.rawRepresentation.base64EncodedString()
        return SignedFormFields(all)
    }
}

/// The gateway's public key as our side holds it (configured in production).
public struct PaymentVerificationKey: Sendable, Equatable {
    /// X9.63 form (Crypto's key types are not Sendable; this is rebuilt per use).
    let x963: Data
    var key: P256.Signing.PublicKey {
        guard let key = try? P256.Signing.PublicKey(x963Representation: x963) else {
            preconditionFailure("a stored X9.63 P-256 key always loads")
        }
        return key
    }

    init(key: P256.Signing.PublicKey) { self.x963 = key.x963Representation }

    /// PEM ("-----BEGIN PUBLIC KEY-----…") or base64 of the SubjectPublicKeyInfo DER.
    public init(encoded text: String) throws {
        do {
            if text.contains("-----BEGIN") {
                x963 = try P256.Signing.PublicKey(pemRepresentation: text).x963Representation
            } else if let der = Data(base64Encoded: text) {
                x963 = try P256.Signing.PublicKey(derRepresentation: der).x963Representation
            } else {
                throw PaymentKeyError.unreadable
            }
        } catch {
            throw PaymentKeyError.unreadable
        }
    }

    /// base64 of the SubjectPublicKeyInfo DER (what `PAYMENT_GATEWAY_PUBLIC_KEY` takes).
    public var encoded: String { key.derRepresentation.base64EncodedString() }

    /// True when `fields` carry an ES256 signature of their canonical string made with the matching key.
    public func verify(_ fields: SignedFormFields) -> Bool {
        guard fields["sign_type"] == "ES256", let sign = fields["sign"], let raw = Data(base64Encoded: sign),
            let signature = try? P256.Signing.ECDSASignature(rawRepresentation: raw)
        else { return false }
        return key.isValidSignature(signature, for: Data(fields.canonicalString.utf8))
    }

}

public enum PaymentKeyError: Error, Equatable {
    case unreadable
}

/// The notification format of the sandbox gateway (Alipay's asynchronous notification, signed ES256).
public enum PaymentNotificationFormat {
    /// Beijing time (no daylight saving), as the gateways write times.
    static let timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .current

    /// "yyyy-MM-dd HH:mm:ss" in Beijing time, as Alipay writes times.
    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }

    public static func parseTime(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let day = CalendarDate(iso: String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]), (0..<60).contains(clock[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(
            from: DateComponents(
                year: day.year, month: day.month, day: day.day, hour: clock[0], minute: clock[1], second: clock[2]))
    }

    /// Verifies and parses a notification body.
    public static func notification(
        from body: Data, key: PaymentVerificationKey
    ) throws(PaymentNotificationRejection) -> PaymentNotification {
        guard let text = String(data: body, encoding: .utf8), let fields = SignedFormFields.parse(text) else {
            throw .malformed
        }
        guard key.verify(fields) else { throw .forged }
        guard let notifyID = fields["notify_id"], !notifyID.isEmpty, notifyID.count <= 64,
            let notifyTime = fields["notify_time"].flatMap(parseTime),
            let orderNumber = fields["out_trade_no"].flatMap(PaymentOrderNumber.init),
            let tradeNumber = fields["trade_no"], !tradeNumber.isEmpty, tradeNumber.count <= 64,
            let status = fields["trade_status"].flatMap(GatewayTradeStatus.init(rawValue:)),
            let amount = fields["total_amount"].flatMap(GatewayAmount.parse),
            let currency = fields["trans_currency"], !currency.isEmpty, currency.count <= 8
        else { throw .malformed }
        let paidAt = fields["gmt_payment"].flatMap(parseTime)
        let digest = SHA256.hash(data: Data(fields.canonicalString.utf8)).map { String(format: "%02x", $0) }.joined()
        return PaymentNotification(
            notifyID: notifyID, notifyTime: notifyTime, orderNumber: orderNumber, tradeNumber: tradeNumber,
            tradeStatus: status, amount: amount, currency: currency, paidAt: paidAt, contentDigest: digest)
    }

    /// The signed body of a notification about `trade`.
    public static func body(
        notifyID: String, notifyTime: Date, orderNumber: String, tradeNumber: String, status: GatewayTradeStatus,
        amount: Money, currency: String, paidAt: Date?, key: PaymentSigningKey
    ) throws -> Data {
        var fields: [String: String] = [
            "notify_id": notifyID, "notify_time": format(notifyTime), "notify_type": "trade_status_sync",
            "app_id": "sandbox", "out_trade_no": orderNumber, "trade_no": tradeNumber,
            "trade_status": status.rawValue, "total_amount": GatewayAmount.format(amount), "trans_currency": currency,
            "charset": "utf-8", "version": "1.0",
        ]
        if let paidAt { fields["gmt_payment"] = format(paidAt) }
        return Data(try key.sign(SignedFormFields(fields)).formEncoded.utf8)
    }
}
