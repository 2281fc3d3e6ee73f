import CrossingDomain
import Fluent
import Foundation
import Vapor

/// /account/dependents: the people the applicant acts for (revocable; pending ones with a field for
/// the code the dependent gives them), a form to add one, and the people who act for the applicant
/// (agree, decline, stop). The rules (real-name check, delegation rules, fresh face verification,
/// consent) live in DependentService.
struct DependentPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let dependents = routes.grouped("account", "dependents")
        dependents.get(use: page)
        dependents.post(use: add)
        dependents.post(":id", "revoke", use: revoke)
        dependents.post(":id", "confirm", use: confirm)
        dependents.post(":id", "send-code", use: sendCode)
        dependents.post("helpers", ":id", "accept", use: accept)
        dependents.post("helpers", ":id", "revoke", use: revokeHelper)
    }

    struct CodeForm: Content {
        var code: String?
    }

    struct AddForm: Content {
        var name: String?
        var documentKind: String?
        var documentNumber: String?
        var issuingCountry: String?
        var relationship: String?
        var consent: String?
    }

    func page(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let strings = request.accountExtrasStrings
        let consent = DelegationConsentStrings.table(request.language)
        let notices = [
            "added": strings.addedNotice, "revoked": strings.revokedNotice, "requested": consent.requestedNotice,
            "confirmed": consent.confirmedNotice, "code-sent": consent.codeSentNotice,
            "accepted": consent.acceptedNotice, "declined": consent.declinedNotice,
        ]
        let notice = (try? request.query.get(String.self, at: "done")).flatMap { notices[$0] } ?? ""
        return try await render(
            request, account: account, form: AddForm(), errors: [], notice: notice,
            faceRequired: !(await isFaceFresh(request, account)))
    }

    func add(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let form = try request.content.decode(AddForm.self)
        let input = DependentService.Addition(
            documentKind: form.documentKind ?? "", documentNumber: form.documentNumber ?? "",
            issuingCountry: form.issuingCountry.flatMap { $0.isEmpty ? nil : $0 }, name: form.name ?? "",
            relationship: form.relationship ?? "", consent: form.consent ?? "")
        do {
            let added = try await DependentService(request).add(input, by: account)
            let done = added.delegation.isActive ? "added" : "requested"
            return request.redirect(to: AccountExtrasPaths.dependents + "?done=" + done, redirectType: .normal)
        } catch let problem as Problem {
            if problem.kind == .faceVerificationRequired {
                return try await render(
                    request, account: account, form: form, errors: [], notice: "", faceRequired: true,
                    status: .forbidden)
            }
            let errors =
                problem.errors.isEmpty
                ? [FieldErrorView(field: "name", message: problem.detail)]
                : problem.errors.map { FieldErrorView(field: $0.field, message: $0.message) }
            guard problem.kind != .notFound, problem.kind != .internalError else { throw problem }
            return try await render(
                request, account: account, form: form, errors: errors, notice: "",
                faceRequired: !(await isFaceFresh(request, account)), status: problem.kind.status)
        }
    }

    func revoke(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        try await DependentService(request).revoke(id: request.parameters.get("id") ?? "", by: account)
        return request.redirect(to: AccountExtrasPaths.dependents + "?done=revoked", redirectType: .normal)
    }

    /// The helper enters the code the dependent gave them; a wrong one is shown next to that row's field.
    func confirm(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let id = request.parameters.get("id") ?? ""
        let form = try request.content.decode(CodeForm.self)
        do {
            _ = try await DependentService(request).confirm(id: id, code: form.code ?? "", by: account)
            return request.redirect(to: AccountExtrasPaths.dependents + "?done=confirmed", redirectType: .normal)
        } catch let problem as Problem where problem.kind != .notFound && problem.kind != .internalError {
            return try await rowError(request, account, id: id, problem)
        }
    }

    func sendCode(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let id = request.parameters.get("id") ?? ""
        do {
            _ = try await DependentService(request).resendConsentCode(id: id, by: account)
            return request.redirect(to: AccountExtrasPaths.dependents + "?done=code-sent", redirectType: .normal)
        } catch let problem as Problem where problem.kind != .notFound && problem.kind != .internalError {
            return try await rowError(request, account, id: id, problem)
        }
    }

    func accept(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        _ = try await DependentService(request).accept(id: request.parameters.get("id") ?? "", by: account)
        return request.redirect(to: AccountExtrasPaths.dependents + "?done=accepted", redirectType: .normal)
    }

    /// The dependent declines a pending request or stops an active one (only their own: 404 otherwise).
    func revokeHelper(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let id = request.parameters.get("id") ?? ""
        let service = DependentService(request)
        guard try await service.helpers(for: account).contains(where: { $0.0.id == id }) else {
            throw DependentService.notFound
        }
        try await service.revoke(id: id, by: account)
        return request.redirect(to: AccountExtrasPaths.dependents + "?done=declined", redirectType: .normal)
    }

    private func rowError(
        _ request: Request, _ account: AuthenticatedAccount, id: String, _ problem: Problem
    ) async throws -> Response {
        let message = problem.errors.first?.message ?? problem.detail
        return try await render(
            request, account: account, form: AddForm(), errors: [FieldErrorView(field: "code-" + id, message: message)],
            notice: "", faceRequired: !(await isFaceFresh(request, account)), status: problem.kind.status)
    }

    // MARK: - Rendering

    private func isFaceFresh(_ request: Request, _ account: AuthenticatedAccount) async -> Bool {
        do {
            try await FaceVerificationService(request).requireFresh(.addDependent, for: account, on: request.db)
            return true
        } catch {
            return false
        }
    }

    private func render(
        _ request: Request, account: AuthenticatedAccount, form: AddForm, errors: [FieldErrorView], notice: String,
        faceRequired: Bool, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let strings = request.accountExtrasStrings
        let language = request.language
        let formatter = DateFormatter()
        formatter.timeZone = request.services.config.serviceTimeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        let consent = DelegationConsentStrings.table(language)
        let now = request.services.now()
        let timeFormatter = DateFormatter()
        timeFormatter.timeZone = formatter.timeZone
        timeFormatter.locale = formatter.locale
        timeFormatter.dateFormat = "yyyy-MM-dd HH:mm"
        let service = DependentService(request)
        let rows = try await service.active(for: account).map { delegation, person in
            let codeError = errors.first { $0.field == "code-" + delegation.id }?.message ?? ""
            return DependentRow(
                id: delegation.id, name: person.map { DependentMasking.name($0.name) } ?? "",
                relationship: AccountExtrasStrings.relationship(delegation.relationship, language),
                since: formatter.string(from: delegation.createdAt),
                status: consent.status(delegation, at: now, format: timeFormatter.string(from:)),
                pending: delegation.status(at: now) == .pending, codeError: codeError)
        }
        let helpers = try await service.helpers(for: account).map { delegation, person in
            HelperRow(
                id: delegation.id, name: person.map { DependentMasking.name($0.name) } ?? "",
                relationship: AccountExtrasStrings.relationship(delegation.relationship, language),
                since: formatter.string(from: delegation.createdAt),
                status: consent.status(delegation, at: now, format: timeFormatter.string(from:)),
                pending: delegation.status(at: now) == .pending)
        }
        let faceHref =
            AccountExtrasPaths.faceCheck + "?next="
            + (AccountExtrasPaths.dependents.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let context = DependentsContext(
            meta: Portal.meta(request, title: strings.dependentsHeading, section: "account"), t: strings,
            csrfToken: CSRF.token(for: request), errors: errors, notice: notice, faceRequired: faceRequired,
            faceCheckHref: faceHref, dependents: rows, c: consent, helpers: helpers,
            documentKinds: IdentityDocumentKind.allCases.map {
                OptionView(
                    value: $0.rawValue, label: $0.name.text(in: language), selected: $0.rawValue == form.documentKind)
            },
            relationships: Relationship.allCases.map {
                OptionView(
                    value: $0.rawValue, label: AccountExtrasStrings.relationship($0, language),
                    selected: $0.rawValue == form.relationship)
            },
            consents: ConsentKind.allCases.map {
                OptionView(
                    value: $0.rawValue, label: AccountExtrasStrings.consent($0, language),
                    selected: $0.rawValue == form.consent)
            },
            name: FieldView(form.name, field: "name", errors: errors),
            documentKind: FieldView(form.documentKind, field: "documentKind", errors: errors),
            documentNumber: FieldView(form.documentNumber, field: "documentNumber", errors: errors),
            issuingCountry: FieldView(form.issuingCountry, field: "issuingCountry", errors: errors),
            relationship: FieldView(form.relationship, field: "relationship", errors: errors),
            consent: FieldView(form.consent, field: "consent", errors: errors))
        return try await AccountPage.render("account/dependents/index", context, for: request, status: status)
    }
}
