import CrossingDomain
import Fluent
import Foundation
import Vapor

/// The account API: register, verify the mobile number, resend the code, profile, sign-in history,
/// sign out everywhere. Signed-in endpoints use the bearer token (request.account) and need no CSRF.
struct AccountAPIController: RouteCollection {
    static let maxBodySize: ByteCount = "16kb"

    func boot(routes: any RoutesBuilder) throws {
        let body = HTTPBodyStreamStrategy.collect(maxSize: Self.maxBodySize)
        routes.on(.POST, "accounts", body: body, use: register)
        routes.on(.POST, "accounts", "verify-mobile", body: body, use: verifyMobile)
        routes.on(.POST, "auth", "codes", body: body, use: sendCode)
        routes.get("me", use: me)
        routes.get("me", "sign-ins", use: signIns)
        routes.post("me", "sign-out-everywhere", use: signOutEverywhere)
        try AccountTokenEndpoint.boot(routes: routes, body: body)
    }

    struct RegisterRequest: Content {
        var name: String
        var documentKind: String
        var documentNumber: String
        var issuingCountry: String?
        var mobile: String
        var password: String
        var language: Language?
    }

    struct AccountCreated: Content {
        var id: UUID
        var mobile: String
        var mobileVerified: Bool
        var verificationCodeSent: Bool
    }

    func register(_ request: Request) async throws -> Response {
        let body = try Self.decode(RegisterRequest.self, request)
        let account = try await AccountService(request).register(
            .init(
                name: body.name, documentKind: body.documentKind, documentNumber: body.documentNumber,
                issuingCountry: body.issuingCountry, mobile: body.mobile, password: body.password,
                language: body.language ?? request.language),
            client: request.clientContext)
        let created = AccountCreated(
            id: try account.requireID(), mobile: (try? AccountService(request).mobile(of: account).masked) ?? "",
            mobileVerified: false, verificationCodeSent: true)
        let response = try await created.encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/me")
        return response
    }

    struct VerifyRequest: Content {
        var mobile: String
        var code: String
    }

    struct MobileVerified: Content {
        var mobileVerified: Bool
    }

    /// Anonymous: the code itself proves possession of the number. An unknown number gets the same
    /// answer as an expired code.
    func verifyMobile(_ request: Request) async throws -> MobileVerified {
        let body = try Self.decode(VerifyRequest.self, request)
        let service = AccountService(request)
        guard let mobile = try? MobileNumber.parse(body.mobile), let account = try await service.account(mobile: mobile)
        else { throw AccountFailure.field("code", OneTimeCodeError.expired) }
        if account.mobileVerifiedAt == nil {
            try await service.verifyMobile(account: account, code: body.code, client: request.clientContext)
        }
        return MobileVerified(mobileVerified: true)
    }

    struct CodeRequest: Content {
        var mobile: String
        var purpose: String?
    }

    struct CodeAccepted: Content {
        var accepted: Bool
    }

    /// Resends the verify-mobile code. The answer is the same whether or not an unverified account
    /// has the number, so it does not reveal who is registered.
    func sendCode(_ request: Request) async throws -> Response {
        let body = try Self.decode(CodeRequest.self, request)
        guard (body.purpose ?? OneTimeCodePurpose.verifyMobile.rawValue) == OneTimeCodePurpose.verifyMobile.rawValue
        else {
            throw Problem.validation([
                .init(field: "purpose", code: "unsupported-purpose", message: "purpose must be verify-mobile.")
            ])
        }
        let mobile: MobileNumber
        do { mobile = try MobileNumber.parse(body.mobile) } catch {
            throw AccountFailure.field("mobile", error)
        }
        let service = AccountService(request)
        if let account = try await service.account(mobile: mobile) {
            try await service.resendVerification(account: account, client: request.clientContext)
        }
        return try await CodeAccepted(accepted: true).encodeResponse(status: .accepted, for: request)
    }

    func me(_ request: Request) async throws -> AccountProfileDocument {
        let account = try request.requireAccount()
        let profile = try await AccountProfile.load(
            accountID: account.accountID, services: request.services, on: request.db)
        return AccountProfileDocument(profile)
    }

    func signIns(_ request: Request) async throws -> SignInHistoryDocument {
        let account = try request.requireAccount()
        let rows = try await AccountProfile.signIns(accountID: account.accountID, limit: 50, on: request.db)
        return SignInHistoryDocument(
            items: rows.map {
                .init(
                    occurredAt: ISO8601DateFormatter().string(from: $0.occurredAt), device: $0.device,
                    clientAddress: $0.clientAddress,
                    outcome: $0.succeeded ? "success" : "failure", reason: $0.reason)
            })
    }

    func signOutEverywhere(_ request: Request) async throws -> HTTPStatus {
        let account = try request.requireAccount()
        try await AccountSessions.signOutEverywhere(accountID: account.accountID, request: request)
        return .noContent
    }

    static func decode<T: Content>(_ type: T.Type, _ request: Request) throws -> T {
        guard request.headers.contentType == .json else {
            throw Problem(.unsupportedMediaType, detail: "Send the request body as application/json.")
        }
        return try request.content.decode(T.self)
    }
}

struct AccountProfileDocument: Content {
    var id: UUID
    var name: String
    var documentKind: String?
    var documentNumber: String
    var mobile: String
    var mobileVerified: Bool
    var lockedMethods: [String]
    /// ISO 8601, UTC.
    var createdAt: String

    /// `documentKind` is documented as nullable and required, so nil is written as an explicit null.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(documentKind, forKey: .documentKind)
        try container.encode(documentNumber, forKey: .documentNumber)
        try container.encode(mobile, forKey: .mobile)
        try container.encode(mobileVerified, forKey: .mobileVerified)
        try container.encode(lockedMethods, forKey: .lockedMethods)
        try container.encode(createdAt, forKey: .createdAt)
    }

    init(_ profile: AccountProfile) {
        id = profile.accountID
        name = profile.name
        documentKind = profile.documentKind?.rawValue
        documentNumber = profile.maskedDocumentNumber
        mobile = profile.maskedMobile
        mobileVerified = profile.mobileVerified
        lockedMethods = profile.lockedMethods
        createdAt = ISO8601DateFormatter().string(from: profile.createdAt)
    }
}

struct SignInHistoryDocument: Content {
    struct Item: Content {
        /// ISO 8601, UTC.
        var occurredAt: String
        var device: String
        var clientAddress: String
        var outcome: String
        var reason: String?

        /// `reason` is documented as nullable and required, so nil is written as an explicit null.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(occurredAt, forKey: .occurredAt)
            try container.encode(device, forKey: .device)
            try container.encode(clientAddress, forKey: .clientAddress)
            try container.encode(outcome, forKey: .outcome)
            try container.encode(reason, forKey: .reason)
        }
    }

    var items: [Item]
}
