import CrossingDomain
import Fluent
import Foundation
import Vapor

/// /renewals (my applications and my dependents'), /renewals/{number} (status, timeline, payment,
/// corrections, withdrawal) and the confirmation after a submission. Other people's applications
/// are 404 (`RenewalService.application(_:for:)`).
struct RenewalStatusPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pages = routes.grouped("renewals")
        pages.get(use: list)
        pages.get(":number", use: show)
        pages.get(":number", "submitted", use: confirmation)
        pages.get(":number", "withdraw", use: withdrawPage)
        pages.post(":number", "withdraw", use: withdraw)
        // Up to four replacement files of at most 80 KB each pass the checks; 1 MB leaves room.
        pages.on(.POST, ":number", "resubmit", body: .collect(maxSize: "1mb"), use: resubmit)
    }

    struct ResubmitForm: Content {
        var photo: File?
        var signature: File?
        var idCardFront: File?
        var idCardBack: File?
        var recipientName: String?
        var recipientPhone: String?
        var recipientAddress: String?
    }

    func list(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let t = request.renewalStrings
        let names = try await Self.dependentNames(request, account)
        let zone = request.services.config.serviceTimeZone
        let rows = try await RenewalService(request).applications(for: account).map { record in
            RenewalRowView(
                number: record.number, document: record.renewalDocument.name.text(in: request.language),
                person: record.owner == account.personID
                    ? t.forSelf : (record.delegationID.flatMap({ names[$0] }) ?? ""),
                submitted: RenewalPageFormat.time(record.submittedAt, zone),
                status: record.applicationStatus.name.text(in: request.language), statusCode: record.status)
        }
        let draft = try await RenewalDraftStore(request: request, account: account).load()
        let hasDraft = draft.document != nil && draft.submittedNumber == nil
        let context = RenewalListContext(
            meta: Portal.meta(request, title: t.listHeading, section: "account"), t: t, rows: rows,
            hasDraft: hasDraft, draftHref: RenewalStep.document.path)
        return try await AccountPage.render("renewals/index", context, for: request)
    }

    func show(_ request: Request) async throws -> Response {
        let (account, record) = try await Self.authorized(request)
        let notice: String =
            switch request.query[String.self, at: "done"] {
            case "withdrawn": request.renewalStrings.withdrawnNotice
            case "resubmitted": request.renewalStrings.resubmittedNotice
            default: ""
            }
        return try await RenewalStatusPage(request: request, account: account, record: record)
            .render(notice: notice, errors: [], form: nil)
    }

    func confirmation(_ request: Request) async throws -> Response {
        let (_, record) = try await Self.authorized(request)
        let t = request.renewalStrings
        let context = RenewalConfirmationContext(
            meta: Portal.meta(request, title: t.confirmationHeading, section: "account"), t: t,
            number: record.number, statusHref: RenewalPaths.status(record.number))
        return try await AccountPage.render("renewals/confirmation", context, for: request)
    }

    func withdrawPage(_ request: Request) async throws -> Response {
        let (_, record) = try await Self.authorized(request)
        let t = request.renewalStrings
        guard RenewalStatusPage.canWithdraw(record) else {
            return request.redirect(to: RenewalPaths.status(record.number), redirectType: .normal)
        }
        let context = RenewalWithdrawContext(
            meta: Portal.meta(request, title: t.withdrawHeading, section: "account"), t: t,
            csrfToken: CSRF.token(for: request), number: record.number)
        return try await AccountPage.render("renewals/withdraw", context, for: request)
    }

    func withdraw(_ request: Request) async throws -> Response {
        let (account, record) = try await Self.authorized(request)
        do {
            _ = try await RenewalService(request).withdraw(record, by: account)
        } catch let problem as Problem where problem.kind == .conflict || problem.kind == .validationFailed {
            return try await RenewalStatusPage(request: request, account: account, record: record)
                .render(
                    notice: "", errors: [FieldErrorView(field: "withdraw", message: problem.detail)], form: nil,
                    status: .conflict)
        }
        return request.redirect(to: RenewalPaths.status(record.number) + "?done=withdrawn", redirectType: .normal)
    }

    func resubmit(_ request: Request) async throws -> Response {
        let (account, record) = try await Self.authorized(request)
        let form = try request.content.decode(ResubmitForm.self)
        let page = RenewalStatusPage(request: request, account: account, record: record)
        let t = request.renewalStrings
        let service = RenewalService(request)
        var errors: [FieldErrorView] = []
        var uploads: [RenewalUploadKind: String] = [:]
        let files: [(RenewalUploadKind, String, File?)] = [
            (.photo, "photo", form.photo), (.signature, "signature", form.signature),
            (.idCardFront, "idCardFront", form.idCardFront), (.idCardBack, "idCardBack", form.idCardBack),
        ]
        let asked = Set(page.fileFields().map(\.field))
        let subject = try await service.subject(for: account, dependentID: record.delegationID)
        for (kind, field, file) in files where asked.contains(field) {
            guard let file, file.data.readableBytes > 0 else {
                errors.append(FieldErrorView(field: field, message: t.fileRequired))
                continue
            }
            do {
                uploads[kind] =
                    try await service.upload(kind, data: Data(file.data.readableBytesView), for: subject, by: account)
                    .blobKey
            } catch let problem as Problem where problem.kind == .validationFailed {
                errors += problem.errors.map { FieldErrorView(field: field, message: $0.message) }
            }
        }
        var recipient: ShipmentRecipient?
        if page.asksAddress {
            do {
                recipient = try ShipmentService.recipient(
                    name: form.recipientName ?? "", phone: form.recipientPhone ?? "",
                    address: form.recipientAddress ?? "", language: request.language)
            } catch let problem as Problem where problem.kind == .validationFailed {
                errors += problem.errors.map { FieldErrorView(field: $0.field, message: $0.message) }
            }
        }
        if errors.isEmpty {
            do {
                _ = try await service.resubmit(record, replacing: uploads, recipient: recipient, by: account)
                return request.redirect(
                    to: RenewalPaths.status(record.number) + "?done=resubmitted", redirectType: .normal)
            } catch let problem as Problem where problem.kind == .conflict || problem.kind == .validationFailed {
                errors =
                    problem.errors.isEmpty
                    ? [FieldErrorView(field: "resubmit", message: problem.detail)]
                    : problem.errors.map { FieldErrorView(field: $0.field, message: $0.message) }
            }
        }
        return try await page.render(notice: "", errors: errors, form: form, status: .unprocessableEntity)
    }

    // MARK: Helpers

    static func authorized(_ request: Request) async throws -> (AuthenticatedAccount, RenewalApplicationRecord) {
        let account = try request.requireAccount()
        let record = try await RenewalService(request).application(request.parameters.get("number") ?? "", for: account)
        return (account, record)
    }

    /// Masked names of the people the account acts for, by delegation ID.
    static func dependentNames(_ request: Request, _ account: AuthenticatedAccount) async throws -> [String: String] {
        guard account.personID != nil else { return [:] }
        let active = try await DependentService(request).active(for: account)
        return Dictionary(
            active.map { delegation, person in (delegation.id, person.map { DependentMasking.name($0.name) } ?? "") },
            uniquingKeysWith: { first, _ in first })
    }
}
