import CrossingDomain
import Fluent
import Vapor

/// Register, sign in, verify the mobile number, sign out. Handlers translate forms into use-case calls
/// and failures into field errors; the rules live in AccountService and SignInService.
struct AccountPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let account = routes.grouped("account")
        account.get("register", use: registerPage)
        account.post("register", use: register)
        account.get("sign-in", use: signInPage)
        account.post("sign-in", use: signIn)
        account.get("verify-mobile", use: verifyPage)
        account.post("verify-mobile", use: verify)
        account.post("verify-mobile", "resend", use: resend)
        account.post("sign-out", use: signOut)
    }

    struct RegisterForm: Content {
        var name: String?
        var documentKind: String?
        var documentNumber: String?
        var issuingCountry: String?
        var mobile: String?
        var password: String?
    }

    func registerPage(_ request: Request) async throws -> Response {
        try await renderRegister(request, form: RegisterForm(), errors: [])
    }

    func register(_ request: Request) async throws -> Response {
        let form = try request.content.decode(RegisterForm.self)
        let input = AccountService.Registration(
            name: form.name ?? "", documentKind: form.documentKind ?? "", documentNumber: form.documentNumber ?? "",
            issuingCountry: form.issuingCountry.flatMap { $0.isEmpty ? nil : $0 }, mobile: form.mobile ?? "",
            password: form.password ?? "", language: request.language)
        do {
            let account = try await AccountService(request).register(input, client: request.clientContext)
            return try await startSession(request, accountID: try account.requireID(), next: "/account/verify-mobile")
        } catch let failure as AccountFailure {
            guard let errors = AccountPage.fieldErrors(failure, language: request.language) else { throw failure }
            return try await renderRegister(request, form: form, errors: errors, status: .unprocessableEntity)
        }
    }

    struct SignInForm: Content {
        var identifier: String?
        var password: String?
        var next: String?
    }

    func signInPage(_ request: Request) async throws -> Response {
        let next = try? request.query.get(String.self, at: "next")
        return try await renderSignIn(request, form: SignInForm(next: next), errors: [])
    }

    func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        var errors: [FieldErrorView] = []
        let strings = request.language
        if (form.identifier ?? "").isEmpty {
            errors.append(.init(field: "identifier", message: RequiredField.identifier.message.text(in: strings)))
        }
        if (form.password ?? "").isEmpty {
            errors.append(.init(field: "password", message: RequiredField.password.message.text(in: strings)))
        }
        if !errors.isEmpty { return try await renderSignIn(request, form: form, errors: errors, status: .badRequest) }
        do {
            let account = try await SignInService(AccountService(request))
                .signIn(identifier: form.identifier ?? "", password: form.password ?? "", client: request.clientContext)
            let next = account.mobileVerifiedAt == nil ? "/account/verify-mobile" : AccountPage.safeNext(form.next)
            return try await startSession(request, accountID: try account.requireID(), next: next)
        } catch let failure as AccountFailure {
            guard let errors = AccountPage.fieldErrors(failure, language: request.language) else { throw failure }
            let status: HTTPResponseStatus = failure.retryAfter == nil ? .unauthorized : .tooManyRequests
            return try await renderSignIn(request, form: form, errors: errors, status: status)
        }
    }

    struct CodeForm: Content {
        var code: String?
    }

    func verifyPage(_ request: Request) async throws -> Response {
        try await renderVerify(request, errors: [], notice: "")
    }

    func verify(_ request: Request) async throws -> Response {
        let form = try request.content.decode(CodeForm.self)
        let record = try await currentAccount(request)
        do {
            try await AccountService(request).verifyMobile(
                account: record, code: form.code ?? "", client: request.clientContext)
            return request.redirect(to: IdentityPaths.account, redirectType: .normal)
        } catch let failure as AccountFailure {
            guard let errors = AccountPage.fieldErrors(failure, language: request.language) else { throw failure }
            return try await renderVerify(request, errors: errors, notice: "", status: .unprocessableEntity)
        }
    }

    func resend(_ request: Request) async throws -> Response {
        let record = try await currentAccount(request)
        try await AccountService(request).resendVerification(account: record, client: request.clientContext)
        return try await renderVerify(request, errors: [], notice: request.accountStrings.codeSentNotice)
    }

    func signOut(_ request: Request) async throws -> Response {
        if case .session(let id, _) = request.account?.method {
            try await SessionStore(services: request.services, database: request.db).revoke(sessionID: id)
        }
        let response = request.redirect(to: "/", redirectType: .normal)
        response.cookies[SessionStore.cookieName] = SessionStore.expiredCookie(
            secure: request.services.config.hstsEnabled)
        return response
    }

    // MARK: - Rendering

    private func startSession(_ request: Request, accountID: UUID, next: String) async throws -> Response {
        let created = try await SessionStore(services: request.services, database: request.db)
            .create(accountID: accountID, client: request.clientContext)
        let response = request.redirect(to: next, redirectType: .normal)
        response.cookies[SessionStore.cookieName] = SessionStore.cookie(
            created.token, secure: request.services.config.hstsEnabled)
        return response
    }

    private func currentAccount(_ request: Request) async throws -> AccountRecord {
        let account = try request.requireAccount()
        guard let record = try await AccountRecord.find(account.accountID, on: request.db) else {
            throw Problem(.unauthorized, detail: "Sign in to continue.")
        }
        return record
    }

    private func renderRegister(
        _ request: Request, form: RegisterForm, errors: [FieldErrorView], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let strings = request.accountStrings
        let language = request.language
        let context = RegisterContext(
            meta: Portal.meta(request, title: strings.registerHeading, section: "account"), t: strings,
            csrfToken: CSRF.token(for: request), errors: errors,
            documentKinds: IdentityDocumentKind.allCases.map {
                OptionView(
                    value: $0.rawValue, label: $0.name.text(in: language), selected: $0.rawValue == form.documentKind)
            },
            name: FieldView(form.name, field: "name", errors: errors),
            documentKind: FieldView(form.documentKind, field: "documentKind", errors: errors),
            documentNumber: FieldView(form.documentNumber, field: "documentNumber", errors: errors),
            issuingCountry: FieldView(form.issuingCountry, field: "issuingCountry", errors: errors),
            mobile: FieldView(form.mobile, field: "mobile", errors: errors),
            password: FieldView(nil, field: "password", errors: errors))
        return try await AccountPage.render("account/register", context, for: request, status: status)
    }

    private func renderSignIn(
        _ request: Request, form: SignInForm, errors: [FieldErrorView], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let strings = request.accountStrings
        let context = SignInContext(
            meta: Portal.meta(request, title: strings.signInHeading, section: "account"), t: strings,
            csrfToken: CSRF.token(for: request), errors: errors, next: AccountPage.safeNext(form.next),
            identifier: FieldView(form.identifier, field: "identifier", errors: errors),
            password: FieldView(nil, field: "password", errors: errors))
        return try await AccountPage.render("account/sign-in", context, for: request, status: status)
    }

    private func renderVerify(
        _ request: Request, errors: [FieldErrorView], notice: String, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let record = try await currentAccount(request)
        let strings = request.accountStrings
        let masked = (try? AccountService(request).mobile(of: record).masked) ?? ""
        let context = VerifyMobileContext(
            meta: Portal.meta(request, title: strings.verifyHeading, section: "account"), t: strings,
            csrfToken: CSRF.token(for: request), errors: errors, maskedMobile: masked, notice: notice,
            code: FieldView(nil, field: "code", errors: errors))
        return try await AccountPage.render("account/verify-mobile", context, for: request, status: status)
    }
}
