import CrossingDomain
import Fluent
import Foundation
import Vapor

/// POST /api/v1/staff/token (username, password, TOTP code -> API tokens) and
/// GET /api/v1/admin/audit/verify (administrators: is the audit hash chain intact?).
struct StaffAPIController: RouteCollection {
    struct TokenRequest: Content {
        var username: String
        var password: String
        var code: String
    }

    struct AuditVerification: Content, Equatable {
        var intact: Bool
        var entries: Int
        var brokenAt: Int64?
        var problem: String?

        /// Encodes the nil fields as null, so the shape is the same whatever the outcome.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(intact, forKey: .intact)
            try container.encode(entries, forKey: .entries)
            try container.encode(brokenAt, forKey: .brokenAt)
            try container.encode(problem, forKey: .problem)
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "staff", "token", body: .collect(maxSize: "4kb"), use: token)
        routes.get("admin", "audit", "verify", use: verifyAudit)
    }

    func token(_ request: Request) async throws -> Response {
        let body = try AccountAPIController.decode(TokenRequest.self, request)
        let account = try await StaffSignInService(StaffService(request))
            .signIn(username: body.username, password: body.password, code: body.code, client: request.clientContext)
        let tokens = try await TokenService(services: request.services)
            .issue(accountID: try account.requireID(), on: request.db)
        let response = try await tokens.encodeResponse(status: .ok, for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func verifyAudit(_ request: Request) async throws -> Response {
        let account = try request.authorize(.verifyAuditChain, on: ProtectedResource(owner: nil, officeCode: nil))
        let log = request.services.auditLog
        let result: AuditVerification
        switch try await log.verify(on: request.db) {
        case .intact(let count, _):
            result = AuditVerification(intact: true, entries: count, brokenAt: nil, problem: nil)
        case .broken(let sequence, let problem):
            let count = try await AuditLogRecord.query(on: request.db).count()
            result = AuditVerification(intact: false, entries: count, brokenAt: sequence, problem: problem.rawValue)
        }
        var details = ["intact": String(result.intact), "entries": String(result.entries)]
        if let brokenAt = result.brokenAt { details["brokenAt"] = String(brokenAt) }
        let client = request.clientContext
        details["device"] = client.device
        details["clientAddress"] = client.address
        try await log.append(
            AuditEntryDraft(
                occurredAt: request.services.now(), actor: "account:" + account.accountID.uuidString, onBehalfOf: nil,
                action: "audit.verify", subject: nil, outcome: "success", details: details),
            on: request.db)
        let response = try await result.encodeResponse(status: .ok, for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
