import CrossingDomain
import Foundation
import Testing

struct DelegationTests {
    typealias F = IdentityFixtures
    static let helper = F.person("P-HELPER", born: "1980-05-01")
    static let child = F.person("P-CHILD", born: "2015-09-01")
    static let grandmother = F.person("P-GRAN", born: "1945-02-10")
    static let teenager = F.person("P-TEEN", born: "2009-06-01")

    static func delegation(_ id: String, dependent: String, revoked: Bool = false) -> Delegation {
        Delegation(
            id: id, helper: helper.id, dependent: PersonID(dependent), relationship: .friend,
            consent: .dependentInPerson,
            createdAt: F.at(-86_400), revokedAt: revoked ? F.at(-60) : nil, revokedBy: revoked ? helper.id : nil)
    }

    @Test(arguments: [
        // (helper, dependent, relationship, consent, error or nil)
        ("helper", "child", Relationship.parent, ConsentKind.guardianDeclaration, nil as DelegationError?),
        ("helper", "child", .legalGuardian, .guardianDeclaration, nil),
        ("helper", "child", .grandparent, .guardianDeclaration, nil),
        ("helper", "child", .sibling, .guardianDeclaration, .minorNeedsGuardian),
        ("helper", "child", .friend, .dependentInPerson, .minorNeedsGuardian),
        ("helper", "child", .parent, .dependentInPerson, .guardianDeclarationRequired),
        ("helper", "grandmother", .grandchild, .dependentInPerson, nil),
        ("helper", "grandmother", .friend, .dependentInPerson, nil),
        ("helper", "grandmother", .grandchild, .guardianDeclaration, .dependentConsentRequired),
        ("helper", "teenager", .parent, .dependentInPerson, nil),
        ("helper", "teenager", .parent, .guardianDeclaration, .dependentConsentRequired),
        ("helper", "helper", .other, .dependentInPerson, .selfDelegation),
        ("teenager", "grandmother", .grandchild, .dependentInPerson, .helperUnderage),
    ])
    func whoMayActForWhom(
        helper: String, dependent: String, relationship: Relationship, consent: ConsentKind, error: DelegationError?
    ) throws {
        let people = [
            "helper": Self.helper, "child": Self.child, "grandmother": Self.grandmother, "teenager": Self.teenager,
        ]
        let helper = try #require(people[helper])
        let dependent = try #require(people[dependent])
        let attempt = {
            try DelegationRules.validate(
                helper: helper, dependent: dependent, relationship: relationship, consent: consent, existing: [],
                today: F.today)
        }
        if let error {
            #expect(throws: error, performing: attempt)
        } else {
            #expect(throws: Never.self, performing: attempt)
        }
    }

    @Test func noSecondActiveDelegationForTheSamePerson() throws {
        let active = Self.delegation("D1", dependent: "P-GRAN")
        #expect(throws: DelegationError.alreadyDelegated) {
            try DelegationRules.validate(
                helper: Self.helper, dependent: Self.grandmother, relationship: .grandchild,
                consent: .dependentInPerson,
                existing: [active], today: F.today)
        }
        try DelegationRules.validate(
            helper: Self.helper, dependent: Self.grandmother, relationship: .grandchild, consent: .dependentInPerson,
            existing: [Self.delegation("D1", dependent: "P-GRAN", revoked: true)], today: F.today)
    }

    @Test(arguments: [(9, false, nil as DelegationError?), (10, false, .tooManyDependents), (10, true, nil)])
    func atMostTenActiveDependents(count: Int, revoked: Bool, error: DelegationError?) {
        let existing = (0..<count).map { Self.delegation("D\($0)", dependent: "P-\($0)", revoked: revoked) }
        let attempt = {
            try DelegationRules.validate(
                helper: Self.helper, dependent: Self.grandmother, relationship: .grandchild,
                consent: .dependentInPerson, existing: existing, today: F.today)
        }
        if let error {
            #expect(throws: error, performing: attempt)
        } else {
            #expect(throws: Never.self, performing: attempt)
        }
    }

    @Test(arguments: [("P-HELPER", true), ("P-GRAN", true), ("P-STRANGER", false)])
    func helperOrDependentMayRevoke(person: String, allowed: Bool) {
        let delegation = Self.delegation("D1", dependent: "P-GRAN")
        #expect(DelegationRules.canRevoke(delegation, by: PersonID(person)) == allowed)
    }

    @Test func revokingRecordsWhoAndWhenAndHappensOnce() {
        let revoked = Self.delegation("D1", dependent: "P-GRAN").revoked(by: PersonID("P-GRAN"), at: F.now)
        #expect(!revoked.isActive)
        #expect(revoked.revokedAt == F.now)
        #expect(revoked.revokedBy == PersonID("P-GRAN"))
        #expect(!DelegationRules.canRevoke(revoked, by: PersonID("P-GRAN")))
    }
}

struct RefreshRotationTests {
    typealias F = IdentityFixtures

    static func token(
        _ id: String, parent: String? = nil, expiresIn: TimeInterval = 3_600, used: Bool = false, revoked: Bool = false
    ) -> RefreshToken {
        RefreshToken(
            id: id, familyID: "FAM", parentID: parent, accountID: "acct-1", issuedAt: F.at(-60),
            expiresAt: F.at(expiresIn), usedAt: used ? F.at(-30) : nil, revokedAt: revoked ? F.at(-10) : nil)
    }

    @Test(arguments: [
        ("T2", [token("T1", used: true), token("T2", parent: "T1")], "rotate"),
        ("T1", [token("T1", used: true), token("T2", parent: "T1")], "reuse"),
        ("T1", [token("T1", used: true, revoked: true)], "reuse"),
        ("T1", [token("T1", revoked: true)], "revoked"),
        ("T1", [token("T1", expiresIn: 0)], "expired"),
        ("T1", [token("T1", expiresIn: -1)], "expired"),
        ("T9", [token("T1")], "unknown"),
        ("T1", [], "unknown"),
    ])
    func presentingARefreshToken(id: String, family: [RefreshToken], expected: String) {
        let decision = RefreshRotation.present(tokenID: id, family: family, now: F.now)
        switch (decision, expected) {
        case (.rotate(let consumed), "rotate"):
            #expect(consumed.id == id)
            #expect(consumed.usedAt == F.now)
        case (.reuseDetected(let familyID), "reuse"): #expect(familyID == "FAM")
        case (.revoked, "revoked"), (.expired, "expired"), (.unknown, "unknown"): break
        default: Issue.record("Expected \(expected), got \(decision)")
        }
    }

    @Test func theSuccessorContinuesTheFamily() {
        let next = Self.token("T1").successor(id: "T2", now: F.now, lifetime: 86_400)
        #expect(next.familyID == "FAM" && next.parentID == "T1" && next.accountID == "acct-1")
        #expect(next.issuedAt == F.now && next.expiresAt == F.at(86_400) && next.usedAt == nil)
    }
}
