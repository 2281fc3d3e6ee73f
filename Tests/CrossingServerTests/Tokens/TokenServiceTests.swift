import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

struct RefreshBody: Content {
    var refreshToken: String
}

@Suite("API tokens: ES256 access tokens, rotating refresh tokens, published keys")
struct TokenServiceTests {
    static func makeAccount(_ app: Application) async throws -> UUID {
        let account = AccountRecord()
        account.kind = "applicant"
        account.passwordHash = "unused"
        account.language = "zh"
        account.lockedMethods = ""
        account.lockCount = 0
        account.createdAt = app.services.now()
        try await account.create(on: app.db)
        return try account.requireID()
    }

    static func refresh(_ app: Application, _ token: String) async throws -> TestingHTTPResponse {
        try await app.post(json: #"{"refreshToken":"\#(token)"}"#, to: "/api/v1/auth/refresh")
    }

    @Test func anIssuedAccessTokenVerifies() async throws {
        try await withApp { app in
            let accountID = try await Self.makeAccount(app)
            let tokens = try await TokenService(services: app.services).issue(accountID: accountID, on: app.db)
            let claims = try await TokenService(services: app.services).verify(
                accessToken: tokens.accessToken, on: app.db)
            #expect(claims.sub == accountID.uuidString)
            #expect(claims.aud == "crossing-api" && claims.knd == "applicant")
            #expect(tokens.expiresIn == 900 && tokens.tokenType == "Bearer")
            let stored = try await RefreshTokenRecord.query(on: app.db).all()
            #expect(stored.count == 1)
            #expect(stored.first?.tokenDigest != tokens.refreshToken)
        }
    }

    @Test func refreshRotatesAndReuseRevokesTheFamily() async throws {
        try await withApp { app in
            let accountID = try await Self.makeAccount(app)
            let first = try await TokenService(services: app.services).issue(accountID: accountID, on: app.db)
            let rotated = try await Self.refresh(app, first.refreshToken)
            #expect(rotated.status == .ok)
            let second = try rotated.json(IssuedTokens.self)
            #expect(second.refreshToken != first.refreshToken)
            // The first token is presented again: theft is assumed and the whole family is revoked.
            let reused = try await Self.refresh(app, first.refreshToken)
            #expect(reused.status == .unauthorized)
            #expect(reused.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(try await Self.refresh(app, second.refreshToken).status == .unauthorized)
            let revoked = try await RefreshTokenRecord.query(on: app.db).filter(\.$revokedAt == nil).count()
            #expect(revoked == 0)
            let audit = try await AuditLogRecord.query(on: app.db).filter(\.$action == "token.refresh-reuse").all()
            #expect(audit.count == 1)
            #expect(audit.first?.subject == accountID.uuidString)
        }
    }

    @Test func racingRefreshesWithOneTokenSucceedOnce() async throws {
        try await withApp { app in
            let accountID = try await Self.makeAccount(app)
            let tokens = try await TokenService(services: app.services).issue(accountID: accountID, on: app.db)
            // Real concurrency needs a real server: in-memory requests would not overlap.
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await app.client.post(URI(string: "http://127.0.0.1:\(port)/api/v1/auth/refresh")) {
                            try $0.content.encode(RefreshBody(refreshToken: tokens.refreshToken))
                        }.status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            await app.server.shutdown()
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .unauthorized }.count == 7)
        }
    }

    @Test(arguments: ["", "not-a-token", "Zm9v", String(repeating: "x", count: 500)])
    func unknownRefreshTokensAreRefused(token: String) async throws {
        try await withApp { app in
            let response = try await Self.refresh(app, token)
            #expect(response.status == .unauthorized)
        }
    }

    @Test func badBearerTokensAreRefusedEvenOnPublicRoutes() async throws {
        try await withApp { app in
            let accountID = try await Self.makeAccount(app)
            let good = try await TokenService(services: app.services).issue(accountID: accountID, on: app.db)
            let parts = good.accessToken.split(separator: ".")
            let noneHeader = Base64URL.encode(Data(#"{"alg":"none","kid":"x","typ":"JWT"}"#.utf8))
            let other = ES256JWT.generateKey()
            let keyID = try #require(try await app.services.signingKeys.keys(on: app.db, now: app.services.now()).first)
                .keyID
            let claims = ES256JWT.Claims(
                iss: "crossing", aud: "crossing-api", sub: accountID.uuidString, iat: 1_795_000_000,
                exp: 1_895_000_000, jti: "forged", knd: "staff")
            let forged = try ES256JWT.sign(claims, keyID: keyID, privateKey: other.privateKey)
            for header in ["Bearer garbage", "Bearer \(noneHeader).\(parts[1]).", "Bearer \(forged)", "Basic abc"] {
                let response = try await app.get("/api/v1/ping", headers: ["Authorization": header])
                #expect(response.status == .unauthorized, "\(header.prefix(20))")
                #expect(response.mediaType == "application/problem+json")
            }
            let accepted = try await app.get("/api/v1/ping", headers: ["Authorization": "Bearer \(good.accessToken)"])
            #expect(accepted.status == .ok)
        }
    }

    @Test func rotatedKeysStayPublishedAndOldTokensStillVerify() async throws {
        try await withApp { app in
            let accountID = try await Self.makeAccount(app)
            let service = TokenService(services: app.services)
            let before = try await service.issue(accountID: accountID, on: app.db)
            try await app.services.signingKeys.rotate(on: app.db, cipher: app.services.cipher, now: app.services.now())
            let after = try await service.issue(accountID: accountID, on: app.db)
            _ = try await service.verify(accessToken: before.accessToken, on: app.db)
            _ = try await service.verify(accessToken: after.accessToken, on: app.db)
            let response = try await app.get("/.well-known/jwks.json")
            #expect(response.status == .ok)
            struct KeySet: Decodable { var keys: [[String: String]] }
            let keys = try response.json(KeySet.self).keys
            #expect(keys.count == 2)
            #expect(keys.allSatisfy { $0["alg"] == "ES256" && $0["kty"] == "EC" && $0["d"] == nil })
            let sealed = try await SigningKeyRecord.query(on: app.db).all().map(\.privateKeySealed)
            #expect(sealed.allSatisfy { $0.hasPrefix("v1.") })
        }
    }
}
