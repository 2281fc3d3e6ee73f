import CrossingDomain
import Crypto
import Foundation

/// Signs and verifies tracking pushes with a secret shared with the carrier. Domain-facts §9: the
/// aggregators that carry EMS sign pushes with a shared salt (Kuaidi100: `md5(param + salt)`); we
/// keep the shared-secret model but use HMAC-SHA256 over the exact body bytes, compared in
/// constant time. A replayed genuine push is harmless: pushes are full snapshots and our side
/// deduplicates events and never moves a parcel backwards.
public struct EMSPushSignature: Sendable {
    /// Kept as bytes: `SymmetricKey` is not Sendable.
    private let secret: Data
    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// - Parameter secret: at least 32 bytes.
    public init(secret: Data) throws(KeyConfigurationError) {
        guard secret.count >= 32 else { throw .keyTooShort(byteCount: secret.count, minimum: 32) }
        self.secret = secret
    }

    /// Lowercase hex HMAC-SHA256 of `body`.
    public func sign(_ body: Data) -> String {
        HMAC<SHA256>.authenticationCode(for: body, using: key).map { String(format: "%02x", $0) }.joined()
    }

    public func isValid(_ signature: String, for body: Data) -> Bool {
        guard let bytes = Self.hexBytes(signature), bytes.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: body, using: key)
    }

    /// Verifies and decodes a push. `headers` have lower-cased names.
    public func verify(body: Data, headers: [String: String]) throws(CourierError) -> TrackingSnapshot {
        guard let signature = headers[EMSWire.signatureHeader.lowercased()], isValid(signature, for: body) else {
            throw .invalidSignature
        }
        return try EMSWire.decode(body)
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = nibble(characters[index]), let low = nibble(characters[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
