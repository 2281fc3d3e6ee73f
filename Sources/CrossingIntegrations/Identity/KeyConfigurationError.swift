import Foundation

/// A key from configuration cannot be used. The cases name key IDs and lengths, never key material,
/// so the error is safe to log and to show at start-up.
public enum KeyConfigurationError: Error, Hashable, Sendable {
    /// The key is shorter than the adapter's minimum (HMAC keys: 32 bytes, RFC 2104 §3 recommends at
    /// least the hash output length).
    case keyTooShort(byteCount: Int, minimum: Int)
    /// An AES-256 key must be exactly 32 bytes.
    case wrongKeyLength(keyID: String, byteCount: Int)
    /// Key IDs are 1–16 characters of a–z, 0–9 and "-", because they are written into every sealed value.
    case invalidKeyID(String)
    /// The same key ID appears twice in the configuration.
    case duplicateKeyID(String)
    /// A configuration entry is not `keyID:base64key` (the entry's position is given, not its text).
    case malformedEntry(position: Int)
    /// The key ring has no keys.
    case emptyKeyring
    /// The key chosen for sealing is not in the ring.
    case currentKeyMissing(keyID: String)
    /// A purpose label for domain separation must not be empty.
    case emptyPurpose
}
