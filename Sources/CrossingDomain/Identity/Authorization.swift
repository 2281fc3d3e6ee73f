public enum Role: String, CaseIterable, Hashable, Sendable, Codable {
    case applicant
    case officer
    case supervisor
    case administrator
    case partner
}

/// One role held by an account. Officers and supervisors are always scoped to an office;
/// administrators may be (`officeCode` set) or cover all offices (nil).
public struct RoleGrant: Hashable, Sendable, Codable {
    public var role: Role
    public var officeCode: String?

    public init(role: Role, officeCode: String? = nil) {
        self.role = role
        self.officeCode = officeCode
    }
}

/// Who is asking: the signed-in account, its registry person (nil for staff-only accounts), its
/// roles and the delegations under which it may act for others.
public struct Principal: Hashable, Sendable, Codable {
    public var accountID: String
    public var personID: PersonID?
    public var grants: [RoleGrant]
    public var activeDelegations: [Delegation]

    public init(accountID: String, personID: PersonID?, grants: [RoleGrant], activeDelegations: [Delegation] = []) {
        self.accountID = accountID
        self.personID = personID
        self.grants = grants
        self.activeDelegations = activeDelegations
    }
}

/// What is being touched: whose data it is and which office handles it (either may be absent,
/// e.g. reference data has neither).
public struct ProtectedResource: Hashable, Sendable, Codable {
    public var owner: PersonID?
    public var officeCode: String?

    public init(owner: PersonID? = nil, officeCode: String? = nil) {
        self.owner = owner
        self.officeCode = officeCode
    }
}

public enum Action: String, CaseIterable, Hashable, Sendable, Codable {
    case readOwnData = "read-own-data"
    case changeOwnAccount = "change-own-account"
    case actForDependent = "act-for-dependent"
    case readPersonRecord = "read-person-record"
    case reviewApplication = "review-application"
    case decideApplication = "decide-application"
    case manageStaff = "manage-staff"
    case manageReferenceData = "manage-reference-data"
    case verifyAuditChain = "verify-audit-chain"
    case readAuditLog = "read-audit-log"
    case partnerVerifyDocument = "partner-verify-document"
    /// Open the back office at all (any staff role).
    case openBackOffice = "open-back-office"
    /// See background-job queues, failures and dead letters, and retry them.
    case operateBackgroundJobs = "operate-background-jobs"
    /// See payment reconciliation differences and settle them.
    case reconcilePayments = "reconcile-payments"
    /// Edit an office's appointment capacity, closures and release times.
    case manageAppointmentCapacity = "manage-appointment-capacity"
    /// See an office's appointment list, check people in, mark no-shows.
    case checkInAppointments = "check-in-appointments"
    /// Search bookings across offices and cancel bulk or scripted ones.
    case investigateBookings = "investigate-bookings"
    /// Supervisors' view of applications: what is due today or late, and the statistics.
    case superviseApplications = "supervise-applications"
}

public enum AuthorizationDecision: Hashable, Sendable {
    case allow
    case deny(AuthorizationDenial)
}

/// Why access was refused. Routes for personal data answer 404 rather than showing these, so a
/// stranger cannot tell whether a resource exists; the code goes to the audit log.
public enum AuthorizationDenial: String, DomainError, Hashable, CaseIterable {
    /// None of the principal's roles may do this action at all.
    case roleNotPermitted = "role-not-permitted"
    /// The data belongs to someone else (and no active delegation covers it).
    case notOwner = "not-owner"
    /// A staff member acting outside their office.
    case outsideOffice = "outside-office"
    /// Staff may not review or decide their own or their dependents' applications.
    case conflictOfInterest = "conflict-of-interest"

    public var code: String { rawValue }

    public var message: LocalizedText {
        switch self {
        case .roleNotPermitted:
            LocalizedText(
                zh: "您的账户无权进行此操作；如确有需要，请联系管理员",
                en: "Your account may not do this; if you need to, please contact an administrator")
        case .notOwner:
            LocalizedText(
                zh: "未找到该记录，请确认是您本人或您代办人员的记录",
                en: "We could not find that record; please check that it is yours or of someone you act for")
        case .outsideOffice:
            LocalizedText(
                zh: "该事项不属于您所在的受理单位，请转交相应单位办理",
                en: "This matter belongs to another office; please pass it to that office")
        case .conflictOfInterest:
            LocalizedText(
                zh: "您不能审核本人或亲属的申请，请交由其他工作人员办理",
                en: "You cannot handle your own or your relatives' applications; please pass it to a colleague")
        }
    }
}

/// Deny by default: an action is allowed only when one of the principal's grants allows it on
/// this resource. With several grants, any allowing grant wins; otherwise the most specific
/// denial is reported (a scope problem says more than "no such role").
public enum Authorizer {
    public static func decide(
        _ principal: Principal, _ action: Action, on resource: ProtectedResource
    ) -> AuthorizationDecision {
        var denial = AuthorizationDenial.roleNotPermitted
        for grant in principal.grants {
            guard let verdict = verdict(grant, principal, action, resource) else { continue }
            switch verdict {
            case .allow: return .allow
            case .deny(let reason) where rank(reason) > rank(denial): denial = reason
            case .deny: break
            }
        }
        return .deny(denial)
    }

    /// nil when the grant's role has nothing to do with `action`.
    private static func verdict(
        _ grant: RoleGrant, _ principal: Principal, _ action: Action, _ resource: ProtectedResource
    ) -> AuthorizationDecision? {
        switch (grant.role, action) {
        case (.applicant, .readOwnData), (.applicant, .changeOwnAccount):
            return isOwner(principal, resource) ? .allow : .deny(.notOwner)
        case (.applicant, .actForDependent):
            return actsFor(principal, resource) ? .allow : .deny(.notOwner)
        case (.officer, .readPersonRecord), (.supervisor, .readPersonRecord):
            return inOffice(grant, resource, allowingAllOffices: false) ? .allow : .deny(.outsideOffice)
        case (.officer, .reviewApplication), (.officer, .decideApplication),
            (.supervisor, .reviewApplication), (.supervisor, .decideApplication):
            guard inOffice(grant, resource, allowingAllOffices: false) else { return .deny(.outsideOffice) }
            return isOwner(principal, resource) || actsFor(principal, resource) ? .deny(.conflictOfInterest) : .allow
        case (.supervisor, .readAuditLog):
            return inOffice(grant, resource, allowingAllOffices: false) ? .allow : .deny(.outsideOffice)
        case (.administrator, .manageStaff), (.administrator, .manageReferenceData),
            (.administrator, .verifyAuditChain), (.administrator, .readAuditLog):
            return inOffice(grant, resource, allowingAllOffices: true) ? .allow : .deny(.outsideOffice)
        case (.partner, .partnerVerifyDocument):
            return .allow
        case (.officer, .openBackOffice), (.supervisor, .openBackOffice), (.administrator, .openBackOffice):
            return .allow
        case (.officer, .checkInAppointments), (.supervisor, .checkInAppointments),
            (.supervisor, .manageAppointmentCapacity):
            return inOffice(grant, resource, allowingAllOffices: false) ? .allow : .deny(.outsideOffice)
        case (.supervisor, .reconcilePayments), (.supervisor, .operateBackgroundJobs):
            return .allow
        case (.supervisor, .superviseApplications):
            return inOffice(grant, resource, allowingAllOffices: false) ? .allow : .deny(.outsideOffice)
        case (.administrator, .superviseApplications):
            return .allow
        case (.administrator, .operateBackgroundJobs), (.administrator, .reconcilePayments),
            (.administrator, .manageAppointmentCapacity), (.administrator, .investigateBookings),
            (.administrator, .checkInAppointments):
            return inOffice(grant, resource, allowingAllOffices: true) ? .allow : .deny(.outsideOffice)
        default:
            return nil
        }
    }

    private static func isOwner(_ principal: Principal, _ resource: ProtectedResource) -> Bool {
        guard let me = principal.personID, let owner = resource.owner else { return false }
        return me == owner
    }

    private static func actsFor(_ principal: Principal, _ resource: ProtectedResource) -> Bool {
        guard let me = principal.personID, let owner = resource.owner else { return false }
        return principal.activeDelegations.contains { $0.isActive && $0.helper == me && $0.dependent == owner }
    }

    /// Office-scoped grants reach only resources of the same office. A grant without an office
    /// reaches everything only where that is allowed (administrators); an officer grant missing its
    /// office is a configuration mistake and reaches nothing.
    private static func inOffice(_ grant: RoleGrant, _ resource: ProtectedResource, allowingAllOffices: Bool) -> Bool {
        guard let office = grant.officeCode else { return allowingAllOffices }
        return resource.officeCode == office
    }

    private static func rank(_ denial: AuthorizationDenial) -> Int {
        switch denial {
        case .roleNotPermitted: 0
        case .notOwner: 1
        case .outsideOffice: 2
        case .conflictOfInterest: 3
        }
    }
}
