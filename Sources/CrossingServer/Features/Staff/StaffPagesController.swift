import CrossingDomain
import Fluent
import Foundation
import Vapor

/// The back office: /staff/sign-in (username, password, authenticator code; CSRF-checked like the
/// applicant sign-in) starting a normal portal session, and /staff, the landing page. /staff answers
/// 404 to applicants and partners, so it does not advertise itself.
struct StaffPagesController: RouteCollection {
    static let signInPath = "/staff/sign-in"
    static let homePath = "/staff"

    struct SignInForm: Content {
        var username: String?
        var password: String?
        var code: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped("staff")
        staff.get(use: home)
        staff.get("sign-in", use: signInPage)
        staff.post("sign-in", use: signIn)
    }

    func signInPage(_ request: Request) async throws -> Response {
        try await renderSignIn(request, username: nil, errors: [])
    }

    func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        let strings = StaffPageStrings(request.language)
        var errors: [FieldErrorView] = []
        if (form.username ?? "").isEmpty { errors.append(.init(field: "username", message: strings.usernameRequired)) }
        if (form.password ?? "").isEmpty { errors.append(.init(field: "password", message: strings.passwordRequired)) }
        if (form.code ?? "").isEmpty { errors.append(.init(field: "code", message: strings.codeRequired)) }
        if !errors.isEmpty {
            return try await renderSignIn(request, username: form.username, errors: errors, status: .badRequest)
        }
        do {
            let account = try await StaffSignInService(StaffService(request))
                .signIn(
                    username: form.username ?? "", password: form.password ?? "", code: form.code ?? "",
                    client: request.clientContext)
            let created = try await SessionStore(services: request.services, database: request.db)
                .create(accountID: try account.requireID(), client: request.clientContext)
            let response = request.redirect(to: Self.homePath, redirectType: .normal)
            response.cookies[SessionStore.cookieName] = SessionStore.cookie(
                created.token, secure: request.services.config.hstsEnabled)
            return response
        } catch let failure as StaffSignInFailure {
            let message = failure.problem(in: request.language).detail
            return try await renderSignIn(
                request, username: form.username, errors: [.init(field: "username", message: message)],
                status: .unauthorized)
        } catch let failure as AccountFailure {
            guard let errors = AccountPage.fieldErrors(failure, language: request.language) else { throw failure }
            return try await renderSignIn(
                request, username: form.username,
                errors: errors.map { .init(field: "username", message: $0.message) }, status: .tooManyRequests)
        }
    }

    func home(_ request: Request) async throws -> Response {
        guard let account = request.account else {
            return request.redirect(to: Self.signInPath, redirectType: .normal)
        }
        let grant = account.principal.grants.first { StaffService.staffRoles.contains($0.role) }
        guard account.kind == .staff, let grant,
            BackOfficeSection.isOpen(.openBackOffice, officeScoped: false, to: account.principal)
        else { throw Problem.notFound("That page") }
        let strings = StaffPageStrings(request.language)
        let profile = try await StaffProfileRecord.query(on: request.db).filter(\.$accountID == account.accountID)
            .first()
        var office = "—"
        if let code = grant.officeCode {
            let name = request.services.referenceData.snapshot?.directory.office(code: code)?.name
                .text(in: request.language)
            office = name.map { "\($0) (\(code))" } ?? code
        }
        let context = StaffHomeContext(
            meta: Portal.meta(request, title: strings.homeHeading, section: ""), t: strings,
            csrfToken: CSRF.token(for: request), name: profile?.displayName ?? "",
            role: strings.roleName(grant.role), office: office,
            sections: BackOfficeSection.all.filter { $0.isOpen(to: account.principal) }
                .map {
                    BackOfficeLink(
                        href: $0.href, title: $0.title.text(in: request.language),
                        summary: $0.summary.text(in: request.language))
                })
        return try await AccountPage.render("staff/home", context, for: request)
    }

    private func renderSignIn(
        _ request: Request, username: String?, errors: [FieldErrorView], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let strings = StaffPageStrings(request.language)
        let context = StaffSignInContext(
            meta: Portal.meta(request, title: strings.signInHeading, section: ""), t: strings,
            csrfToken: CSRF.token(for: request), errors: errors,
            username: FieldView(username, field: "username", errors: errors),
            password: FieldView(nil, field: "password", errors: errors),
            code: FieldView(nil, field: "code", errors: errors))
        return try await AccountPage.render("staff/sign-in", context, for: request, status: status)
    }
}

struct StaffSignInContext: Encodable, Sendable {
    var meta: PageMeta
    var t: StaffPageStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var username: FieldView
    var password: FieldView
    var code: FieldView
}

struct StaffHomeContext: Encodable, Sendable {
    var meta: PageMeta
    var t: StaffPageStrings
    var csrfToken: String
    var name: String
    var role: String
    var office: String
    var sections: [BackOfficeLink]
}

struct BackOfficeLink: Encodable, Sendable {
    var href: String
    var title: String
    var summary: String
}

/// The back office's sections, each shown to those its action allows (checked again by the page).
struct BackOfficeSection: Sendable {
    var href: String
    var action: Action
    /// The office the grant must cover, for office-scoped actions: the staff member's own.
    var officeScoped: Bool
    var title: LocalizedText
    var summary: LocalizedText

    func isOpen(to principal: Principal) -> Bool {
        Self.isOpen(action, officeScoped: officeScoped, to: principal)
    }

    static func isOpen(_ action: Action, officeScoped: Bool, to principal: Principal) -> Bool {
        let offices: [String?] = officeScoped ? principal.grants.map(\.officeCode) : [nil]
        return offices.contains { office in
            Authorizer.decide(principal, action, on: ProtectedResource(officeCode: office)) == .allow
        }
    }

    static let all: [BackOfficeSection] = [
        BackOfficeSection(
            href: JobsPagesController.path, action: .operateBackgroundJobs, officeScoped: false,
            title: LocalizedText(zh: "后台任务", en: "Background jobs"),
            summary: LocalizedText(
                zh: "付款、快递、消息任务的队列、重试和死信", en: "Queues, retries and dead letters of payments, parcels and messages")),
        BackOfficeSection(
            href: "/staff/appointments", action: .checkInAppointments, officeScoped: true,
            title: LocalizedText(zh: "预约签到", en: "Appointments and check-in"),
            summary: LocalizedText(
                zh: "本单位当天的预约名单、签到、未到记录", en: "Today's appointments at your office, check-in, no-shows")),
        BackOfficeSection(
            href: "/staff/appointments/capacity", action: .manageAppointmentCapacity, officeScoped: true,
            title: LocalizedText(zh: "预约号源", en: "Appointment capacity"),
            summary: LocalizedText(
                zh: "各业务每日号源和临时停办", en: "Places per service and day, and closures")),
        BackOfficeSection(
            href: "/staff/appointments/investigate", action: .investigateBookings, officeScoped: false,
            title: LocalizedText(zh: "异常预约排查", en: "Booking investigation"),
            summary: LocalizedText(
                zh: "查找并取消批量或脚本预约", en: "Find and cancel bulk or scripted bookings")),
        BackOfficeSection(
            href: "/staff/renewals", action: .reviewApplication, officeScoped: true,
            title: LocalizedText(zh: "换补发证件审核", en: "Renewal review"),
            summary: LocalizedText(
                zh: "本单位网上换补发申请的认领、审核、签发和窗口发证",
                en: "Your office's online renewals: claim, review, issue and hand over")),
        BackOfficeSection(
            href: "/staff/renewals/clocks", action: .superviseApplications, officeScoped: true,
            title: LocalizedText(zh: "今日到期与超期", en: "Due today and late"),
            summary: LocalizedText(
                zh: "换补发申请的签发和制证时限", en: "Renewals' issue and production clocks")),
        BackOfficeSection(
            href: "/staff/renewals/statistics", action: .superviseApplications, officeScoped: true,
            title: LocalizedText(zh: "换补发办理统计", en: "Renewal statistics"),
            summary: LocalizedText(
                zh: "按城市和日期的申请量、审批和送达用时、减少的窗口办理次数",
                en: "Applications per city and day, approval and delivery times, counter visits saved")),
        BackOfficeSection(
            href: "/staff/payments/reconciliation", action: .reconcilePayments, officeScoped: false,
            title: LocalizedText(zh: "支付对账", en: "Payment reconciliation"),
            summary: LocalizedText(
                zh: "与支付机构对账单的差异", en: "Differences against the payment gateway's statement")),
    ]
}

/// The back-office pages' wording in the reader's language.
struct StaffPageStrings: Encodable, Sendable {
    var signInHeading: String
    var signInIntro: String
    var usernameLabel: String
    var passwordLabel: String
    var codeLabel: String
    var codeHint: String
    var signInButton: String
    var usernameRequired: String
    var passwordRequired: String
    var codeRequired: String
    var homeHeading: String
    var nameLabel: String
    var roleLabel: String
    var officeLabel: String
    var signOutButton: String
    private var language: Language

    init(_ language: Language) {
        self.language = language
        func text(_ zh: String, _ en: String) -> String { LocalizedText(zh: zh, en: en).text(in: language) }
        signInHeading = text("工作人员登录", "Staff sign-in")
        signInIntro = text(
            "使用用户名、密码和身份验证器应用中的动态验证码登录。",
            "Sign in with your username, password and the code from your authenticator app.")
        usernameLabel = text("用户名", "Username")
        passwordLabel = text("密码", "Password")
        codeLabel = text("动态验证码", "Authenticator code")
        codeHint = text("身份验证器应用显示的 6 位数字", "The 6 digits your authenticator app shows")
        signInButton = text("登录", "Sign in")
        usernameRequired = text("请填写用户名", "Enter your username")
        passwordRequired = text("请填写密码", "Enter your password")
        codeRequired = text("请填写动态验证码", "Enter the code from your authenticator app")
        homeHeading = text("业务工作台", "Back office")
        nameLabel = text("姓名", "Name")
        roleLabel = text("角色", "Role")
        officeLabel = text("所属办事机构", "Office")
        signOutButton = text("退出登录", "Sign out")
    }

    func roleName(_ role: Role) -> String {
        switch role {
        case .officer: LocalizedText(zh: "民警", en: "Officer").text(in: language)
        case .supervisor: LocalizedText(zh: "审核主管", en: "Supervisor").text(in: language)
        case .administrator: LocalizedText(zh: "系统管理员", en: "Administrator").text(in: language)
        case .applicant, .partner: role.rawValue
        }
    }

    /// Only the page wording goes to the templates.
    private enum CodingKeys: String, CodingKey {
        case signInHeading, signInIntro, usernameLabel, passwordLabel, codeLabel, codeHint, signInButton
        case homeHeading, nameLabel, roleLabel, officeLabel, signOutButton
    }
}
