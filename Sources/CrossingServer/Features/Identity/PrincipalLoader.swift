import CrossingDomain
import Fluent
import Foundation

/// Builds the authenticated account for an account ID: its role grants and the active (confirmed,
/// not revoked) delegations of its person, so the domain's Authorizer can decide. Both authenticators call this one loader.
enum PrincipalLoader {
    static func load(
        accountID: UUID, method: AuthenticationMethod, on database: any Database
    ) async throws
        -> AuthenticatedAccount?
    {
        guard let account = try await AccountRecord.find(accountID, on: database),
            let kind = AccountKind(rawValue: account.kind)
        else { return nil }
        let grants = try await RoleGrantRecord.query(on: database).filter(\.$accountID == accountID).all()
            .compactMap { record in
                Role(rawValue: record.role).map { RoleGrant(role: $0, officeCode: record.officeCode) }
            }
        var delegations: [Delegation] = []
        let personID = account.personKey.map(PersonID.init)
        if let personKey = account.personKey {
            delegations = try await DelegationRecord.query(on: database)
                .filter(\.$helperPersonKey == personKey)
                .filter(\.$revokedAt == nil)
                .filter(\.$confirmedAt != nil)
                .all()
                .compactMap(\.delegation)
        }
        let roles = kind == .applicant && grants.isEmpty ? [RoleGrant(role: .applicant, officeCode: nil)] : grants
        return AuthenticatedAccount(
            accountID: accountID, personID: personID, kind: kind,
            principal: Principal(
                accountID: accountID.uuidString, personID: personID, grants: roles, activeDelegations: delegations),
            method: method)
    }
}

extension DelegationRecord {
    /// The domain value, or nil for a row whose codes this version does not know.
    var delegation: Delegation? {
        guard let id, let relationship = Relationship(rawValue: relationship),
            let consent = ConsentKind(rawValue: consent)
        else { return nil }
        return Delegation(
            id: id.uuidString, helper: PersonID(helperPersonKey), dependent: PersonID(dependentPersonKey),
            relationship: relationship, consent: consent, createdAt: createdAt, revokedAt: revokedAt,
            revokedBy: revokedBy.map(PersonID.init), confirmation: confirmation.flatMap(DelegationConfirmation.init),
            confirmedAt: confirmedAt, expiresAt: expiresAt)
    }
}
