import CrossingDomain
import Fluent
import Foundation
import Vapor

/// The review page of one application and its forms: claim, decide (approve, return, reject), issue
/// and hand over. Each form carries the version the page showed; a step on an application that
/// changed meanwhile, or that another officer holds, re-renders the page with the conflict (409).
extension StaffRenewalPagesController {
    struct IssueForm: Content {
        var version: String?
    }

    struct CollectForm: Content {
        var pickupCode: String?
    }

    /// What the page shows besides the application itself.
    struct ReviewState {
        var errors: [FieldErrorView] = []
        var notice = ""
        var conflict = ""
        var form = StaffRenewalDecisionForm()
        var pickupCode: String?
        var status: HTTPResponseStatus = .ok
        /// Right after the issue the officer sees the pickup code once; later views hide it, so that
        /// the counter checks the code the applicant brings rather than reading it off the page.
        var justIssued = false
    }

    func applicationNumber(_ request: Request) -> String { request.parameters.get("number") ?? "" }

    func review(_ request: Request) async throws -> Response {
        guard let account = try staff(request) else { return signIn(request) }
        let record = try await RenewalOffice(request).application(applicationNumber(request), for: account)
        let t = strings[request.language]
        let notice: String =
            switch request.query[String.self, at: "done"] {
            case "claimed": t.doneClaimed
            case "approved": t.doneApproved
            case "returned": t.doneReturned
            case "rejected": t.doneRejected
            case "issued": t.doneIssued
            case "collected": t.doneCollected
            default: ""
            }
        let justIssued = request.query[String.self, at: "done"] == "issued"
        return try await renderReview(request, account, record, ReviewState(notice: notice, justIssued: justIssued))
    }

    func claim(_ request: Request) async throws -> Response {
        guard let account = try staff(request) else { return signIn(request) }
        let number = applicationNumber(request)
        do {
            _ = try await RenewalOffice(request).claim(number, by: account)
        } catch let problem as Problem where problem.kind == .conflict {
            return try await conflict(request, account, number, problem)
        }
        return done(request, number, "claimed")
    }

    func decide(_ request: Request) async throws -> Response {
        guard let account = try staff(request) else { return signIn(request) }
        let number = applicationNumber(request)
        let t = strings[request.language]
        let form = StaffRenewalDecisionForm(try request.content.decode([String: String].self))
        let office = RenewalOffice(request)
        switch try form.validate(t) {
        case .invalid(let errors):
            let record = try await office.application(number, for: account)
            return try await renderReview(
                request, account, record, ReviewState(errors: errors, form: form, status: .unprocessableEntity))
        case .valid(let decision):
            // A form without its version cannot say what the officer looked at: treat it as stale.
            guard let version = form.version else {
                return try await conflict(
                    request, account, number,
                    Problem(.conflict, detail: RenewalText.changedMeanwhile.text(in: request.language)),
                    form: form)
            }
            do {
                _ = try await office.decide(number, decision, expectedVersion: version, by: account)
            } catch let problem as Problem where problem.kind == .conflict {
                return try await conflict(request, account, number, problem, form: form)
            }
            let done: String =
                switch decision {
                case .approve: "approved"
                case .returnForCorrection: "returned"
                case .reject: "rejected"
                }
            return self.done(request, number, done)
        }
    }

    func issue(_ request: Request) async throws -> Response {
        guard let account = try staff(request) else { return signIn(request) }
        let number = applicationNumber(request)
        let form = try request.content.decode(IssueForm.self)
        // Without a version the page's state is unknown: -1 never matches, so it is a conflict.
        let version = form.version.flatMap { Int($0) } ?? -1
        do {
            _ = try await RenewalOffice(request).issue(number, by: account, expectedVersion: version)
        } catch let problem as Problem where problem.kind == .conflict {
            return try await conflict(request, account, number, problem)
        }
        return done(request, number, "issued")
    }

    func collect(_ request: Request) async throws -> Response {
        guard let account = try staff(request) else { return signIn(request) }
        let number = applicationNumber(request)
        let t = strings[request.language]
        let code = try request.content.decode(CollectForm.self).pickupCode?.trimmingCharacters(in: .whitespaces) ?? ""
        let office = RenewalOffice(request)
        guard !code.isEmpty else {
            return try await renderReview(
                request, account, try await office.application(number, for: account),
                ReviewState(
                    errors: [FieldErrorView(field: "pickupCode", message: t.pickupCodeMissing)],
                    status: .unprocessableEntity))
        }
        do {
            _ = try await office.collect(number, pickupCode: code, by: account)
        } catch let problem as Problem where problem.kind == .validationFailed {
            return try await renderReview(
                request, account, try await office.application(number, for: account),
                ReviewState(
                    errors: problem.errors.map { FieldErrorView(field: $0.field, message: $0.message) },
                    pickupCode: code, status: .unprocessableEntity))
        } catch let problem as Problem where problem.kind == .conflict {
            return try await conflict(request, account, number, problem)
        }
        return done(request, number, "collected")
    }

    private func done(_ request: Request, _ number: String, _ what: String) -> Response {
        request.redirect(to: "\(Self.path)/\(number)?done=\(what)", redirectType: .normal)
    }

    /// The page as it stands now, with the conflict's words on top.
    private func conflict(
        _ request: Request, _ account: AuthenticatedAccount, _ number: String, _ problem: Problem,
        form: StaffRenewalDecisionForm = StaffRenewalDecisionForm()
    ) async throws -> Response {
        let record = try await RenewalOffice(request).application(number, for: account)
        return try await renderReview(
            request, account, record, ReviewState(conflict: problem.detail, form: form, status: .conflict))
    }

    // MARK: Rendering

    func renderReview(
        _ request: Request, _ account: AuthenticatedAccount, _ record: RenewalApplicationRecord, _ state: ReviewState
    ) async throws -> Response {
        let t = strings[request.language]
        let language = request.language
        let timeZone = request.services.config.serviceTimeZone
        // The audited read of the person's data, as the API does it.
        let document = try await StaffRenewalDocument.make(record, request: request)
        let application = document.application
        let status = record.applicationStatus
        let events = try record.events()
        let officers = events.compactMap { event -> String? in
            if case .officer(let id) = event.actor { return id }
            return nil
        }
        let names = try await staffNames(officers + [record.claimedBy].compactMap { $0 }, on: request.db)
        let claim = ClaimView(
            record, account: account, names: names, now: request.services.now(),
            lifetime: request.application.renewal.settings.claimLifetime, t: t)
        let row = StaffRenewalRowView.init(label:value:)
        var summary = [
            row(t.statusRow, t.status(status)),
            row(t.documentRow, application.documentName),
            row(t.reasonRow, application.reasonName),
            row(t.officeRow, application.officeName ?? record.officeCode),
            row(t.feeRow, StaffRenewalFormat.yuan(application.feeFen)),
            row(t.applicationDateRow, application.applicationDate),
            row(t.submittedRow, StaffRenewalFormat.time(application.submittedAt, timeZone: timeZone)),
        ]
        if status == .underReview { summary.append(row(t.claimRow, claim.text)) }
        let details = document.details
        var detailRows = [row(t.nameRow, details.name)]
        if let latin = details.nameLatin { detailRows.append(row(t.nameLatinRow, latin)) }
        detailRows += [
            row(t.sexRow, details.sex == "male" ? t.sexMale : details.sex == "female" ? t.sexFemale : details.sex),
            row(t.birthDateRow, details.birthDate),
            row(t.identityNumberRow, details.identityNumber),
        ]
        if let address = details.householdAddress { detailRows.append(row(t.householdAddressRow, address)) }
        if let current = details.currentDocumentNumber { detailRows.append(row(t.currentDocumentRow, current)) }
        if let expiry = details.currentDocumentExpiry { detailRows.append(row(t.currentExpiryRow, expiry)) }
        if let mobile = details.mobile { detailRows.append(row(t.mobileRow, mobile)) }
        let files = RenewalUploadKind.allCases.compactMap { kind in
            document.files[kind.rawValue].map {
                StaffRenewalFileView(kind: kind.rawValue, label: kind.name.text(in: language), src: $0)
            }
        }
        var handover = [row(t.handoverHeading, t.handover(record.handoverMethod))]
        if let recipient = document.recipient {
            handover += [
                row(t.recipientNameRow, recipient.name), row(t.recipientPhoneRow, recipient.phone),
                row(t.recipientAddressRow, recipient.address),
            ]
        } else if record.handoverMethod == .collection {
            handover.append(row(t.collectionRow, application.officeName ?? record.officeCode))
        }
        func clock(_ clock: RenewalApplicationDocument.Clock) -> String {
            t.clockState(clock.state)
                + (clock.due.map { language == .zh ? "（\(t.dueOn) \($0)）" : " (\(t.dueOn) \($0))" } ?? "")
        }
        var clocks = [row(t.issueClockRow, clock(application.issueClock))]
        if let production = application.productionClock { clocks.append(row(t.productionClockRow, clock(production))) }
        let payments = application.payments.map {
            row($0.orderNumber, "\(StaffRenewalFormat.yuan($0.amountFen)) · \($0.status)")
        }
        var issued: [StaffRenewalRowView] = []
        if let number = document.newDocumentNumber { issued.append(row(t.newDocumentRow, number)) }
        if state.justIssued, let code = application.pickupCode { issued.append(row(t.pickupCodeRow, code)) }
        let canClaim = status == .underReview && claim.code != "me"
        let canDecide = status == .underReview && claim.code == "me"
        let canIssue = status == .inProduction && record.newDocumentNumber == nil
        let canCollect = status == .readyForCollection
        let errors = state.errors
        let context = StaffRenewalReviewContext(
            meta: Portal.meta(request, title: "\(t.reviewHeading) \(record.number)", section: ""), t: t,
            nav: nav(account), csrfToken: CSRF.token(for: request), errors: errors, notice: state.notice,
            conflict: state.conflict, number: record.number, statusCode: status.rawValue, statusName: t.status(status),
            version: record.version, summary: summary, details: detailRows, files: files, handover: handover,
            clocks: clocks,
            corrections: application.corrections.map {
                $0.title + ($0.note.map { StaffRenewalFormat.colon(language) + $0 } ?? "")
            },
            payments: payments,
            events: events.map { eventView($0, names: names, t: t, language: language, timeZone: timeZone) },
            claim: claim.text, canClaim: canClaim, claimedByOther: claim.code == "other", canDecide: canDecide,
            items: state.form.items(t, errors: errors),
            correctionsField: FieldView(nil, field: "items", errors: errors),
            reason: FieldView(state.form.reason, field: "reason", errors: errors), canIssue: canIssue,
            issued: issued,
            waybillRequested: status == .inProduction && record.newDocumentNumber != nil
                && record.handoverMethod == .courier,
            canCollect: canCollect, pickupCode: FieldView(state.pickupCode, field: "pickupCode", errors: errors),
            hasActions: canClaim || canDecide || canIssue || canCollect)
        return try await AccountPage.render("staff-renewals/review", context, for: request, status: state.status)
    }

    private func eventView(
        _ event: ApplicationEvent, names: [String: String], t: StaffRenewalStrings, language: Language,
        timeZone: TimeZone
    ) -> StaffRenewalEventView {
        let actor: String =
            switch event.actor {
            case .applicant: t.actorApplicant
            case .helper: t.actorHelper
            case .officer(let id): names[id] ?? t.actorOfficerUnknown
            case .payments: t.actorPayments
            case .courier: t.actorCourier
            case .system: t.actorSystem
            }
        let detail: String =
            switch event.type {
            case .returned(let corrections):
                corrections.map { t.item($0.item) + ($0.note.map { StaffRenewalFormat.colon(language) + $0 } ?? "") }
                    .joined(separator: language == .zh ? "；" : "; ")
            case .rejected(let reason): reason
            case .withdrawn(let cause): cause.message.text(in: language)
            case .paid(let amount), .refunded(let amount): StaffRenewalFormat.yuan(Int(amount.fen))
            case .dispatched(let tracking): tracking.map { "\(t.trackingNumber) \($0)" } ?? ""
            case .submitted(let method): t.handover(method)
            default: ""
            }
        return StaffRenewalEventView(
            when: StaffRenewalFormat.time(event.at, timeZone: timeZone), name: event.kind.name.text(in: language),
            actor: actor, detail: detail)
    }
}
