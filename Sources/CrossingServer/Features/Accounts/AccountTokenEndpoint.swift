import Fluent
import Vapor

/// POST /api/v1/auth/token: sign in with identifier and password for API tokens. Issues tokens through
/// the token service, after the same rate limits, lock-out and audit as the portal's sign-in.
enum AccountTokenEndpoint {
    struct TokenRequest: Content {
        var identifier: String
        var password: String
    }

    static func boot(routes: any RoutesBuilder, body: HTTPBodyStreamStrategy) throws {
        routes.on(.POST, "auth", "token", body: body, use: token)
    }

    static func token(_ request: Request) async throws -> Response {
        let body = try AccountAPIController.decode(TokenRequest.self, request)
        let account = try await SignInService(AccountService(request))
            .signIn(identifier: body.identifier, password: body.password, client: request.clientContext)
        guard account.mobileVerifiedAt != nil else { throw AccountFailure.mobileNotVerified }
        let tokens = try await TokenService(services: request.services)
            .issue(accountID: try account.requireID(), on: request.db)
        let response = try await tokens.encodeResponse(status: .ok, for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
