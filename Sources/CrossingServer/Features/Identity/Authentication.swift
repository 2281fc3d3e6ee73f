import CrossingDomain
import Foundation
import Vapor

// The shared core of authentication. Two authenticators fill `request.account`: the portal's
// session cookie (SessionAuthenticator) and the API's bearer access token (BearerAuthenticator).
// Handlers never look at cookies or headers themselves; they call `requireAccount()` and ask the
// domain's `Authorizer` what the principal may do.

/// Portal paths of the identity pages that other code links or redirects to.
enum IdentityPaths {
    static let signIn = "/account/sign-in"
    static let register = "/account/register"
    static let account = "/account"
}

enum AccountKind: String, Codable, Sendable {
    case applicant
    case staff
    case partner
}

enum AuthenticationMethod: Sendable, Equatable {
    /// A portal session; forms must carry its CSRF token.
    case session(id: UUID, csrfToken: String)
    /// An API access token (JWT) with its ID.
    case bearer(tokenID: String)
}

struct AuthenticatedAccount: Sendable {
    var accountID: UUID
    var personID: PersonID?
    var kind: AccountKind
    /// Role grants and active delegations, as the domain's Authorizer needs them.
    var principal: Principal
    var method: AuthenticationMethod
}

private struct AuthenticatedAccountKey: StorageKey {
    typealias Value = AuthenticatedAccount
}

extension Request {
    /// The signed-in account, when an authenticator recognised the request.
    var account: AuthenticatedAccount? {
        get { storage[AuthenticatedAccountKey.self] }
        set { storage[AuthenticatedAccountKey.self] = newValue }
    }

    /// The signed-in account, or 401 (the portal turns that into a redirect to the sign-in page).
    func requireAccount() throws -> AuthenticatedAccount {
        guard let account else { throw Problem(.unauthorized, detail: "Sign in to continue.") }
        return account
    }

    /// Asks the domain whether the signed-in principal may do `action` on `resource`; 404 for
    /// resources of other people (their existence is not revealed), 403 otherwise.
    func authorize(_ action: Action, on resource: ProtectedResource) throws -> AuthenticatedAccount {
        let account = try requireAccount()
        switch Authorizer.decide(account.principal, action, on: resource) {
        case .allow:
            return account
        case .deny(let denial):
            if resource.owner != nil, resource.owner != account.personID {
                throw Problem.notFound("That resource")
            }
            throw Problem(.forbidden, detail: denial.message.en)
        }
    }

    /// The owner of a personal matter, or a helper acting for them under an active delegation;
    /// anyone else gets 404 (the matter's existence is not revealed).
    func authorizeOwnerOrHelper(of owner: PersonID) throws -> AuthenticatedAccount {
        let account = try requireAccount()
        let resource = ProtectedResource(owner: owner)
        for action in [Action.readOwnData, .actForDependent]
        where Authorizer.decide(account.principal, action, on: resource) == .allow {
            return account
        }
        throw Problem.notFound("That resource")
    }
}
