import CrossingIntegrations
import Fluent
import Vapor

/// Recognises `Authorization: Bearer <access token>` and fills `request.account`. A request without
/// the header passes untouched (public endpoints); one with a bad token is answered 401 at once, with
/// `WWW-Authenticate` as RFC 6750 asks, rather than being treated as anonymous.
struct BearerAuthenticator: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // Future-based so requests without the header (most of them) pay no hop off the event loop.
        guard let header = request.headers.first(name: .authorization) else { return next.respond(to: request) }
        return request.eventLoop.makeFutureWithTask { try await Self.authenticate(request, header: header) }
            .flatMap { next.respond(to: request) }
    }

    static func authenticate(_ request: Request, header: String) async throws {
        guard header.lowercased().hasPrefix("bearer ") else {
            throw Problem(.unauthorized, detail: "Use an Authorization header of the form: Bearer <access token>.")
        }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        let claims = try await TokenService(services: request.services).verify(accessToken: token, on: request.db)
        guard let accountID = UUID(uuidString: claims.sub),
            let account = try await PrincipalLoader.load(
                accountID: accountID, method: .bearer(tokenID: claims.jti), on: request.db)
        else {
            throw Problem(.unauthorized, detail: "The account of this token no longer exists.")
        }
        request.account = account
    }
}

/// POST /api/v1/auth/refresh and the published key set at /.well-known/jwks.json.
struct TokenController: RouteCollection {
    struct RefreshRequest: Content {
        var refreshToken: String
    }

    struct KeySet: Content {
        var keys: [[String: String]]
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1", "auth").on(.POST, "refresh", body: .collect(maxSize: "4kb"), use: refresh)
        routes.get(".well-known", "jwks.json", use: keySet)
    }

    func refresh(_ request: Request) async throws -> IssuedTokens {
        guard request.headers.contentType == .json else {
            throw Problem(.unsupportedMediaType, detail: "Send the request body as application/json.")
        }
        let body = try request.content.decode(RefreshRequest.self)
        return try await TokenService(services: request.services).refresh(body.refreshToken, on: request.db)
    }

    func keySet(_ request: Request) async throws -> Response {
        let keys = try await request.services.signingKeys.keys(on: request.db, now: request.services.now())
        let body = KeySet(keys: keys.compactMap { ES256JWT.jwk(keyID: $0.keyID, publicKey: $0.publicKey) })
        let response = try await body.encodeResponse(for: request)
        // Verifiers may cache the set briefly; a rotation is picked up within five minutes.
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return response
    }
}
