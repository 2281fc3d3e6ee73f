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

    public init(
        id: String, helper: PersonID, dependent: PersonID, relationship: Relationship, consent: ConsentKind,
        createdAt: Date, revokedAt: Date? = nil, revokedBy: PersonID? = nil
    ) {
        self.id = id
        self.helper = helper
        self.dependent = dependent
        self.relationship = relationship
        self.consent = consent
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
    }

    public var isActive: Bool { revokedAt == nil }

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

    /// Whether `helper` may start acting for `dependent`. `existing` are the helper's delegations
    /// (active or not; revoked ones are ignored).
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
        let active = existing.filter { $0.isActive && $0.helper == helper.id }
        guard !active.contains(where: { $0.dependent == dependent.id }) else { throw .alreadyDelegated }
        guard Set(active.map(\.dependent)).count < maxActiveDependents else { throw .tooManyDependents }
    }

    /// The helper or the dependent (or the guardian, who is the helper for a child) may revoke an
    /// active delegation; nobody else, and a revoked one cannot be revoked again.
    public static func canRevoke(_ delegation: Delegation, by person: PersonID) -> Bool {
        delegation.isActive && (person == delegation.helper || person == delegation.dependent)
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
