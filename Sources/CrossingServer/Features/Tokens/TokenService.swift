import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import SQLKit
import Vapor

struct IssuedTokens: Content, Equatable {
    var accessToken: String
    var tokenType: String
    /// Seconds until the access token expires.
    var expiresIn: Int
    var refreshToken: String
}

/// Access tokens (ES256 JWTs, 15 minutes) and refresh tokens (random, 30 days, single use). Each use
/// of a refresh token rotates it; presenting an already used one is treated as theft: the whole
/// family is revoked and the event audited, so both the thief and the victim must sign in again.
struct TokenService {
    static let issuer = "crossing"
    static let audience = "crossing-api"
    static let accessLifetime: TimeInterval = 15 * 60
    static let refreshLifetime: TimeInterval = 30 * 24 * 3600

    var services: AppServices

    init(services: AppServices) {
        self.services = services
    }

    /// Signs a new access token and starts a new refresh-token family (a new sign-in).
    func issue(accountID: UUID, on database: any Database) async throws -> IssuedTokens {
        let now = services.now()
        let key = try await services.signingKeys.current(on: database, cipher: services.cipher, now: now)
        let (refresh, record) = newRefreshToken(accountID: accountID, family: UUID(), parent: nil, now: now)
        try await record.create(on: database)
        return try await tokens(accountID: accountID, refreshToken: refresh, key: key, on: database, now: now)
    }

    /// Rotates a refresh token. Throws a 401 problem for unknown, expired, revoked or reused tokens.
    func refresh(_ presented: String, on database: any Database) async throws -> IssuedTokens {
        let now = services.now()
        let key = try await services.signingKeys.current(on: database, cipher: services.cipher, now: now)
        let digest = services.tokenDigest.digest(presented)
        guard let sql = database as? any SQLDatabase else { throw Self.invalidRefresh }
        // The transaction returns nil for a reused token: its revocation and audit entry must commit
        // before the 401 goes out (throwing inside would roll them back).
        let outcome: IssuedTokens? = try await database.transaction { db in
            // Claim the token first, with a write: of two concurrent refreshes exactly one claims it
            // (row lock on PostgreSQL, the write lock on SQLite), and the other is judged as reuse.
            // The condition is the domain's "unused, unrevoked, unexpired" rule (RefreshRotation).
            let claimed = try await (db as? any SQLDatabase ?? sql).update(RefreshTokenRecord.schema)
                .set("used_at", to: SQLBind(now))
                .where("token_digest", .equal, SQLBind(digest))
                .where("used_at", .is, SQLLiteral.null)
                .where("revoked_at", .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, SQLBind(now))
                .returning("id")
                .all()
            guard let record = try await RefreshTokenRecord.query(on: db).filter(\.$tokenDigest == digest).first(),
                let recordID = record.id
            else { throw Self.invalidRefresh }
            if !claimed.isEmpty {
                let (token, successor) = newRefreshToken(
                    accountID: record.accountID, family: record.familyID, parent: recordID, now: now)
                try await successor.create(on: db)
                return try await tokens(accountID: record.accountID, refreshToken: token, key: key, on: db, now: now)
            }
            let family = try await RefreshTokenRecord.query(on: db).filter(\.$familyID == record.familyID).all()
            guard
                case .reuseDetected = RefreshRotation.present(
                    tokenID: recordID.uuidString, family: family.map(\.domain), now: now)
            else { throw Self.invalidRefresh }
            try await RefreshTokenRecord.query(on: db).filter(\.$familyID == record.familyID)
                .filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
            try await services.auditLog.append(
                AuditEntryDraft(
                    occurredAt: now, actor: record.accountID.uuidString, action: "token.refresh-reuse",
                    subject: record.accountID.uuidString, outcome: "family-revoked",
                    details: ["family": record.familyID.uuidString]), on: db)
            return nil
        }
        guard let outcome else { throw Self.reusedRefresh }
        return outcome
    }

    /// Revokes every refresh token of the account (sign out everywhere).
    func revokeAll(accountID: UUID, on database: any Database) async throws {
        try await RefreshTokenRecord.query(on: database).filter(\.$accountID == accountID)
            .filter(\.$revokedAt == nil).set(\.$revokedAt, to: services.now()).update()
    }

    /// Verifies an access token and returns its claims.
    func verify(accessToken: String, on database: any Database) async throws -> ES256JWT.Claims {
        let now = services.now()
        let keys = try await services.signingKeys.publicKeys(on: database, now: now)
        do {
            return try ES256JWT.verify(
                accessToken, publicKeys: keys, issuer: Self.issuer, audience: Self.audience, now: now)
        } catch {
            throw Problem(.unauthorized, detail: "The access token is not valid (\(error)). Sign in again.")
        }
    }

    private func tokens(
        accountID: UUID, refreshToken: String, key: SigningKeyStore.Key, on database: any Database, now: Date
    ) async throws -> IssuedTokens {
        guard let account = try await AccountRecord.find(accountID, on: database) else { throw Self.invalidRefresh }
        guard let privateKey = Data(base64Encoded: try services.cipher.open(key.privateKeySealed)) else {
            throw Problem(.internalError, detail: "The signing key cannot be read.")
        }
        let issuedAt = Int64(now.timeIntervalSince1970)
        let claims = ES256JWT.Claims(
            iss: Self.issuer, aud: Self.audience, sub: accountID.uuidString, iat: issuedAt,
            exp: issuedAt + Int64(Self.accessLifetime), jti: UUID().uuidString, knd: account.kind)
        let access = try ES256JWT.sign(claims, keyID: key.keyID, privateKey: privateKey)
        return IssuedTokens(
            accessToken: access, tokenType: "Bearer", expiresIn: Int(Self.accessLifetime), refreshToken: refreshToken)
    }

    private func newRefreshToken(
        accountID: UUID, family: UUID, parent: UUID?, now: Date
    ) -> (String, RefreshTokenRecord) {
        var generator = SystemRandomNumberGenerator()
        let token = Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let record = RefreshTokenRecord()
        record.id = UUID()
        record.tokenDigest = services.tokenDigest.digest(token)
        record.familyID = family
        record.parentID = parent
        record.accountID = accountID
        record.issuedAt = now
        record.expiresAt = now.addingTimeInterval(Self.refreshLifetime)
        return (token, record)
    }

    static let invalidRefresh = Problem(.unauthorized, detail: "The refresh token is not valid. Sign in again.")
    static let reusedRefresh = Problem(
        .unauthorized,
        detail: "This refresh token was already used. For your safety every session it belongs to has "
            + "been signed out. Sign in again.")
}

extension RefreshTokenRecord {
    var domain: RefreshToken {
        RefreshToken(
            id: id?.uuidString ?? "", familyID: familyID.uuidString, parentID: parentID?.uuidString,
            accountID: accountID.uuidString, issuedAt: issuedAt, expiresAt: expiresAt, usedAt: usedAt,
            revokedAt: revokedAt)
    }
}
