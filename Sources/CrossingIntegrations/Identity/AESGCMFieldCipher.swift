import CrossingDomain
import Crypto
import Foundation

/// Encrypts personal fields at rest with AES-256-GCM (NIST SP 800-38D) under a key ring.
///
/// Sealed format: `v1.<keyID>.<base64url(nonce ‖ ciphertext ‖ tag)>` with a 12-byte random nonce and a
/// 16-byte tag (base64url without padding, RFC 4648 §5). The ASCII prefix `v1.<keyID>` is passed as
/// GCM additional authenticated data, so a value cannot be relabelled to another key ID or format
/// version without failing authentication. `open` accepts any key in the ring, so keys rotate by
/// adding a new current key and re-sealing old rows at leisure.
///
/// Random 96-bit nonces are safe for about 2^32 seals per key (SP 800-38D §8.3); rotate keys well
/// before that.
public struct AESGCMFieldCipher: FieldCipher {
    /// The format version written into every sealed value.
    public static let formatVersion = "v1"
    /// AES-256 key length in bytes.
    public static let keyLength = 32

    private static let nonceLength = 12
    private static let tagLength = 16

    public let currentKeyID: String
    public let keyIDs: Set<String>
    /// Raw key bytes: `SymmetricKey` is not `Sendable` in swift-crypto 3, so keys are built per call.
    private let keys: [String: Data]

    /// - Parameters:
    ///   - keyring: key ID → 32-byte AES key.
    ///   - currentKeyID: the key used for new seals; must be in `keyring`.
    public init(keyring: [String: Data], currentKeyID: String) throws(KeyConfigurationError) {
        guard !keyring.isEmpty else { throw .emptyKeyring }
        var keys: [String: Data] = [:]
        for (keyID, key) in keyring {
            guard Self.isValidKeyID(keyID) else { throw .invalidKeyID(keyID) }
            guard key.count == Self.keyLength else { throw .wrongKeyLength(keyID: keyID, byteCount: key.count) }
            keys[keyID] = key
        }
        guard keys[currentKeyID] != nil else { throw .currentKeyMissing(keyID: currentKeyID) }
        self.keys = keys
        self.keyIDs = Set(keys.keys)
        self.currentKeyID = currentKeyID
    }

    public func seal(_ plaintext: String) throws(FieldCipherError) -> String {
        guard let key = keys[currentKeyID] else { throw .unknownKey(id: currentKeyID) }
        let header = "\(Self.formatVersion).\(currentKeyID)"
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.seal(
                Data(plaintext.utf8), using: SymmetricKey(data: key), nonce: AES.GCM.Nonce(),
                authenticating: Data(header.utf8))
        } catch {
            // Unreachable with a validated 32-byte key and a 12-byte nonce; the port has no
            // "internal error" case, and reporting it as malformed keeps the value from being stored.
            throw .malformed
        }
        var blob = Data(box.nonce)
        blob.append(box.ciphertext)
        blob.append(box.tag)
        return "\(header).\(Base64URL.encode(blob))"
    }

    public func open(_ sealed: String) throws(FieldCipherError) -> String {
        let parts = sealed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.formatVersion else { throw .malformed }
        let keyID = String(parts[1])
        guard Self.isValidKeyID(keyID) else { throw .malformed }
        guard let key = keys[keyID] else { throw .unknownKey(id: keyID) }
        guard let blob = Base64URL.decode(String(parts[2])), blob.count >= Self.nonceLength + Self.tagLength else {
            throw .malformed
        }
        let header = "\(Self.formatVersion).\(keyID)"
        let plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(combined: Data(blob))
            plaintext = try AES.GCM.open(box, using: SymmetricKey(data: key), authenticating: Data(header.utf8))
        } catch {
            throw .authenticationFailed
        }
        // Authenticated bytes are what `seal` wrote, so this only fails for values sealed elsewhere.
        guard let text = String(bytes: plaintext, encoding: .utf8) else { throw .malformed }
        return text
    }

    /// Parses the server's `FIELD_ENCRYPTION_KEYS` setting: `kid1:base64key,kid2:base64key` (standard
    /// base64, RFC 4648 §4, as printed by `openssl rand -base64 32`). Whitespace around entries is
    /// ignored. Errors name positions and key IDs, never key material.
    public static func keyring(from config: String) throws(KeyConfigurationError) -> [String: Data] {
        guard !config.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyKeyring }
        var keyring: [String: Data] = [:]
        let entries = config.split(separator: ",", omittingEmptySubsequences: false)
        for (index, rawEntry) in entries.enumerated() {
            let entry = rawEntry.trimmingCharacters(in: .whitespacesAndNewlines)
            let fields = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard fields.count == 2 else { throw .malformedEntry(position: index + 1) }
            let keyID = fields[0].trimmingCharacters(in: .whitespaces)
            guard isValidKeyID(keyID) else { throw .invalidKeyID(keyID) }
            guard keyring[keyID] == nil else { throw .duplicateKeyID(keyID) }
            guard let key = Data(base64Encoded: fields[1].trimmingCharacters(in: .whitespaces)) else {
                throw .malformedEntry(position: index + 1)
            }
            guard key.count == keyLength else { throw .wrongKeyLength(keyID: keyID, byteCount: key.count) }
            keyring[keyID] = key
        }
        guard !keyring.isEmpty else { throw .emptyKeyring }
        return keyring
    }

    /// 1–16 characters of a–z, 0–9 and "-": short, and free of the "." that separates the fields.
    public static func isValidKeyID(_ keyID: String) -> Bool {
        let bytes = Array(keyID.utf8)
        guard (1...16).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }
}
