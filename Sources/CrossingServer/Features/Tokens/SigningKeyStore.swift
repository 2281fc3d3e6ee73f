import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Synchronization

/// The ES256 keys that sign access tokens. The private key is sealed with the field cipher; the
/// public keys (current and recently retired) are published as a JWK set so anyone can verify
/// offline. Keys are cached per process and re-read at most every `cacheSeconds`, so a rotation on
/// one instance reaches the others within that time.
final class SigningKeyStore: Sendable {
    struct Key: Sendable {
        var keyID: String
        var privateKeySealed: String
        var publicKey: Data
        var retiredAt: Date?
    }

    /// A retired key stays published this long: longer than any access token lives.
    static let retiredKeyPublication: TimeInterval = 24 * 3600
    static let cacheSeconds: TimeInterval = 60

    private let cache = Mutex<(keys: [Key], loadedAt: Date)?>(nil)

    /// The current signing key, created on first use.
    func current(on database: any Database, cipher: any FieldCipher, now: Date) async throws -> Key {
        if let key = try await keys(on: database, now: now).first(where: { $0.retiredAt == nil }) { return key }
        return try await rotate(on: database, cipher: cipher, now: now)
    }

    /// Keys whose tokens may still be valid, by key ID.
    func publicKeys(on database: any Database, now: Date) async throws -> [String: Data] {
        Dictionary(
            try await keys(on: database, now: now).map { ($0.keyID, $0.publicKey) }, uniquingKeysWith: { a, _ in a })
    }

    func keys(on database: any Database, now: Date) async throws -> [Key] {
        if let cached = cache.withLock({ $0 }), now.timeIntervalSince(cached.loadedAt) < Self.cacheSeconds {
            return cached.keys
        }
        let horizon = now.addingTimeInterval(-Self.retiredKeyPublication)
        let keys = try await SigningKeyRecord.query(on: database)
            .group(.or) { $0.filter(\.$retiredAt == nil).filter(\.$retiredAt > horizon) }
            .sort(\.$createdAt, .descending)
            .all()
            .compactMap { record in
                Data(base64Encoded: record.publicKey).map {
                    Key(
                        keyID: record.keyID, privateKeySealed: record.privateKeySealed, publicKey: $0,
                        retiredAt: record.retiredAt)
                }
            }
        cache.withLock { $0 = (keys, now) }
        return keys
    }

    /// Retires the current key and creates a new one. Tokens signed by the old key keep verifying
    /// until they expire.
    @discardableResult
    func rotate(on database: any Database, cipher: any FieldCipher, now: Date) async throws -> Key {
        let (privateKey, publicKey) = ES256JWT.generateKey()
        let record = SigningKeyRecord()
        record.keyID = "es256-" + UUID().uuidString.lowercased().prefix(8)
        record.algorithm = "ES256"
        record.privateKeySealed = try cipher.seal(privateKey.base64EncodedString())
        record.publicKey = publicKey.base64EncodedString()
        record.createdAt = now
        try await database.transaction { db in
            try await SigningKeyRecord.query(on: db).filter(\.$retiredAt == nil).set(\.$retiredAt, to: now).update()
            try await record.create(on: db)
        }
        cache.withLock { $0 = nil }
        return Key(keyID: record.keyID, privateKeySealed: record.privateKeySealed, publicKey: publicKey, retiredAt: nil)
    }
}
