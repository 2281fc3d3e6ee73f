import CrossingDomain
import CrossingIntegrations
import Foundation
import Vapor

/// Wires the account feature: strings, the session authenticator, the portal pages (CSRF-checked),
/// the API and, outside production, the sandbox SMS outbox page and command.
enum AccountFeature {
    static func configure(_ app: Application) throws {
        app.accountStrings = try AccountStringTables.load(from: app.directory.resourcesDirectory + "Localization/")
        app.accountSettings.trustForwardedFor = app.services.config.trustForwardedFor
        app.middleware.use(SessionAuthenticator())
        app.asyncCommands.use(SMSCommand(), as: "sms")
    }

    static func routes(_ app: Application) throws {
        let pages = app.grouped(AccountFailureMiddleware()).grouped(CSRFMiddleware())
        try pages.register(collection: AccountPagesController())
        try pages.register(collection: AccountProfileController())
        try pages.register(collection: AccountExtrasPagesController())
        // The global BearerAuthenticator (Configure.swift) has already filled request.account.
        let api = app.grouped("api", "v1").grouped(AccountFailureMiddleware())
        try api.register(collection: AccountAPIController())
        if app.environment != .production {
            try app.register(collection: DevSMSController())
        }
    }
}

private struct AccountStringsKey: StorageKey {
    typealias Value = AccountStringTables
}

extension Application {
    var accountStrings: AccountStringTables {
        get {
            guard let strings = storage[AccountStringsKey.self] else {
                preconditionFailure("AccountFeature.configure must run before the account pages are used")
            }
            return strings
        }
        set { storage[AccountStringsKey.self] = newValue }
    }
}

/// Renders account pages like the rest of the portal, never cached (they carry tokens and personal data).
enum AccountPage {
    static func render<Context: Encodable & Sendable>(
        _ template: String, _ context: Context, for request: Request, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let view = try await request.view.render(template, context)
        let response = try await view.encodeResponse(for: request)
        response.status = status
        response.headers.replaceOrAdd(name: .contentLanguage, value: request.language == .zh ? "zh-Hans" : "en")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        CSRF.attachCookie(to: response, for: request)
        return response
    }

    /// Field errors of a failure for the form, in the reader's language; nil for failures that are
    /// not about the form (they render as the friendly error page).
    static func fieldErrors(_ failure: AccountFailure, language: Language) -> [FieldErrorView]? {
        switch failure {
        case .invalid, .invalidCredentials, .methodLocked, .locked:
            return failure.problem(in: language).errors.map { FieldErrorView(field: $0.field, message: $0.message) }
        case .rateLimited, .mobileNotVerified:
            return nil
        }
    }

    /// `next` when it is a local path ("/account", not "//evil.example" or "https://...").
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
            !next.contains(where: { $0.isNewline })
        else { return IdentityPaths.account }
        return next
    }
}
