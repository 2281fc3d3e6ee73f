import CrossingDomain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The officers' side: the queue of their office, claiming, deciding, production, issue and handing
/// over at the counter; for supervisors the clocks (due today, late) and the statistics.
struct RenewalOffice: Sendable {
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
    var transitions: RenewalTransitions { RenewalTransitions(application: application, now: now) }

    /// The decisions an officer can make on an application under review.
    enum Decision: Sendable, Equatable {
        case approve
        case returnForCorrection([CorrectionRequest])
        case reject(reason: String)
    }

    // MARK: Access

    /// The staff account's offices (for officers and supervisors); empty for others.
    static func offices(of account: AuthenticatedAccount) -> [String] {
        account.principal.grants.filter { $0.role == .officer || $0.role == .supervisor }.compactMap(\.officeCode)
    }

    /// The application if the officer may review it (their office, not their own or a relative's);
    /// 404 otherwise, so numbers of other offices reveal nothing. Every read is audited.
    func application(
        _ number: String, for account: AuthenticatedAccount, action: Action = .reviewApplication
    ) async throws -> RenewalApplicationRecord {
        guard account.kind == .staff, number.count <= 40,
            let record = try await RenewalApplicationRecord.query(on: database).filter(\.$number == number).first()
        else { throw Problem.notFound("That application") }
        let resource = ProtectedResource(owner: record.owner, officeCode: record.officeCode)
        switch Authorizer.decide(account.principal, action, on: resource) {
        case .allow: return record
        case .deny(.conflictOfInterest):
            throw Problem(.forbidden, detail: AuthorizationDenial.conflictOfInterest.message.text(in: language))
        case .deny: throw Problem.notFound("That application")
        }
    }

    func auditRead(_ record: RenewalApplicationRecord, by account: AuthenticatedAccount, what: String) async throws {
        try await AuditLog(hasher: services.auditHasher).append(
            AuditEntryDraft(
                occurredAt: now, actor: account.accountID.uuidString, action: "person.read",
                subject: record.personKey, outcome: "success",
                details: ["application": record.number, "what": what, "office": record.officeCode]),
            on: database)
    }

    // MARK: Queue

    struct QueueFilter: Sendable {
        var statuses: [ApplicationStatus] = [.underReview]
        var limit = 100
    }

    func queue(
        for account: AuthenticatedAccount, filter: QueueFilter = QueueFilter()
    ) async throws
        -> [RenewalApplicationRecord]
    {
        let offices = Self.offices(of: account)
        guard !offices.isEmpty else { return [] }
        return try await RenewalApplicationRecord.query(on: database)
            .filter(\.$officeCode ~~ offices).filter(\.$status ~~ filter.statuses.map(\.rawValue))
            .sort(\.$submittedAt).limit(filter.limit).all()
    }

    // MARK: Claim and decide

    /// Claims an application under review for the officer: others cannot decide on it while the claim
    /// lasts. A claim by someone else that is still fresh is a 409 naming when it lapses.
    func claim(_ number: String, by account: AuthenticatedAccount) async throws -> RenewalApplicationRecord {
        let record = try await application(number, for: account, action: .decideApplication)
        let staff = account.accountID.uuidString
        let stale = now.addingTimeInterval(-application.renewal.settings.claimLifetime)
        guard let sql = database as? any SQLDatabase else { throw OutboxUnavailable() }
        let rows = try await sql.raw(
            """
            UPDATE renewal_applications SET claimed_by = \(bind: staff), claimed_at = \(bind: now), \
            version = version + 1, updated_at = \(bind: now) \
            WHERE number = \(bind: number) AND status = \(bind: ApplicationStatus.underReview.rawValue) \
            AND (claimed_by IS NULL OR claimed_by = \(bind: staff) OR claimed_at < \(bind: stale)) RETURNING id
            """
        ).all()
        guard !rows.isEmpty else {
            if record.applicationStatus != .underReview {
                throw Problem(.conflict, detail: RenewalText.notUnderReview.text(in: language))
            }
            throw Problem(.conflict, detail: RenewalText.claimedByAnother.text(in: language))
        }
        return try await application(number, for: account, action: .decideApplication)
    }

    /// Decides on an application the officer has claimed (or that nobody has). `expectedVersion` is
    /// the version the officer looked at: if anything changed since, 409 and nothing happens.
    func decide(
        _ number: String, _ decision: Decision, expectedVersion: Int, by account: AuthenticatedAccount
    ) async throws -> RenewalApplicationRecord {
        _ = try await application(number, for: account, action: .decideApplication)
        let staff = account.accountID.uuidString
        let type: ApplicationEventType
        switch decision {
        case .approve: type = .approved
        case .returnForCorrection(let corrections): type = .returned(corrections: corrections)
        case .reject(let reason): type = .rejected(reason: reason)
        }
        let lifetime = application.renewal.settings.claimLifetime
        let now = now
        let language = language
        return try await transitions.apply(
            type, by: .officer(staff), to: number, expectedVersion: expectedVersion, language: language
        ) { current in
            if let holder = current.claimedBy, holder != staff, let at = current.claimedAt,
                at > now.addingTimeInterval(-lifetime)
            {
                throw Problem(.conflict, detail: RenewalText.claimedByAnother.text(in: language))
            }
        }
    }

    // MARK: Production and issue

    /// Issues the new document: the next number of the current range, the registry updated (the old
    /// document cancelled, the new one recorded), then a courier waybill is requested (the courier's
    /// dispatch moves the application on) or a pickup code is made and the applicant told.
    func issue(
        _ number: String, by account: AuthenticatedAccount, expectedVersion: Int? = nil
    ) async throws
        -> RenewalApplicationRecord
    {
        _ = try await application(number, for: account, action: .decideApplication)
        let staff = account.accountID.uuidString
        let language = language
        return try await application.db.writeTransaction { tx in
            try await transitions.lock(number, on: tx)
            guard let record = try await RenewalApplicationRecord.query(on: tx).filter(\.$number == number).first()
            else { throw Problem.notFound("That application") }
            if let expectedVersion, expectedVersion != record.version {
                throw Problem(.conflict, detail: RenewalText.changedMeanwhile.text(in: language))
            }
            guard record.applicationStatus == .inProduction, record.newDocumentNumber == nil else {
                throw Problem(.conflict, detail: RenewalText.notInProduction.text(in: language))
            }
            let allocated = try await DocumentNumbers(services: services).allocate(record.renewalDocument, on: tx)
            let issuedOn = CalendarDate.today(in: services.config.serviceTimeZone, now: now)
            try await recordNewDocument(record, number: allocated, issuedOn: issuedOn, on: tx)
            record.newDocumentNumber = allocated.value
            record.updatedAt = now
            switch record.handoverMethod {
            case .courier:
                record.version += 1
                try await record.update(on: tx)
                let cipher = services.cipher
                guard
                    case .success(let recipient) = ShipmentRecipient.validate(
                        name: try cipher.open(record.recipientName ?? ""),
                        phone: try cipher.open(record.recipientPhone ?? ""),
                        address: try cipher.open(record.recipientAddress ?? ""))
                else {
                    throw Problem(
                        .conflict,
                        detail: "The delivery address on the application is not valid; it cannot be sent.")
                }
                try await ShipmentService(application).create(
                    .init(
                        subjectType: RenewalTransitions.subjectType, subjectID: record.number, owner: record.owner,
                        recipient: recipient), on: tx)
                try await AuditLog(hasher: services.auditHasher).append(
                    AuditEntryDraft(
                        occurredAt: now, actor: "officer:\(staff)", action: "renewal.issued",
                        subject: record.id?.uuidString, outcome: "success",
                        details: ["number": record.number, "handover": "courier"]), on: tx)
                return record
            case .collection:
                record.pickupCode = RenewalPickupCode.make()
                return try await transitions.apply(
                    .readyForCollection, by: .officer(staff), to: number, language: language, on: tx
                ) { current in
                    current.newDocumentNumber = record.newDocumentNumber
                    current.pickupCode = record.pickupCode
                }
            }
        }
    }

    /// Hands the document over at the counter: the pickup code must match.
    func collect(
        _ number: String, pickupCode: String, by account: AuthenticatedAccount
    ) async throws
        -> RenewalApplicationRecord
    {
        let record = try await application(number, for: account, action: .decideApplication)
        guard let expected = record.pickupCode,
            expected == pickupCode.filter(\.isNumber)
        else {
            throw Problem.validation([
                .init(
                    field: "pickupCode", code: "pickup-code-wrong",
                    message: LocalizedText(zh: "取证码不正确", en: "The pickup code is not right").text(in: language))
            ])
        }
        return try await transitions.apply(
            .collected, by: .officer(account.accountID.uuidString), to: number, language: language)
    }

    private func recordNewDocument(
        _ record: RenewalApplicationRecord, number: TravelDocumentNumber, issuedOn: CalendarDate,
        on tx: any Database
    ) async throws {
        let registry = RegistryStore(database: tx, services: services)
        try await registry.lockForUpdate(record.owner)
        guard var person = try await registry.person(id: record.owner) else {
            throw Problem(.conflict, detail: "The applicant is no longer in the registry.")
        }
        let current = person.heldDocuments(of: record.renewalDocument.heldKind).first
        let changes = DocumentReplacement.oldDocumentChanges(
            reason: record.renewalReason, loss: LossKind(rawValue: record.lossKind ?? "") ?? .lost, current: current
        ).filter { $0.timing == .atIssue }
        for change in changes {
            for index in person.documents.indices
            where person.documents[index].kind == change.kind && person.documents[index].number == change.number {
                person.documents[index].status = change.newStatus
            }
        }
        person.documents.append(
            DocumentReplacement.newDocument(record.renewalDocument, number: number, issuedOn: issuedOn))
        try await registry.save(person)
    }
}

/// Six-digit pickup codes for collection at the office.
enum RenewalPickupCode {
    static func make() -> String { String(format: "%06d", Int.random(in: 0...999_999)) }
}

/// Allocates document numbers from the plan's ranges with one `UPDATE … RETURNING` per number: two
/// issues at once get consecutive numbers, never the same one. A number the registry already holds
/// (imported records) is skipped.
struct DocumentNumbers: Sendable {
    var services: AppServices

    func allocate(_ document: RenewalDocument, on tx: any Database) async throws -> TravelDocumentNumber {
        guard let sql = tx as? any SQLDatabase else { throw OutboxUnavailable() }
        let plan = try DocumentNumberPlan.initial()
        let registry = RegistryStore(database: tx, services: services)
        for range in plan.ranges(for: document) {
            try await sql.raw(
                """
                INSERT INTO document_number_counters (range_id, last_sequence, updated_at) \
                VALUES (\(bind: range.id), \(bind: range.first - 1), \(bind: Date())) ON CONFLICT DO NOTHING
                """
            ).run()
            while true {
                struct Row: Decodable { var last_sequence: Int }
                guard
                    let row = try await sql.raw(
                        """
                        UPDATE document_number_counters SET last_sequence = last_sequence + 1, updated_at = \(bind: Date()) \
                        WHERE range_id = \(bind: range.id) AND last_sequence < \(bind: range.last) RETURNING last_sequence
                        """
                    ).first(decoding: Row.self)
                else { break }
                let allocated = try range.allocate(after: row.last_sequence - 1)
                if try await registry.person(holding: document.heldKind, number: allocated.number.value) == nil {
                    return allocated.number
                }
            }
        }
        throw Problem(.serviceUnavailable, detail: "No document numbers are left in the current ranges.")
    }
}
