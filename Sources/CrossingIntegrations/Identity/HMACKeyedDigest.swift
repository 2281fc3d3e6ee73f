import CrossingDomain
import Crypto
import Foundation

/// HMAC-SHA256 (RFC 2104, FIPS 198-1) keyed digests for one-time codes and the identity-number blind
/// index.
///
/// One configured key serves several purposes, so each purpose gets its own subkey derived with
/// HKDF-SHA256 (RFC 5869): `subkey = HKDF(ikm: key, salt: "", info: "crossing/keyed-digest/v1/" + purpose, L: 32)`,
/// `digest = lowercase-hex(HMAC-SHA256(subkey, UTF-8(value)))`. Without this, a one-time code's digest
/// and a blind-index entry for the same string would be equal, linking unrelated tables.
public struct HMACKeyedDigest: KeyedDigest {
    /// RFC 2104 §3: keys shorter than the hash output (32 bytes for SHA-256) weaken the MAC.
    public static let minimumKeyLength = 32

    public let purpose: String
    /// Kept as bytes because `SymmetricKey` is not `Sendable` in swift-crypto 3.
    private let subkey: Data

    public init(key: Data, purpose: String) throws(KeyConfigurationError) {
        guard key.count >= Self.minimumKeyLength else {
            throw .keyTooShort(byteCount: key.count, minimum: Self.minimumKeyLength)
        }
        guard !purpose.isEmpty else { throw .emptyPurpose }
        self.purpose = purpose
        let derived = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: key),
            info: Data("crossing/keyed-digest/v1/\(purpose)".utf8),
            outputByteCount: 32
        )
        self.subkey = derived.withUnsafeBytes { Data($0) }
    }

    public func digest(_ value: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: SymmetricKey(data: subkey)).lowercaseHex
    }

    /// Plain HMAC-SHA256 of `message` under `key`, as lowercase hex: the primitive, exposed so that it
    /// can be checked against the RFC 4231 test vectors.
    public static func hmacSHA256Hex(key: Data, message: Data) -> String {
        HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)).lowercaseHex
    }
}
