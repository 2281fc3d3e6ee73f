import CrossingDomain
import Fluent
import Foundation
import Vapor

/// /account/dependents: the people the applicant acts for (revocable), and a form to add one. The
/// rules (real-name check, delegation rules, fresh face verification) live in DependentService.
struct DependentPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let dependents = routes.grouped("account", "dependents")
        dependents.get(use: page)
        dependents.post(use: add)
        dependents.post(":id", "revoke", use: revoke)
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
        let done = try? request.query.get(String.self, at: "done")
        let notice = done == "added" ? strings.addedNotice : done == "revoked" ? strings.revokedNotice : ""
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
            _ = try await DependentService(request).add(input, by: account)
            return request.redirect(to: AccountExtrasPaths.dependents + "?done=added", redirectType: .normal)
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
        let rows = try await DependentService(request).active(for: account).map { delegation, person in
            DependentRow(
                id: delegation.id, name: person.map { DependentMasking.name($0.name) } ?? "",
                relationship: AccountExtrasStrings.relationship(delegation.relationship, language),
                since: formatter.string(from: delegation.createdAt))
        }
        let faceHref =
            AccountExtrasPaths.faceCheck + "?next="
            + (AccountExtrasPaths.dependents.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let context = DependentsContext(
            meta: Portal.meta(request, title: strings.dependentsHeading, section: "account"), t: strings,
            csrfToken: CSRF.token(for: request), errors: errors, notice: notice, faceRequired: faceRequired,
            faceCheckHref: faceHref, dependents: rows,
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
