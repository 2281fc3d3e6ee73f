import CrossingDomain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Every change of an application goes through `apply`: it takes the application's row lock, checks
/// the expected version (two officers deciding at once: the second is told), lets the domain's
/// `ApplicationHistory` decide whether the event is allowed, stores the new history with its derived
/// columns, and in the same transaction writes the timeline entry, the notification, the audit entry
/// and whatever the step sets off (a payment order, a refund, a courier waybill, a job).
struct RenewalTransitions: Sendable {
    var application: Application
    var now: Date

    var services: AppServices { application.services }
    var policy: WithdrawalPolicy { application.renewal.withdrawalPolicy }

    static let subjectType = "application"

    enum Failure: Error {
        case notFound
        case stale(current: Int)
    }

    /// Applies `type` by `actor` to application `number`. `expectedVersion` (from the page or API
    /// the decision was made on) makes a decision on an application someone else changed meanwhile a
    /// 409 conflict; `prepare` changes the record's own columns in the same transaction.
    @discardableResult
    func apply(
        _ type: ApplicationEventType, by actor: ApplicationActor, to number: String, expectedVersion: Int? = nil,
        language: Language = .zh, on database: (any Database)? = nil,
        prepare: @escaping @Sendable (RenewalApplicationRecord) async throws -> Void = { _ in }
    ) async throws -> RenewalApplicationRecord {
        let run: @Sendable (any Database) async throws -> RenewalApplicationRecord = { tx in
            try await lock(number, on: tx)
            guard let record = try await RenewalApplicationRecord.query(on: tx).filter(\.$number == number).first()
            else { throw Problem.notFound("That application") }
            if let expectedVersion, expectedVersion != record.version {
                throw Problem(.conflict, detail: RenewalText.changedMeanwhile.text(in: language))
            }
            let history = try record.applicationHistory(policy: policy)
            let event = ApplicationEvent(type, by: actor, at: max(now, history.lastEvent.at))
            let next: ApplicationHistory
            do throws(ApplicationTransitionError) {
                next = try history.appending(event)
            } catch {
                throw Problem(.conflict, detail: error.message.text(in: language))
            }
            try await prepare(record)
            try await store(next, into: record, on: tx)
            try await after(event, record: record, on: tx)
            return record
        }
        if let database { return try await run(database) }
        return try await application.db.writeTransaction(run)
    }

    /// Takes the application's row lock (PostgreSQL) or the write lock (SQLite) before reading it.
    func lock(_ number: String, on tx: any Database) async throws {
        guard let sql = tx as? any SQLDatabase else { return }
        try await sql.raw(
            "UPDATE renewal_applications SET version = version WHERE number = \(bind: number)"
        ).run()
    }

    private func store(
        _ history: ApplicationHistory, into record: RenewalApplicationRecord, on tx: any Database
    )
        async throws
    {
        record.history = try Self.encode(history.events)
        record.status = history.status.rawValue
        record.version += 1
        record.updatedAt = now
        record.waitingDeadline = history.automaticWithdrawalDeadline
        if history.status.isClosed { record.openKey = nil }
        if history.status != .underReview {
            record.claimedBy = nil
            record.claimedAt = nil
        }
        try await record.update(on: tx)
    }

    static func encode(_ events: [ApplicationEvent]) throws -> String {
        String(decoding: try JSONEncoder.outbox.encode(events), as: UTF8.self)
    }

    // MARK: What each step sets off

    /// After the submission was stored: the timeline, the message, the audit entry, and for a lost or
    /// stolen document its report in the registry at once.
    func afterSubmission(
        _ record: RenewalApplicationRecord, person: RegistryPerson, current: HeldDocument?, lossKind: LossKind?,
        on tx: any Database
    ) async throws {
        let event = try record.events()[0]
        try await timeline(event, record: record, on: tx)
        try await notify(
            record, template: .applicationSubmitted, parameters: service(record), step: "submitted", on: tx)
        let changes = DocumentReplacement.oldDocumentChanges(
            reason: record.renewalReason, loss: lossKind ?? .lost, current: current)
        try await applyRegistryChanges(changes.filter { $0.timing == .atSubmission }, person: person.id, on: tx)
        try await audit(
            record, actor: event.actor, action: "renewal.submitted", on: tx,
            details: ["document": record.document, "reason": record.reason, "office": record.officeCode])
    }

    private func after(_ event: ApplicationEvent, record: RenewalApplicationRecord, on tx: any Database) async throws {
        try await timeline(event, record: record, on: tx)
        var details: [String: String] = [:]
        switch event.type {
        case .submitted:
            break
        case .returned(let corrections):
            let reason = corrections.map { $0.title.zh + (($0.note).map { "：" + $0 } ?? "") }.joined(separator: "；")
            let reasonEn = corrections.map { $0.title.en + (($0.note).map { ": " + $0 } ?? "") }.joined(separator: "; ")
            var parameters = service(record)
            parameters["reason.zh"] = Self.messageText(reason)
            parameters["reason.en"] = Self.messageText(reasonEn)
            try await notify(
                record, template: .applicationReturned, parameters: parameters, step: stepKey(record), on: tx)
            try await scheduleAutomaticWithdrawal(record, on: tx)
            details["corrections"] = corrections.map(\.item.rawValue).joined(separator: ",")
        case .resubmitted:
            break
        case .approved:
            let payment = try await PaymentService(application: application, now: now).createOrder(
                Self.paymentDraft(record), on: tx)
            var parameters = service(record)
            parameters["amount"] = String(record.fee.fen)
            parameters["dueDate"] = clocks.day(of: record.waitingDeadline ?? now).iso
            try await notify(record, template: .paymentDue, parameters: parameters, step: stepKey(record), on: tx)
            try await scheduleAutomaticWithdrawal(record, on: tx)
            details["payment"] = payment.orderNumber
        case .paid(let amount):
            try await notify(
                record, template: .paymentReceived,
                parameters: ["applicationNumber": record.number, "amount": String(amount.fen)], step: "paid", on: tx)
            try await Outbox.enqueue(
                RenewalJobs.startProduction, RenewalJobs.Target(number: record.number),
                dedupeKey: "\(RenewalJobs.startProduction):\(record.number)", on: tx, now: now)
        case .inProduction:
            let history = try record.applicationHistory(policy: policy)
            let due = clocks.productionClock(history)?.dueDate(calendar: clocks.calendar) ?? clocks.day(of: now)
            try await notify(
                record, template: .inProduction, parameters: ["applicationNumber": record.number, "readyBy": due.iso],
                step: "in-production", on: tx)
        case .dispatched(let tracking):
            details["waybill"] = tracking ?? ""
        case .outForDelivery, .delivered:
            break
        case .readyForCollection:
            let office = try? application.referenceSnapshot().directory.office(code: record.officeCode)
            try await notify(
                record, template: .readyForCollection,
                parameters: [
                    "applicationNumber": record.number,
                    "office.zh": Self.messageText(office?.name.zh ?? record.officeCode),
                    "office.en": Self.messageText(office?.name.en ?? record.officeCode),
                    "pickupCode": record.pickupCode ?? "",
                ], step: "ready", on: tx)
        case .collected:
            break
        case .withdrawn(let cause):
            try await notify(
                record, template: .applicationWithdrawn, parameters: ["applicationNumber": record.number],
                step: "withdrawn", on: tx)
            try await PaymentService(application: application, now: now).release(
                subjectType: Self.subjectType, subjectID: record.number, reason: .subjectWithdrawn,
                actor: event.actor.description, on: tx)
            details["cause"] = cause.rawValue
        case .rejected(let reason):
            try await PaymentService(application: application, now: now).release(
                subjectType: Self.subjectType, subjectID: record.number, reason: .subjectRejected,
                actor: event.actor.description, on: tx)
            var parameters = service(record)
            parameters["reason"] = Self.messageText(reason)
            try await notify(record, template: .applicationRejected, parameters: parameters, step: "rejected", on: tx)
            details["reason"] = String(reason.prefix(200))
        case .refunded(let amount):
            try await notify(
                record, template: .refunded,
                parameters: ["applicationNumber": record.number, "amount": String(amount.fen)], step: "refunded", on: tx
            )
        }
        try await audit(record, actor: event.actor, action: "renewal.\(event.kind.rawValue)", on: tx, details: details)
    }

    /// The order for the application's fee (at approval, and again when an order lapsed unpaid).
    static func paymentDraft(_ record: RenewalApplicationRecord) -> PaymentService.PaymentDraft {
        PaymentService.PaymentDraft(
            subjectType: subjectType, subjectID: record.number, owner: record.owner,
            accountID: UUID(uuidString: record.accountID) ?? UUID(), amount: record.fee,
            description: "\(record.renewalDocument.name.zh) \(record.renewalDocument.name.en) \(record.number)")
    }

    var clocks: RenewalClocks {
        let calendar =
            (try? application.referenceSnapshot().calendar) ?? WorkingDayCalendar(periods: [], coveredYears: [])
        return RenewalClocks(calendar: calendar, timeZone: services.config.serviceTimeZone)
    }

    /// One key per event position, so a second return or approval is told again but a retry never twice.
    private func stepKey(_ record: RenewalApplicationRecord) -> String { "v\(record.version)" }

    private func service(_ record: RenewalApplicationRecord) -> [String: String] {
        [
            "applicationNumber": record.number,
            "service.zh": Self.messageText("\(record.renewalDocument.name.zh)\(record.renewalReason.name.zh)"),
            "service.en": Self.messageText(
                "\(record.renewalDocument.name.en) (\(record.renewalReason.name.en.lowercased()))"),
        ]
    }

    /// A text parameter of a message as the notification templates accept it: one line, no braces, at
    /// most 64 characters (`NotificationTemplate.format`); longer text (the HK/Macao permit's English
    /// name with the reason, an officer's long note) is cut with an ellipsis instead of failing the step.
    static func messageText(_ text: String) -> String {
        let line = String(
            text.map { $0.isNewline ? " " : $0 }.filter { $0 != "{" && $0 != "}" }
        ).trimmingCharacters(in: .whitespaces)
        return line.count <= 64 ? line : String(line.prefix(63)) + "…"
    }

    private func scheduleAutomaticWithdrawal(_ record: RenewalApplicationRecord, on tx: any Database) async throws {
        guard let deadline = record.waitingDeadline else { return }
        try await Outbox.enqueue(
            RenewalJobs.automaticWithdrawal, RenewalJobs.Target(number: record.number),
            dedupeKey: "\(RenewalJobs.automaticWithdrawal):\(record.number):\(record.version)", notBefore: deadline,
            on: tx, now: now)
    }

    private func notify(
        _ record: RenewalApplicationRecord, template: NotificationTemplateID, parameters: [String: String],
        step: String, on tx: any Database
    ) async throws {
        // The person the matter is about hears of it; a helper who submitted hears too.
        try await Notifications.enqueue(
            to: .person(record.personKey), template: template, parameters: parameters,
            dedupeKey: "application:\(record.number):\(step)", on: tx, now: now)
        if let helper = record.helperPersonKey {
            try await Notifications.enqueue(
                to: .person(helper), template: template, parameters: parameters,
                dedupeKey: "application:\(record.number):\(step):helper", on: tx, now: now)
        }
    }

    func timeline(_ event: ApplicationEvent, record: RenewalApplicationRecord, on tx: any Database) async throws {
        var details: [String: String] = ["status": record.status]
        switch event.type {
        case .returned(let corrections):
            details["corrections"] = corrections.map(\.item.rawValue).joined(separator: ",")
            let notes = corrections.compactMap(\.note).joined(separator: "; ")
            if !notes.isEmpty { details["note"] = String(notes.prefix(300)) }
        case .dispatched(let tracking): details["waybill"] = tracking ?? ""
        case .rejected(let reason): details["reason"] = String(reason.prefix(300))
        case .withdrawn(let cause): details["cause"] = cause.rawValue
        case .paid(let amount), .refunded(let amount): details["amountFen"] = String(amount.fen)
        case .submitted(let handover): details["handover"] = handover.rawValue
        default: break
        }
        let helper = event.actor.isApplicantSide && record.helperPersonKey != nil
        try await Timeline.append(
            TimelineEventDraft(
                subjectType: Self.subjectType, subjectID: record.number, ownerPersonKey: record.personKey,
                kind: "application.\(event.kind.rawValue)", actor: Self.timelineActor(event.actor),
                onBehalfOf: helper ? record.personKey : nil, details: details),
            on: tx, now: now)
    }

    /// Officers appear on the applicant's timeline as their office, not by name or account.
    static func timelineActor(_ actor: ApplicationActor) -> String {
        switch actor {
        case .officer: "officer"
        default: actor.description
        }
    }

    private func audit(
        _ record: RenewalApplicationRecord, actor: ApplicationActor, action: String, on tx: any Database,
        details: [String: String] = [:]
    ) async throws {
        var details = details
        details["number"] = record.number
        let onBehalfOf = actor.isApplicantSide && record.helperPersonKey != nil ? record.personKey : nil
        try await AuditLog(hasher: services.auditHasher).append(
            AuditEntryDraft(
                occurredAt: now, actor: actor.description, onBehalfOf: onBehalfOf, action: action,
                subject: record.id?.uuidString, outcome: "success", details: details),
            on: tx)
    }

    /// Applies changes to the person's held documents in the registry.
    func applyRegistryChanges(_ changes: [HeldDocumentChange], person: PersonID, on tx: any Database) async throws {
        guard !changes.isEmpty else { return }
        let registry = RegistryStore(database: tx, services: services)
        try await registry.lockForUpdate(person)
        guard var record = try await registry.person(id: person) else { return }
        for change in changes {
            for index in record.documents.indices
            where record.documents[index].kind == change.kind && record.documents[index].number == change.number {
                record.documents[index].status = change.newStatus
            }
        }
        try await registry.save(record)
    }
}
