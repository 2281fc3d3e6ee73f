import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Portal sessions. The cookie holds a random 256-bit token; the database holds only its keyed
/// digest, so a leaked database does not let anyone take over a session. Sessions end after 30
/// minutes without use and 12 hours after sign-in, whichever comes first.
struct SessionStore: Sendable {
    static let cookieName = "crossing_session"
    static let idleTimeout: TimeInterval = 30 * 60
    static let absoluteLifetime: TimeInterval = 12 * 60 * 60
    /// last_seen_at is only rewritten when this much older, so browsing does not write on every request.
    static let touchInterval: TimeInterval = 60

    var services: AppServices
    var database: any Database

    struct Created: Sendable {
        var token: String
        var record: SessionRecord
    }

    func create(accountID: UUID, client: ClientContext) async throws -> Created {
        let now = services.now()
        let token = RandomToken.make()
        let record = SessionRecord()
        record.id = UUID()
        record.tokenDigest = services.tokenDigest.digest("session:" + token)
        record.accountID = accountID
        record.csrfToken = RandomToken.make()
        record.createdAt = now
        record.lastSeenAt = now
        record.expiresAt = now.addingTimeInterval(Self.absoluteLifetime)
        record.device = client.device
        record.clientAddress = client.address
        try await record.create(on: database)
        return Created(token: token, record: record)
    }

    /// The live session for a cookie token, touched; nil when unknown, revoked, idle or expired.
    func live(token: String) async throws -> SessionRecord? {
        let now = services.now()
        guard
            let record = try await SessionRecord.query(on: database)
                .filter(\.$tokenDigest == services.tokenDigest.digest("session:" + token))
                .filter(\.$revokedAt == nil).first(),
            record.expiresAt > now, now.timeIntervalSince(record.lastSeenAt) < Self.idleTimeout
        else { return nil }
        if now.timeIntervalSince(record.lastSeenAt) >= Self.touchInterval {
            record.lastSeenAt = now
            try await record.update(on: database)
        }
        return record
    }

    func revoke(sessionID: UUID) async throws {
        try await SessionRecord.query(on: database).filter(\.$id == sessionID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: services.now()).update()
    }

    func revokeAll(accountID: UUID) async throws {
        try await SessionRecord.query(on: database).filter(\.$accountID == accountID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: services.now()).update()
    }

    static func cookie(_ token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, maxAge: Int(absoluteLifetime), path: "/", isSecure: secure, isHTTPOnly: true,
            sameSite: .lax)
    }

    static func expiredCookie(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", maxAge: 0, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

enum RandomToken {
    /// 256 random bits, base64url without padding.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

/// Fills `request.account` from the session cookie. Requests without the cookie never touch the
/// database; a bearer-authenticated request is left alone.
struct SessionAuthenticator: Middleware {
    // Future-based: requests without the cookie (API calls, most page views) pay no hop.
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.account == nil, let token = request.cookies[SessionStore.cookieName]?.string, !token.isEmpty
        else { return next.respond(to: request) }
        return request.eventLoop.makeFutureWithTask {
            let store = SessionStore(services: request.services, database: request.db)
            if let session = try await store.live(token: token), let id = session.id {
                request.account = try await PrincipalLoader.load(
                    accountID: session.accountID, method: .session(id: id, csrfToken: session.csrfToken),
                    on: request.db)
            }
        }.flatMap { next.respond(to: request) }
    }
}

extension Request {
    /// Client address and device for audit entries and per-address limits. X-Forwarded-For is used
    /// only when the deployment says a trusted proxy sets it (AccountSettings.trustForwardedFor);
    /// otherwise anyone could pick their own address and dodge the per-address limits.
    var clientContext: ClientContext {
        var address = remoteAddress?.ipAddress ?? "unknown"
        if application.accountSettings.trustForwardedFor,
            let forwarded = headers.first(name: .xForwardedFor)?.split(separator: ",").last
        {
            let trimmed = forwarded.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { address = String(trimmed.prefix(64)) }
        }
        let agent = headers.first(name: .userAgent) ?? "unknown"
        return ClientContext(address: address, device: String(agent.prefix(200)))
    }
}

/// Deployment choices of the account feature, set in `configure`.
struct AccountSettings: Sendable {
    /// Trust the last X-Forwarded-For hop (only behind a proxy that overwrites it).
    var trustForwardedFor = false
}

private struct AccountSettingsKey: StorageKey {
    typealias Value = AccountSettings
}

extension Application {
    var accountSettings: AccountSettings {
        get { storage[AccountSettingsKey.self] ?? AccountSettings() }
        set { storage[AccountSettingsKey.self] = newValue }
    }
}
