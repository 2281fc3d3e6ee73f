import CrossingDomain
import CrossingIntegrations
import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// Whom an application is for: the signed-in person, or a dependent under an active delegation.
struct RenewalSubject: Sendable {
    var person: RegistryPerson
    /// The helper when acting for a dependent.
    var helper: PersonID?
    var delegationID: String?
}

/// What an applicant submits (the API body and the portal's check-answers page produce it).
struct RenewalSubmission: Sendable, Equatable {
    var document: RenewalDocument
    var reason: RenewalReason
    var lossKind: LossKind?
    var inMainland: Bool
    var photo: String
    var signature: String
    var idCardFront: String
    var idCardBack: String
    var handover: HandoverMethod
    var recipient: ShipmentRecipient?

    /// A digest of what was asked, so a reused idempotency key with another body is told apart.
    var digest: String {
        let text = [
            document.rawValue, reason.rawValue, lossKind?.rawValue ?? "", inMainland ? "1" : "0", photo, signature,
            idCardFront, idCardBack, handover.rawValue, recipient?.name ?? "", recipient?.phone.value ?? "",
            recipient?.address ?? "",
        ].joined(separator: "\u{1F}")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// The applicant's side of zero-visit renewal: eligibility, uploads, submission (idempotent),
/// correction, withdrawal and reading. Each change runs in one transaction with its history event,
/// timeline entry, notification and audit entry (`RenewalTransitions`).
struct RenewalService: Sendable {
    var application: Application
    var database: any Database
    var now: Date
    var language: Language

    init(application: Application, database: any Database, now: Date, language: Language = .zh) {
        self.application = application
        self.database = database
        self.now = now
        self.language = language
    }

    init(_ request: Request) {
        self.init(
            application: request.application, database: request.db, now: request.services.now(),
            language: request.language)
    }

    var services: AppServices { application.services }
    var today: CalendarDate { CalendarDate.today(in: services.config.serviceTimeZone, now: now) }
    var registry: RegistryStore { RegistryStore(database: database, services: services) }

    // MARK: Subject and eligibility

    func subject(for account: AuthenticatedAccount, dependentID: String?) async throws -> RenewalSubject {
        guard account.kind == .applicant, let me = account.personID else {
            throw Problem(.forbidden, detail: RenewalText.identityRequired.text(in: language))
        }
        var key = me
        var delegationID: String?
        if let dependentID, !dependentID.isEmpty {
            guard
                let delegation = account.principal.activeDelegations.first(where: {
                    $0.id == dependentID && $0.helper == me && $0.isActive
                }),
                case .allow = Authorizer.decide(
                    account.principal, .actForDependent, on: ProtectedResource(owner: delegation.dependent))
            else { throw Problem(.forbidden, detail: RenewalText.noDelegation.text(in: language)) }
            key = delegation.dependent
            delegationID = delegation.id
        }
        guard let person = try await registry.person(id: key) else {
            throw Problem(.forbidden, detail: RenewalText.identityRequired.text(in: language))
        }
        return RenewalSubject(person: person, helper: delegationID == nil ? nil : me, delegationID: delegationID)
    }

    func eligibility(
        _ subject: RenewalSubject, document: RenewalDocument, reason: RenewalReason, inMainland: Bool,
        account: AuthenticatedAccount
    ) throws -> RenewalEligibility {
        let snapshot = try application.referenceSnapshot()
        let rules = RenewalEligibilityRules(pilotCities: snapshot.pilotCities)
        let request = RenewalRequest(
            document: document, reason: reason, applicationDate: today, isInMainland: inMainland)
        if let helper = subject.helper {
            return rules.evaluateAssisted(
                helper: helper, dependent: subject.person, delegations: account.principal.activeDelegations,
                request: request)
        }
        return rules.evaluate(subject.person, request: request)
    }

    // MARK: Submission

    struct Submitted: Sendable {
        var record: RenewalApplicationRecord
        var created: Bool
    }

    /// Submits an application. The same idempotency key from the same account answers the first
    /// application (200) instead of making another; the same key with a different body is refused.
    /// Requires a face verification less than 10 minutes old of the person at the keyboard.
    func submit(
        _ submission: RenewalSubmission, for subject: RenewalSubject, by account: AuthenticatedAccount,
        idempotencyKey: String
    ) async throws -> Submitted {
        if let earlier = try await existing(account: account, key: idempotencyKey, digest: submission.digest) {
            return Submitted(record: earlier, created: false)
        }
        try await FaceVerificationService(
            services: services, database: database, language: language,
            client: ClientContext(address: "", device: "")
        ).requireFresh(.submitApplication, for: account, on: database)
        let eligibility = try eligibility(
            subject, document: submission.document, reason: submission.reason, inMainland: submission.inMainland,
            account: account)
        guard eligibility.isEligible else { throw RenewalProblems.ineligible(eligibility, language: language) }
        if submission.reason == .lostOrStolen, submission.lossKind == nil {
            throw Problem.validation([
                .init(
                    field: "lossKind", code: "loss-kind-missing",
                    message: LocalizedText(zh: "请说明证件是遗失还是被盗", en: "Say whether the document was lost or stolen")
                        .text(in: language))
            ])
        }
        if submission.handover == .courier, submission.recipient == nil {
            throw Problem.validation([
                .init(
                    field: "recipient", code: "recipient-missing",
                    message: LocalizedText(zh: "请填写收件人和地址", en: "Give the recipient and the delivery address")
                        .text(in: language))
            ])
        }
        var errors: [Problem.FieldError] = []
        for (key, kind, field) in [
            (submission.photo, RenewalUploadKind.photo, "photo"), (submission.signature, .signature, "signature"),
            (submission.idCardFront, .idCardFront, "idCardFront"), (submission.idCardBack, .idCardBack, "idCardBack"),
        ] {
            if let error = try await requireUpload(
                key, kind: kind, person: subject.person.id, field: field, on: database)
            {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }

        let snapshot = try application.referenceSnapshot()
        let fee: Money
        do {
            fee = try snapshot.fees.rate(for: submission.document.feeItemCode, on: today).amount
        } catch {
            throw Problem(.serviceUnavailable, detail: "The fee for this document is not on record; try again later.")
        }
        let person = subject.person
        let cityCode = person.household?.cityCode ?? ""
        let office = snapshot.directory.offices.first { $0.cityCode == cityCode }
        let actor: ApplicationActor = subject.helper.map { .helper($0) } ?? .applicant(person.id)
        let submittedEvent = ApplicationEvent(.submitted(handover: submission.handover), by: actor, at: now)
        let history = try ApplicationHistory(submission: submittedEvent, policy: application.renewal.withdrawalPolicy)
        let current = eligibility.currentDocument
        let details = RenewalPersonalDetails(
            name: person.name, nameLatin: person.nameLatin, sex: person.sex.rawValue, birthDate: person.birthDate.iso,
            identityNumber: person.identity.number, householdAddress: person.household?.address,
            currentDocumentNumber: current?.number, currentDocumentExpiry: current?.expiryDate.iso,
            mobile: person.mobile)
        let cipher = services.cipher
        let key = idempotencyKey
        let language = language
        let now = now
        do {
            return try await database.writeTransaction { tx in
                let record = RenewalApplicationRecord()
                record.id = UUID()
                record.number = RenewalNumbers.make(on: today)
                record.personKey = person.id.rawValue
                record.accountID = account.accountID.uuidString
                record.helperPersonKey = subject.helper?.rawValue
                record.delegationID = subject.delegationID
                record.document = submission.document.rawValue
                record.reason = submission.reason.rawValue
                record.lossKind = submission.lossKind?.rawValue
                record.cityCode = cityCode
                record.officeCode = office?.code ?? "city-\(cityCode)"
                record.handover = submission.handover.rawValue
                if let recipient = submission.recipient {
                    record.recipientName = try cipher.seal(recipient.name)
                    record.recipientPhone = try cipher.seal(recipient.phone.value)
                    record.recipientAddress = try cipher.seal(recipient.address)
                }
                record.details = try cipher.seal(
                    String(decoding: try JSONEncoder.sortedKeys.encode(details), as: UTF8.self))
                record.photoKey = submission.photo
                record.signatureKey = submission.signature
                record.idFrontKey = submission.idCardFront
                record.idBackKey = submission.idCardBack
                record.history = try RenewalTransitions.encode(history.events)
                record.status = history.status.rawValue
                record.version = 1
                record.feeFen = Int(fee.fen)
                record.applicationDate = today.iso
                record.submittedAt = now
                record.updatedAt = now
                record.idempotencyKey = key
                record.requestDigest = submission.digest
                record.openKey = RenewalApplicationRecord.openKey(person: person.id.rawValue, document: record.document)
                record.language = language.rawValue
                try await record.create(on: tx)
                try await RenewalTransitions(application: application, now: now)
                    .afterSubmission(record, person: person, current: current, lossKind: submission.lossKind, on: tx)
                return Submitted(record: record, created: true)
            }
        } catch {
            guard (error as? any DatabaseError)?.isConstraintFailure == true else { throw error }
            if let earlier = try await existing(account: account, key: idempotencyKey, digest: submission.digest) {
                return Submitted(record: earlier, created: false)
            }
            throw Problem(.conflict, detail: RenewalText.alreadyOpen(submission.document).text(in: language))
        }
    }

    private func existing(
        account: AuthenticatedAccount, key: String, digest: String
    ) async throws -> RenewalApplicationRecord? {
        guard
            let earlier = try await RenewalApplicationRecord.query(on: database)
                .filter(\.$accountID == account.accountID.uuidString).filter(\.$idempotencyKey == key).first()
        else { return nil }
        guard earlier.requestDigest == digest else {
            throw Problem(
                .conflict,
                detail: LocalizedText(
                    zh: "该 Idempotency-Key 已用于另一份申请；新申请请使用新的键",
                    en: "This Idempotency-Key was used for a different application; use a new key for a new one"
                ).text(in: language))
        }
        return earlier
    }

    // MARK: Reading

    /// An application the account may see: the person's own, or a dependent's under an active
    /// delegation; anything else is 404 (its existence is not revealed).
    func application(_ number: String, for account: AuthenticatedAccount) async throws -> RenewalApplicationRecord {
        guard number.count <= 40,
            let record = try await RenewalApplicationRecord.query(on: database).filter(\.$number == number).first()
        else { throw Problem.notFound("That application") }
        _ = try Self.authorizeApplicant(account, record)
        return record
    }

    static func authorizeApplicant(_ account: AuthenticatedAccount, _ record: RenewalApplicationRecord) throws -> Action
    {
        let resource = ProtectedResource(owner: record.owner)
        for action in [Action.readOwnData, .actForDependent]
        where Authorizer.decide(account.principal, action, on: resource) == .allow {
            return action
        }
        throw Problem.notFound("That application")
    }

    /// The account's own applications and those of the people it acts for, newest first.
    func applications(for account: AuthenticatedAccount) async throws -> [RenewalApplicationRecord] {
        guard let me = account.personID else { return [] }
        let people =
            [me.rawValue]
            + account.principal.activeDelegations.filter { $0.helper == me && $0.isActive }.map(\.dependent.rawValue)
        return try await RenewalApplicationRecord.query(on: database).filter(\.$personKey ~~ people)
            .sort(\.$submittedAt, .descending).limit(100).all()
    }

    // MARK: Applicant changes

    /// Sends a returned application back for review, with new files where the officer asked for them.
    func resubmit(
        _ record: RenewalApplicationRecord, replacing uploads: [RenewalUploadKind: String],
        recipient: ShipmentRecipient?, by account: AuthenticatedAccount
    ) async throws -> RenewalApplicationRecord {
        var errors: [Problem.FieldError] = []
        for (kind, key) in uploads.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            if let error = try await requireUpload(
                key, kind: kind, person: record.owner, field: kind.rawValue, on: database)
            {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let actor = Self.actor(account, record)
        let cipher = services.cipher
        return try await RenewalTransitions(application: application, now: now).apply(
            .resubmitted, by: actor, to: record.number, language: language
        ) { current in
            for (kind, key) in uploads {
                switch kind {
                case .photo: current.photoKey = key
                case .signature: current.signatureKey = key
                case .idCardFront: current.idFrontKey = key
                case .idCardBack: current.idBackKey = key
                }
            }
            if let recipient, current.handoverMethod == .courier {
                current.recipientName = try cipher.seal(recipient.name)
                current.recipientPhone = try cipher.seal(recipient.phone.value)
                current.recipientAddress = try cipher.seal(recipient.address)
            }
        }
    }

    /// The order to pay an approved application with. A gateway order lives 30 minutes
    /// (`PaymentSettings.orderLifetime`) but the applicant has the whole waiting period (7 days) to
    /// pay, so when the last order lapsed unpaid a new one is made; while one is payable (or paid)
    /// that one is answered. `created` tells which. 409 unless the application is approved.
    func paymentOrder(
        _ record: RenewalApplicationRecord
    ) async throws -> (payment: PaymentSnapshot, created: Bool) {
        let application = application
        let now = now
        let language = language
        return try await database.writeTransaction { tx in
            try await RenewalTransitions(application: application, now: now).lock(record.number, on: tx)
            guard
                let current = try await RenewalApplicationRecord.query(on: tx).filter(\.$number == record.number)
                    .first()
            else { throw Problem.notFound("That application") }
            guard current.applicationStatus == .approved else {
                throw Problem(.conflict, detail: RenewalText.notAwaitingPayment.text(in: language))
            }
            let payments = PaymentService(application: application, now: now)
            let before = Set(
                try await payments.payments(
                    subjectType: RenewalTransitions.subjectType, subjectID: current.number, on: tx
                ).map(\.id))
            let payment = try await payments.createOrder(RenewalTransitions.paymentDraft(current), on: tx)
            return (payment, !before.contains(payment.id))
        }
    }

    func withdraw(
        _ record: RenewalApplicationRecord, by account: AuthenticatedAccount
    ) async throws
        -> RenewalApplicationRecord
    {
        try await RenewalTransitions(application: application, now: now).apply(
            .withdrawn(.byApplicant), by: Self.actor(account, record), to: record.number, language: language)
    }

    static func actor(_ account: AuthenticatedAccount, _ record: RenewalApplicationRecord) -> ApplicationActor {
        if let me = account.personID, me == record.owner { return .applicant(me) }
        return .helper(account.personID ?? PersonID(account.accountID.uuidString))
    }
}

/// Application numbers: `CR`, the application date (yyyymmdd) and 8 random digits.
enum RenewalNumbers {
    static func make(on date: CalendarDate) -> String {
        let digits = (0..<8).map { _ in String(Int.random(in: 0...9)) }.joined()
        return "CR" + date.iso.replacingOccurrences(of: "-", with: "") + digits
    }
}
