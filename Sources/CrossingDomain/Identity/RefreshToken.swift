import Foundation

/// One refresh token of a rotation family. Each use consumes it and issues a child; the family
/// is one sign-in on one device.
public struct RefreshToken: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var familyID: String
    /// The token this one replaced; nil for the first of the family.
    public var parentID: String?
    public var accountID: String
    public var issuedAt: Date
    public var expiresAt: Date
    public var usedAt: Date?
    public var revokedAt: Date?

    public init(
        id: String, familyID: String, parentID: String?, accountID: String, issuedAt: Date, expiresAt: Date,
        usedAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.familyID = familyID
        self.parentID = parentID
        self.accountID = accountID
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.revokedAt = revokedAt
    }

    /// The token that replaces this one, in the same family and for the same account.
    public func successor(id: String, now: Date, lifetime: TimeInterval) -> RefreshToken {
        RefreshToken(
            id: id, familyID: familyID, parentID: self.id, accountID: accountID, issuedAt: now,
            expiresAt: now.addingTimeInterval(lifetime))
    }
}

public enum RefreshDecision: Hashable, Sendable {
    /// Issue a successor; `consumed` is the presented token marked used, to store.
    case rotate(consumed: RefreshToken)
    /// A used token came back: someone holds a copy. Revoke the whole family and sign the device out.
    case reuseDetected(familyID: String)
    case expired
    case revoked
    case unknown
}

public enum RefreshRotation {
    /// `family` is every token sharing the presented token's family (as found by its ID). Reuse is
    /// checked before revocation, so a stolen token replayed after sign-out is still reported.
    public static func present(tokenID: String, family: [RefreshToken], now: Date) -> RefreshDecision {
        guard let token = family.first(where: { $0.id == tokenID }) else { return .unknown }
        if token.usedAt != nil { return .reuseDetected(familyID: token.familyID) }
        if token.revokedAt != nil { return .revoked }
        if now >= token.expiresAt { return .expired }
        var consumed = token
        consumed.usedAt = now
        return .rotate(consumed: consumed)
    }
}
