import CrossingIntegrations
import Foundation

/// The keys that protect personal data at rest: the AES-GCM keyring for sealed fields (with the key
/// new values are sealed with) and the HMAC key of the blind index used to look sealed numbers up.
///
/// Production must configure them (FIELD_ENCRYPTION_KEYS, FIELD_ENCRYPTION_CURRENT_KEY_ID,
/// BLIND_INDEX_KEY). Development generates a set once and keeps it in `data/dev-secrets.json`, so data
/// sealed yesterday still opens today; tests use fresh random keys.
public struct SecretKeys: Sendable, Codable, Equatable {
    public var fieldKeyring: [String: Data]
    public var currentFieldKeyID: String
    public var blindIndexKey: Data

    public init(fieldKeyring: [String: Data], currentFieldKeyID: String, blindIndexKey: Data) {
        self.fieldKeyring = fieldKeyring
        self.currentFieldKeyID = currentFieldKeyID
        self.blindIndexKey = blindIndexKey
    }

    /// Reads the keys from the environment; nil when none of the three keys is set.
    static func fromEnvironment(_ reader: inout ConfigReader) -> SecretKeys? {
        let ring = reader.string("FIELD_ENCRYPTION_KEYS")
        let current = reader.string("FIELD_ENCRYPTION_CURRENT_KEY_ID")
        let index = reader.string("BLIND_INDEX_KEY")
        guard ring != nil || current != nil || index != nil else { return nil }
        var keyring: [String: Data] = [:]
        if let ring {
            do {
                keyring = try AESGCMFieldCipher.keyring(from: ring)
            } catch {
                reader.fail("FIELD_ENCRYPTION_KEYS", "comma-separated keyID:base64 entries of 32-byte keys")
            }
        } else {
            reader.fail("FIELD_ENCRYPTION_KEYS", "set together with the other two key settings")
        }
        if current == nil || (!keyring.isEmpty && keyring[current ?? ""] == nil) {
            reader.fail("FIELD_ENCRYPTION_CURRENT_KEY_ID", "the ID of one key in FIELD_ENCRYPTION_KEYS")
        }
        let indexKey = index.flatMap { Data(base64Encoded: $0) }
        if (indexKey?.count ?? 0) < HMACKeyedDigest.minimumKeyLength {
            reader.fail("BLIND_INDEX_KEY", "base64 of at least 32 random bytes")
        }
        return SecretKeys(fieldKeyring: keyring, currentFieldKeyID: current ?? "", blindIndexKey: indexKey ?? Data())
    }

    /// Fresh random keys (tests, and the first development start).
    public static func random() -> SecretKeys {
        var generator = SystemRandomNumberGenerator()
        func bytes(_ count: Int) -> Data {
            Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        }
        return SecretKeys(fieldKeyring: ["dev1": bytes(32)], currentFieldKeyID: "dev1", blindIndexKey: bytes(32))
    }

    /// Development keys kept in a file readable only by the owner, created on first use.
    static func development(at path: String) throws -> SecretKeys {
        let url = URL(fileURLWithPath: path)
        if let data = try? Data(contentsOf: url) {
            return try JSONDecoder().decode(SecretKeys.self, from: data)
        }
        let keys = random()
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder().encode(keys).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return keys
    }
}
