import CrossingDomain
import Foundation
import Testing

/// The whole role × action matrix, on a resource owned by someone else in office 320500 (Suzhou),
/// then the scope rules one by one.
struct AuthorizerTests {
    static let me = PersonID("P-ME")
    static let child = PersonID("P-CHILD")
    static let stranger = PersonID("P-STRANGER")
    static let suzhou = "320500"
    static let wuhan = "420100"

    static func principal(_ grants: [RoleGrant], delegations: [Delegation] = []) -> Principal {
        Principal(accountID: "acct-me", personID: me, grants: grants, activeDelegations: delegations)
    }

    static let delegation = Delegation(
        id: "D1", helper: me, dependent: child, relationship: .parent, consent: .guardianDeclaration,
        createdAt: IdentityFixtures.now, confirmation: .guardianDeclaration, confirmedAt: IdentityFixtures.now)

    static func grant(_ role: Role) -> RoleGrant {
        RoleGrant(
            role: role, officeCode: role == .administrator || role == .partner || role == .applicant ? nil : suzhou)
    }

    /// Which actions each role may take on a stranger's resource in its own office.
    static let matrix: [Role: Set<Action>] = [
        .applicant: [],
        .officer: [.readPersonRecord, .reviewApplication, .decideApplication, .openBackOffice, .checkInAppointments],
        .supervisor: [
            .readPersonRecord, .reviewApplication, .decideApplication, .readAuditLog, .openBackOffice,
            .checkInAppointments, .manageAppointmentCapacity, .reconcilePayments, .operateBackgroundJobs,
            .superviseApplications,
        ],
        .administrator: [
            .manageStaff, .manageReferenceData, .verifyAuditChain, .readAuditLog, .openBackOffice,
            .operateBackgroundJobs, .reconcilePayments, .manageAppointmentCapacity, .investigateBookings,
            .checkInAppointments, .superviseApplications,
        ],
        .partner: [.partnerVerifyDocument],
    ]

    static let cells: [(Role, Action)] = Role.allCases.flatMap { role in Action.allCases.map { (role, $0) } }

    @Test(arguments: cells)
    func matrixOnAStrangersResourceInTheOffice(role: Role, action: Action) {
        let resource = ProtectedResource(owner: Self.stranger, officeCode: Self.suzhou)
        let decision = Authorizer.decide(Self.principal([Self.grant(role)]), action, on: resource)
        let allowed = Self.matrix[role, default: []].contains(action)
        #expect((decision == .allow) == allowed)
    }

    @Test(arguments: [
        // (action, resource owner, delegation active, expected)
        (Action.readOwnData, me, false, AuthorizationDecision.allow),
        (.changeOwnAccount, me, false, .allow),
        (.readOwnData, stranger, false, .deny(.notOwner)),
        (.changeOwnAccount, child, true, .deny(.notOwner)),
        (.actForDependent, child, true, .allow),
        (.actForDependent, child, false, .deny(.notOwner)),
        (.actForDependent, stranger, true, .deny(.notOwner)),
        (.readPersonRecord, me, false, .deny(.roleNotPermitted)),
    ])
    func applicantsReachOnlyTheirOwnAndTheirDependentsData(
        action: Action, owner: PersonID, delegated: Bool, expected: AuthorizationDecision
    ) {
        var delegations: [Delegation] = []
        if delegated { delegations.append(Self.delegation) }
        let principal = Self.principal([RoleGrant(role: .applicant)], delegations: delegations)
        #expect(Authorizer.decide(principal, action, on: ProtectedResource(owner: owner)) == expected)
    }

    @Test func aRevokedDelegationPassedByMistakeStillDenies() {
        let revoked = Self.delegation.revoked(by: Self.child, at: IdentityFixtures.now)
        let principal = Self.principal([RoleGrant(role: .applicant)], delegations: [revoked])
        #expect(
            Authorizer.decide(principal, .actForDependent, on: ProtectedResource(owner: Self.child)) == .deny(.notOwner)
        )
    }

    @Test(arguments: [
        // (role, grant office, resource office, action, expected)
        (Role.officer, suzhou as String?, suzhou as String?, Action.readPersonRecord, AuthorizationDecision.allow),
        (.officer, suzhou, wuhan, .readPersonRecord, .deny(.outsideOffice)),
        (.officer, suzhou, nil, .reviewApplication, .deny(.outsideOffice)),
        (.officer, nil, suzhou, .decideApplication, .deny(.outsideOffice)),
        (.officer, suzhou, suzhou, .readAuditLog, .deny(.roleNotPermitted)),
        (.supervisor, suzhou, suzhou, .readAuditLog, .allow),
        (.supervisor, suzhou, wuhan, .readAuditLog, .deny(.outsideOffice)),
        (.supervisor, suzhou, suzhou, .manageStaff, .deny(.roleNotPermitted)),
        (.administrator, nil, wuhan, .readAuditLog, .allow),
        (.administrator, nil, nil, .manageReferenceData, .allow),
        (.administrator, suzhou, wuhan, .manageStaff, .deny(.outsideOffice)),
        (.administrator, nil, suzhou, .readPersonRecord, .deny(.roleNotPermitted)),
        (.supervisor, suzhou, suzhou, .superviseApplications, .allow),
        (.supervisor, suzhou, wuhan, .superviseApplications, .deny(.outsideOffice)),
        (.officer, suzhou, suzhou, .superviseApplications, .deny(.roleNotPermitted)),
        (.administrator, nil, wuhan, .superviseApplications, .allow),
        (.partner, nil, nil, .partnerVerifyDocument, .allow),
        (.partner, nil, nil, .readPersonRecord, .deny(.roleNotPermitted)),
    ])
    func staffAreScopedToTheirOffice(
        role: Role, grantOffice: String?, resourceOffice: String?, action: Action, expected: AuthorizationDecision
    ) {
        let principal = Self.principal([RoleGrant(role: role, officeCode: grantOffice)])
        let resource = ProtectedResource(owner: Self.stranger, officeCode: resourceOffice)
        #expect(Authorizer.decide(principal, action, on: resource) == expected)
    }

    @Test(arguments: [me, child])
    func staffCannotDecideTheirOwnOrTheirDependentsApplications(owner: PersonID) {
        let principal = Self.principal(
            [RoleGrant(role: .officer, officeCode: Self.suzhou)], delegations: [Self.delegation])
        let resource = ProtectedResource(owner: owner, officeCode: Self.suzhou)
        #expect(Authorizer.decide(principal, .decideApplication, on: resource) == .deny(.conflictOfInterest))
        #expect(Authorizer.decide(principal, .reviewApplication, on: resource) == .deny(.conflictOfInterest))
    }

    @Test func anyAllowingGrantWinsAndNoGrantsDenies() {
        let both = Self.principal([
            RoleGrant(role: .officer, officeCode: Self.wuhan), RoleGrant(role: .officer, officeCode: Self.suzhou),
        ])
        let resource = ProtectedResource(owner: Self.stranger, officeCode: Self.suzhou)
        #expect(Authorizer.decide(both, .reviewApplication, on: resource) == .allow)
        let nobody = Self.principal([])
        for action in Action.allCases {
            #expect(Authorizer.decide(nobody, action, on: resource) == .deny(.roleNotPermitted))
        }
    }

    @Test func anAccountWithoutAPersonOwnsNothing() {
        let staffOnly = Principal(accountID: "admin-1", personID: nil, grants: [RoleGrant(role: .applicant)])
        #expect(Authorizer.decide(staffOnly, .readOwnData, on: ProtectedResource(owner: nil)) == .deny(.notOwner))
    }
}
