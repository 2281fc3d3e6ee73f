import Fluent
import Foundation

extension AccountSessions {
    /// Refresh tokens go with the sessions: the token service revokes every family of the account.
    static func revokeTokens(accountID: UUID, services: AppServices, on database: any Database) async throws {
        try await TokenService(services: services).revokeAll(accountID: accountID, on: database)
    }
}
