import CrossingDomain
import Fluent
import Foundation
import Vapor

/// What an account holder sees about themselves, shared by the profile page and GET /api/v1/me.
struct AccountProfile: Sendable {
    var accountID: UUID
    var name: String
    var documentKind: IdentityDocumentKind?
    var maskedDocumentNumber: String
    var maskedMobile: String
    var mobileVerified: Bool
    var lockedMethods: [String]
    var createdAt: Date

    struct SignIn: Sendable {
        var occurredAt: Date
        var device: String
        var clientAddress: String
        var succeeded: Bool
        var reason: String?
    }

    static func load(accountID: UUID, services: AppServices, on database: any Database) async throws -> AccountProfile {
        guard let account = try await AccountRecord.find(accountID, on: database) else {
            throw Problem.notFound("That account")
        }
        let person = try await account.personKey.asyncMap {
            try await RegistryStore(database: database, services: services).person(id: PersonID($0))
        }
        let mobile = try account.mobileSealed.map { try MobileNumber.parse(try services.cipher.open($0)) }
        return AccountProfile(
            accountID: accountID, name: person?.name ?? "", documentKind: person?.identity.kind,
            maskedDocumentNumber: person.map { mask($0.identity.number) } ?? "", maskedMobile: mobile?.masked ?? "",
            mobileVerified: account.mobileVerifiedAt != nil,
            lockedMethods: SignInService.lockedMethods(account).sorted(), createdAt: account.createdAt)
    }

    /// First 3 and last 4 characters kept: enough for the holder to recognise the number.
    static func mask(_ number: String) -> String {
        guard number.count > 7 else { return String(repeating: "*", count: number.count) }
        return String(number.prefix(3)) + String(repeating: "*", count: number.count - 7) + String(number.suffix(4))
    }

    /// Sign-in attempts on the account, newest first, from the audit log.
    static func signIns(accountID: UUID, limit: Int, on database: any Database) async throws -> [SignIn] {
        try await AuditLogRecord.query(on: database)
            .filter(\.$subject == accountID.uuidString)
            .filter(\.$action == SignInService.signInAction)
            .sort(\.$sequence, .descending).limit(limit).all()
            .map { record in
                let entry = try record.entry()
                return SignIn(
                    occurredAt: entry.occurredAt, device: entry.details["device"] ?? "",
                    clientAddress: entry.details["clientAddress"] ?? "", succeeded: entry.outcome == "success",
                    reason: entry.details["reason"])
            }
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

/// The signed-in holder's account page: details, sign-in history, the password method switch and
/// sign out everywhere.
struct AccountProfileController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let account = routes.grouped("account")
        account.get(use: profile)
        account.post("password-method", use: passwordMethod)
        account.post("sign-out-everywhere", use: signOutEverywhere)
    }

    func profile(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let profile = try await AccountProfile.load(
            accountID: account.accountID, services: request.services, on: request.db)
        let strings = request.accountStrings
        let language = request.language
        let formatter = DateFormatter()
        formatter.timeZone = request.services.config.serviceTimeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let history = try await AccountProfile.signIns(accountID: account.accountID, limit: 20, on: request.db)
        let context = ProfileContext(
            meta: Portal.meta(request, title: strings.accountHeading, section: "account"), t: strings,
            csrfToken: CSRF.token(for: request), name: profile.name,
            document: [profile.documentKind?.name.text(in: language) ?? "", profile.maskedDocumentNumber]
                .filter { !$0.isEmpty }.joined(separator: " "),
            maskedMobile: profile.maskedMobile, mobileVerified: profile.mobileVerified,
            passwordMethodOn: !profile.lockedMethods.contains(SignInService.passwordMethod),
            history: history.map {
                SignInHistoryRow(
                    time: formatter.string(from: $0.occurredAt), device: $0.device, clientAddress: $0.clientAddress,
                    outcome: $0.succeeded ? strings.outcomeSuccess : strings.outcomeFailure, succeeded: $0.succeeded)
            })
        return try await AccountPage.render("account/profile", context, for: request)
    }

    struct MethodForm: Content {
        var locked: String?
    }

    func passwordMethod(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let form = try request.content.decode(MethodForm.self)
        guard let record = try await AccountRecord.find(account.accountID, on: request.db) else {
            throw Problem.notFound("That account")
        }
        try await SignInService(AccountService(request))
            .setPasswordMethod(locked: form.locked == "true", account: record, client: request.clientContext)
        return request.redirect(to: IdentityPaths.account, redirectType: .normal)
    }

    func signOutEverywhere(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        try await AccountSessions.signOutEverywhere(
            accountID: account.accountID, request: request)
        let response = request.redirect(to: "/", redirectType: .normal)
        response.cookies[SessionStore.cookieName] = SessionStore.expiredCookie(
            secure: request.services.config.hstsEnabled)
        return response
    }
}

enum AccountSessions {
    /// Revokes every portal session and (through the token service) every refresh-token family.
    static func signOutEverywhere(accountID: UUID, request: Request) async throws {
        let services = request.services
        let client = request.clientContext
        try await request.db.transaction { transaction in
            try await SessionStore(services: services, database: transaction).revokeAll(accountID: accountID)
            try await revokeTokens(accountID: accountID, services: services, on: transaction)
            try await services.auditLog.append(
                AuditEntryDraft(
                    occurredAt: services.now(), actor: "account:" + accountID.uuidString, onBehalfOf: nil,
                    action: "account.sign-out-everywhere", subject: accountID.uuidString, outcome: "success",
                    details: ["device": client.device, "clientAddress": client.address]),
                on: transaction)
        }
    }
}
