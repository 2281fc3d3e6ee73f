import Foundation

/// How the helper is related to the person they act for.
public enum Relationship: String, CaseIterable, Hashable, Sendable, Codable {
    case parent
    case legalGuardian = "legal-guardian"
    case child
    case spouse
    case sibling
    case grandparent
    case grandchild
    case otherRelative = "other-relative"
    case friend
    case other
}

public enum ConsentKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// The dependent confirmed themselves, with their own one-time code or face check.
    case dependentInPerson = "dependent-in-person"
    /// For a child under 16: the parent or legal guardian declares the relationship.
    case guardianDeclaration = "guardian-declaration"
}

/// How a delegation came into force: declared by the helper (a parent or guardian for a child under
/// 16, recorded as the helper's word), or confirmed by the dependent themselves, with the one-time
/// code sent to their verified mobile or by accepting in their own account.
public enum DelegationConfirmation: String, CaseIterable, Hashable, Sendable, Codable {
    case guardianDeclaration = "guardian-declaration"
    case dependentCode = "dependent-code"
    case dependentAccount = "dependent-account"
}

/// Where a delegation stands at a moment. Only `active` lets the helper act.
public enum DelegationStatus: String, CaseIterable, Hashable, Sendable, Codable {
    /// Waiting for the dependent's confirmation (until `expiresAt`).
    case pending
    case active
    /// Never confirmed in time.
    case expired
    /// Ended by the helper or the dependent (a pending one the dependent ended was declined).
    case revoked
}

/// Permission for `helper` to act for `dependent` (assisted service). Every action taken under it
/// records both people.
public struct Delegation: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var helper: PersonID
    public var dependent: PersonID
    public var relationship: Relationship
    public var consent: ConsentKind
    public var createdAt: Date
    public var revokedAt: Date?
    public var revokedBy: PersonID?
    /// nil while the dependent has not confirmed.
    public var confirmation: DelegationConfirmation?
    public var confirmedAt: Date?
    /// Until when a pending delegation can be confirmed (nil once confirmed).
    public var expiresAt: Date?

    public init(
        id: String, helper: PersonID, dependent: PersonID, relationship: Relationship, consent: ConsentKind,
        createdAt: Date, revokedAt: Date? = nil, revokedBy: PersonID? = nil,
        confirmation: DelegationConfirmation? = nil, confirmedAt: Date? = nil, expiresAt: Date? = nil
    ) {
        self.id = id
        self.helper = helper
        self.dependent = dependent
        self.relationship = relationship
        self.consent = consent
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
        self.confirmation = confirmation
        self.confirmedAt = confirmedAt
        self.expiresAt = expiresAt
    }

    /// Confirmed and not revoked: the only state in which the helper may act (the Authorizer asks this).
    public var isActive: Bool { revokedAt == nil && confirmedAt != nil }

    /// Not revoked or closed, whether confirmed or still waiting (one open delegation per pair).
    public var isOpen: Bool { revokedAt == nil }

    public func status(at now: Date) -> DelegationStatus {
        if confirmedAt != nil { return revokedAt == nil ? .active : .revoked }
        // A pending one closed before its expiry was declined or withdrawn; one closed later expired.
        if let revokedAt { return revokedAt >= (expiresAt ?? .distantFuture) ? .expired : .revoked }
        if let expiresAt, now >= expiresAt { return .expired }
        return .pending
    }

    /// The same delegation, confirmed by the dependent; refused unless it is pending at `now`.
    public func confirmed(
        by confirmation: DelegationConfirmation, at now: Date
    ) throws(DelegationConfirmationError) -> Delegation {
        switch status(at: now) {
        case .pending: break
        case .active: throw .alreadyConfirmed
        case .expired: throw .expired
        case .revoked: throw .revoked
        }
        var copy = self
        copy.confirmation = confirmation
        copy.confirmedAt = now
        copy.expiresAt = nil
        return copy
    }

    /// The same delegation, revoked.
    public func revoked(by person: PersonID, at now: Date) -> Delegation {
        var copy = self
        copy.revokedAt = now
        copy.revokedBy = person
        return copy
    }
}

public enum DelegationRules {
    public static let maxActiveDependents = 10
    public static let helperMinimumAge = 18
    /// Who may declare for a child under 16 without the child's own confirmation.
    public static let guardianRelationships: Set<Relationship> = [.parent, .legalGuardian, .grandparent]
    /// How long a dependent has to confirm: three days, long enough to reach an elderly relative
    /// (a one-time code lives 5 minutes and can be sent again within this window).
    public static let confirmationWindow: TimeInterval = 3 * 86_400

    /// A new delegation as the rules want it to start: for a child under 16, in force at once on the
    /// guardian's declaration (recorded as such); for anyone else, pending until the dependent confirms.
    public static func start(
        id: String, helper: PersonID, dependent: RegistryPerson, relationship: Relationship, consent: ConsentKind,
        today: CalendarDate, now: Date
    ) -> Delegation {
        var delegation = Delegation(
            id: id, helper: helper, dependent: dependent.id, relationship: relationship, consent: consent,
            createdAt: now)
        if dependent.isMinor(on: today) {
            delegation.confirmation = .guardianDeclaration
            delegation.confirmedAt = now
        } else {
            delegation.expiresAt = now.addingTimeInterval(confirmationWindow)
        }
        return delegation
    }

    /// Whether `helper` may start acting for `dependent`. `existing` are the helper's delegations
    /// (pending, active or revoked; revoked ones are ignored, pending ones count like active ones).
    public static func validate(
        helper: RegistryPerson, dependent: RegistryPerson, relationship: Relationship, consent: ConsentKind,
        existing: [Delegation], today: CalendarDate
    ) throws(DelegationError) {
        guard helper.id != dependent.id else { throw .selfDelegation }
        guard helper.age(on: today) >= helperMinimumAge else { throw .helperUnderage }
        if dependent.isMinor(on: today) {
            guard guardianRelationships.contains(relationship) else { throw .minorNeedsGuardian }
            guard consent == .guardianDeclaration else { throw .guardianDeclarationRequired }
        } else {
            guard consent == .dependentInPerson else { throw .dependentConsentRequired }
        }
        let active = existing.filter { $0.isOpen && $0.helper == helper.id }
        guard !active.contains(where: { $0.dependent == dependent.id }) else { throw .alreadyDelegated }
        guard Set(active.map(\.dependent)).count < maxActiveDependents else { throw .tooManyDependents }
    }

    /// The helper or the dependent (or the guardian, who is the helper for a child) may revoke an
    /// active delegation; nobody else, and a revoked one cannot be revoked again.
    /// A pending one may be withdrawn by the helper or declined by the dependent the same way.
    public static func canRevoke(_ delegation: Delegation, by person: PersonID) -> Bool {
        delegation.isOpen && (person == delegation.helper || person == delegation.dependent)
    }
}

public enum DelegationConfirmationError: DomainError, Hashable, CaseIterable {
    case alreadyConfirmed
    case expired
    case revoked
    /// The dependent has no applicant account, so they cannot receive a code or accept themselves.
    case dependentHasNoAccount

    public var code: String {
        switch self {
        case .alreadyConfirmed: "delegation-already-confirmed"
        case .expired: "delegation-confirmation-expired"
        case .revoked: "delegation-revoked"
        case .dependentHasNoAccount: "delegation-dependent-needs-account"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .alreadyConfirmed:
            LocalizedText(zh: "对方已确认同意，无需重复确认", en: "The person has already agreed")
        case .expired:
            LocalizedText(
                zh: "对方未在3天内确认，请重新添加", en: "The person did not agree within 3 days; please add them again")
        case .revoked:
            LocalizedText(zh: "该代办关系已取消", en: "This arrangement has been cancelled")
        case .dependentHasNoAccount:
            LocalizedText(
                zh: "年满16周岁的被代办人需要本人确认：请对方先注册账户并验证手机号，再添加",
                en:
                    "A person aged 16 or over must agree themselves: ask them to register an account and verify "
                    + "their mobile number first, then add them")
        }
    }
}

public enum DelegationError: DomainError, Hashable, CaseIterable {
    case selfDelegation
    case helperUnderage
    case minorNeedsGuardian
    case guardianDeclarationRequired
    case dependentConsentRequired
    case alreadyDelegated
    case tooManyDependents

    public var code: String {
        switch self {
        case .selfDelegation: "delegation-self"
        case .helperUnderage: "delegation-helper-underage"
        case .minorNeedsGuardian: "delegation-minor-needs-guardian"
        case .guardianDeclarationRequired: "delegation-guardian-declaration-required"
        case .dependentConsentRequired: "delegation-dependent-consent-required"
        case .alreadyDelegated: "delegation-duplicate"
        case .tooManyDependents: "delegation-too-many"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .selfDelegation:
            LocalizedText(zh: "不能将自己添加为被代办人", en: "You cannot add yourself as someone you help")
        case .helperUnderage:
            LocalizedText(
                zh: "年满18周岁才能为他人代办", en: "You must be 18 or older to act for someone else")
        case .minorNeedsGuardian:
            LocalizedText(
                zh: "未满16周岁的儿童只能由父母、法定监护人或祖父母代办",
                en: "A child under 16 can only be added by a parent, legal guardian or grandparent")
        case .guardianDeclarationRequired:
            LocalizedText(
                zh: "为未满16周岁的儿童代办，请以监护人身份填写声明",
                en: "To act for a child under 16, please make the guardian's declaration")
        case .dependentConsentRequired:
            LocalizedText(
                zh: "被代办人年满16周岁，需要本人通过验证码或人脸验证确认同意",
                en:
                    "The person is 16 or older and must agree themselves, with a code sent to them or a face check"
            )
        case .alreadyDelegated:
            LocalizedText(
                zh: "您已经在为此人代办，无需重复添加",
                en: "You already act for this person; there is no need to add them again")
        case .tooManyDependents:
            LocalizedText(
                zh: "最多可同时为10人代办，请先解除不再需要的代办关系",
                en: "You can act for at most 10 people at a time; please end one you no longer need first")
        }
    }
}
