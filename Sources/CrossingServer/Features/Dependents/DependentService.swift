import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Assisted service: an applicant adds a dependent (real-name checked against the registry, the
/// domain's delegation rules, a fresh face verification of the helper), lists and revokes them.
/// A child under 16 is in force at once on the guardian's declaration (recorded as such); anyone
/// else must confirm (DependentConsent.swift): the delegation stays pending, and useless to the
/// Authorizer, until they do or it expires.
/// Every change is audited in its own transaction with the helper as actor and the dependent as the
/// person acted for; audit details never hold a document number.
struct DependentService: Sendable {
    var services: AppServices
    var database: any Database
    var language: Language
    var client: ClientContext
    var faces: FaceVerificationService

    init(_ request: Request) {
        self.services = request.services
        self.database = request.db
        self.language = request.language
        self.client = request.clientContext
        self.faces = FaceVerificationService(request)
    }

    struct Addition: Sendable {
        var documentKind: String
        var documentNumber: String
        var issuingCountry: String?
        var name: String
        var relationship: String
        var consent: String
    }

    var today: CalendarDate { CalendarDate.today(in: services.config.serviceTimeZone, now: services.now()) }

    struct Added: Sendable {
        var delegation: Delegation
        var dependent: RegistryPerson
        /// The masked mobile number the consent code went to (nil for a child, or when sending failed).
        var codeSentTo: String?
    }

    func add(_ input: Addition, by account: AuthenticatedAccount) async throws -> Added {
        guard let helperID = account.personID else { throw Self.applicantsOnly }
        // Shape first (no registry access), then the helper's fresh face, and only then the registry:
        // the real-name check cannot be used as an oracle without a live face.
        var errors: [Problem.FieldError] = []
        func fail(_ field: String, _ error: any DomainError) {
            errors.append(.init(field: field, code: error.code, message: error.message.text(in: language)))
        }
        let relationship = Relationship(rawValue: input.relationship)
        if relationship == nil { fail("relationship", DependentInputError.relationship) }
        let consent = ConsentKind(rawValue: input.consent)
        if consent == nil { fail("consent", DependentInputError.consent) }
        if PersonName.normalized(input.name).isEmpty { fail("name", DependentInputError.name) }
        var document: IdentityDocument?
        if let kind = IdentityDocumentKind(rawValue: input.documentKind) {
            do {
                document = try IdentityDocument.parse(
                    kind: kind, number: input.documentNumber, issuingCountry: input.issuingCountry, today: today)
            } catch let error as any DomainError {
                fail(error.code.hasPrefix("issuing-country") ? "issuingCountry" : "documentNumber", error)
            }
        } else {
            fail("documentKind", DependentInputError.documentKind)
        }
        guard errors.isEmpty, let relationship, let consent, let document else { throw Problem.validation(errors) }

        try await faces.requireFresh(.addDependent, for: account, on: database)

        let registry = RegistryStore(database: database, services: services)
        let candidate = try await registry.person(identity: document)
        guard
            case .matched = RealNameCheck.evaluate(
                claimedName: input.name, claimedDocument: document, registry: candidate),
            let dependent = candidate
        else { throw field("documentNumber", RealNameMismatch()) }
        guard let helper = try await registry.person(id: helperID) else { throw Self.applicantsOnly }

        let delegation = DelegationRules.start(
            id: UUID().uuidString, helper: helperID, dependent: dependent, relationship: relationship,
            consent: consent, today: today, now: services.now())
        // Someone aged 16 or over confirms themselves, which needs their own account.
        let dependentAccount = delegation.isActive ? nil : try await applicantAccount(of: dependent.id)
        do {
            try await record(
                delegation, helper: helper, dependent: dependent, dependentHasAccount: dependentAccount != nil,
                by: account)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // A concurrent add of the same pair won the unique index.
            throw problem(.alreadyDelegated)
        }
        var sentTo: String?
        if let dependentAccount, dependentAccount.mobileVerifiedAt != nil {
            // A code that could not go out now (throttled, provider down) can be sent again from the list.
            sentTo = try? await sendConsentCode(for: delegation, to: dependentAccount, helper: helper)
        }
        return Added(delegation: delegation, dependent: dependent, codeSentTo: sentTo)
    }

    private func record(
        _ delegation: Delegation, helper: RegistryPerson, dependent: RegistryPerson, dependentHasAccount: Bool,
        by account: AuthenticatedAccount
    ) async throws {
        let helperID = helper.id
        let relationship = delegation.relationship
        let consent = delegation.consent
        let now = services.now()
        try await database.writeTransaction { transaction in
            // A pending one of the same pair that ran out is closed first, so it does not block a new one.
            try await DelegationRecord.query(on: transaction)
                .filter(\.$helperPersonKey == helperID.rawValue)
                .filter(\.$dependentPersonKey == dependent.id.rawValue)
                .filter(\.$revokedAt == nil).filter(\.$confirmedAt == nil).filter(\.$expiresAt <= now)
                .set(\.$revokedAt, to: now).update()
            let existing = try await DelegationRecord.query(on: transaction)
                .filter(\.$helperPersonKey == helperID.rawValue).filter(\.$revokedAt == nil).all()
                .compactMap(\.delegation).filter { $0.status(at: now) != .expired }
            do throws(DelegationError) {
                try DelegationRules.validate(
                    helper: helper, dependent: dependent, relationship: relationship, consent: consent,
                    existing: existing, today: today)
            } catch {
                throw problem(error)
            }
            guard delegation.isActive || dependentHasAccount else {
                throw field("consent", DelegationConfirmationError.dependentHasNoAccount)
            }
            try await DelegationRecord(delegation).create(on: transaction)
            try await services.auditLog.append(
                audit(
                    "delegation.created", account: account, onBehalfOf: dependent.id, subject: delegation.id,
                    details: [
                        "relationship": relationship.rawValue, "consent": consent.rawValue,
                        "status": delegation.isActive ? "active" : "pending",
                        // For a child: in force on the helper's word, and recorded as such.
                        "confirmation": delegation.confirmation?.rawValue ?? "awaiting-dependent",
                    ]),
                on: transaction)
        }
    }

    /// The helper's active and pending delegations (not expired ones), oldest first, with the
    /// dependents' registry records.
    func active(for account: AuthenticatedAccount) async throws -> [(Delegation, RegistryPerson?)] {
        guard let helperID = account.personID else { return [] }
        return try await open(\.$helperPersonKey == helperID.rawValue) { $0.dependent }
    }

    /// Delegations matching `filter` that are active or still pending, with the other party's record.
    func open(
        _ filter: ModelValueFilter<DelegationRecord>, person: (Delegation) -> PersonID
    ) async throws -> [(Delegation, RegistryPerson?)] {
        let registry = RegistryStore(database: database, services: services)
        let now = services.now()
        var result: [(Delegation, RegistryPerson?)] = []
        for delegation in try await DelegationRecord.query(on: database)
            .filter(filter).filter(\.$revokedAt == nil)
            .sort(\.$createdAt).all().compactMap(\.delegation)
        where delegation.status(at: now) != .expired {
            result.append((delegation, try await registry.person(id: person(delegation))))
        }
        return result
    }

    /// Revokes a delegation for its helper or its dependent; anyone else, an unknown ID or one already
    /// revoked gets 404 (the same answer, so IDs reveal nothing).
    func revoke(id: String, by account: AuthenticatedAccount) async throws {
        guard let personID = account.personID, let uuid = UUID(uuidString: id) else { throw Self.notFound }
        try await database.transaction { transaction in
            let now = services.now()
            guard let record = try await DelegationRecord.find(uuid, on: transaction),
                let delegation = record.delegation, DelegationRules.canRevoke(delegation, by: personID),
                delegation.status(at: now) != .expired
            else { throw Self.notFound }
            record.revokedAt = now
            record.revokedBy = personID.rawValue
            try await record.update(on: transaction)
            let role = personID == delegation.helper ? "helper" : "dependent"
            try await services.auditLog.append(
                audit(
                    "delegation.revoked", account: account,
                    onBehalfOf: role == "helper" ? delegation.dependent : nil, subject: delegation.id,
                    // A pending one ended by the dependent was declined; by the helper, withdrawn.
                    details: ["revokedBy": role, "status": delegation.status(at: now).rawValue]),
                on: transaction)
        }
    }

    /// The helper's delegation with this ID, active or not (authorization decides what it allows).
    func delegation(id: String, helper account: AuthenticatedAccount) async throws -> Delegation {
        guard let personID = account.personID, let uuid = UUID(uuidString: id),
            let delegation = try await DelegationRecord.find(uuid, on: database)?.delegation,
            delegation.helper == personID
        else { throw Self.notFound }
        return delegation
    }

    func audit(
        _ action: String, account: AuthenticatedAccount, onBehalfOf dependent: PersonID?, subject: String,
        outcome: String = "success", details: [String: String] = [:]
    ) -> AuditEntryDraft {
        AuditEntryDraft(
            occurredAt: services.now(), actor: "account:" + account.accountID.uuidString,
            onBehalfOf: dependent.map { "person:" + $0.rawValue }, action: action, subject: subject,
            outcome: outcome,
            details: details.merging(["device": client.device, "clientAddress": client.address]) { first, _ in first })
    }

    static let notFound = Problem.notFound("That dependent")
    static let applicantsOnly = Problem(
        .forbidden, detail: "Only applicant accounts of people in the registry can act for others.")

    func field(_ name: String, _ error: any DomainError) -> Problem {
        Problem.validation([.init(field: name, code: error.code, message: error.message.text(in: language))])
    }

    /// A duplicate or one too many is a conflict with what exists; the rest are about the form.
    private func problem(_ error: DelegationError) -> Problem {
        let text = error.message.text(in: language)
        switch error {
        case .alreadyDelegated, .tooManyDependents:
            return Problem(
                .conflict, detail: text, errors: [.init(field: "documentNumber", code: error.code, message: text)])
        case .selfDelegation:
            return field("documentNumber", error)
        case .helperUnderage:
            return Problem(.forbidden, detail: text)
        case .minorNeedsGuardian:
            return field("relationship", error)
        case .guardianDeclarationRequired, .dependentConsentRequired:
            return field("consent", error)
        }
    }
}

extension DelegationRecord {
    convenience init(_ delegation: Delegation) {
        self.init()
        id = UUID(uuidString: delegation.id)
        helperPersonKey = delegation.helper.rawValue
        dependentPersonKey = delegation.dependent.rawValue
        relationship = delegation.relationship.rawValue
        consent = delegation.consent.rawValue
        createdAt = delegation.createdAt
        revokedAt = delegation.revokedAt
        revokedBy = delegation.revokedBy?.rawValue
        confirmation = delegation.confirmation?.rawValue
        confirmedAt = delegation.confirmedAt
        expiresAt = delegation.expiresAt
    }
}

enum DependentInputError: DomainError {
    case relationship
    case consent
    case name
    case documentKind

    var code: String {
        switch self {
        case .relationship: "relationship-invalid"
        case .consent: "consent-invalid"
        case .name: "required"
        case .documentKind: "document-kind-invalid"
        }
    }

    var message: LocalizedText {
        switch self {
        case .relationship:
            LocalizedText(zh: "请选择您与被代办人的关系", en: "Choose how you are related to the person")
        case .consent:
            LocalizedText(zh: "请选择被代办人同意的方式", en: "Choose how the person agreed")
        case .name:
            LocalizedText(zh: "请填写被代办人的姓名", en: "Enter the person's name")
        case .documentKind:
            LocalizedText(zh: "请选择被代办人的证件类型", en: "Choose the person's identity document type")
        }
    }
}
