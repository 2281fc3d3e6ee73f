import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Assisted service API under /api/v1/me/dependents: add (POST), list (GET), revoke
/// (DELETE /{id}), the dependent's consent (POST /{id}/confirmation with the code they gave,
/// POST /{id}/confirmation-code to send a new one) and the first action taken for a dependent,
/// reading their masked profile (GET /{id}/profile), which goes through the domain's Authorizer
/// (`.actForDependent`, which a pending delegation does not satisfy).
struct DependentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let group = routes.grouped("me", "dependents")
        group.on(.POST, body: .collect(maxSize: "16kb"), use: add)
        group.get(use: list)
        group.delete(":id", use: revoke)
        group.get(":id", "profile", use: profile)
        group.on(.POST, ":id", "confirmation", body: .collect(maxSize: "4kb"), use: confirm)
        group.post(":id", "confirmation-code", use: resendCode)
    }

    struct ConfirmRequest: Content {
        var code: String
    }

    struct AddRequest: Content {
        var documentKind: String
        var documentNumber: String
        var issuingCountry: String?
        var name: String
        var relationship: String
        var consent: String
    }

    struct DependentDocument: Content {
        var id: String
        /// Masked: enough for the helper to recognise the person.
        var name: String
        var relationship: String
        var consent: String
        /// pending (waiting for the dependent) | active.
        var status: String
        /// guardian-declaration | dependent-code | dependent-account; null while pending.
        var confirmation: String?
        /// ISO 8601, UTC.
        var since: String
        /// Until when a pending one can be confirmed (ISO 8601, UTC); null once active.
        var expiresAt: String?
        /// Only in the answer to adding: the masked mobile number the consent code went to.
        var codeSentTo: String?

        init(_ delegation: Delegation, _ person: RegistryPerson?, now: Date, codeSentTo: String? = nil) {
            let format = ISO8601DateFormatter()
            id = delegation.id
            name = person.map { DependentMasking.name($0.name) } ?? ""
            relationship = delegation.relationship.rawValue
            consent = delegation.consent.rawValue
            status = delegation.status(at: now).rawValue
            confirmation = delegation.confirmation?.rawValue
            since = format.string(from: delegation.createdAt)
            expiresAt = delegation.expiresAt.map(format.string(from:))
            self.codeSentTo = codeSentTo
        }
    }

    struct DependentList: Content {
        var items: [DependentDocument]
    }

    struct DependentProfileDocument: Content {
        var id: String
        var name: String
        var documentKind: String
        var documentNumber: String
        var birthYear: Int
        var minor: Bool
        var relationship: String
    }

    func add(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        guard request.headers.contentType == .json else {
            throw Problem(.unsupportedMediaType, detail: "Send the request body as application/json.")
        }
        let body = try request.content.decode(AddRequest.self)
        let added = try await DependentService(request).add(
            .init(
                documentKind: body.documentKind, documentNumber: body.documentNumber,
                issuingCountry: body.issuingCountry, name: body.name, relationship: body.relationship,
                consent: body.consent),
            by: account)
        let document = DependentDocument(
            added.delegation, added.dependent, now: request.services.now(), codeSentTo: added.codeSentTo)
        let response = try await document.encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/me/dependents/\(added.delegation.id)/profile")
        return response
    }

    func confirm(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        guard request.headers.contentType == .json else {
            throw Problem(.unsupportedMediaType, detail: "Send the request body as application/json.")
        }
        let body = try request.content.decode(ConfirmRequest.self)
        let service = DependentService(request)
        let delegation = try await service.confirm(
            id: request.parameters.get("id") ?? "", code: body.code, by: account)
        let person = try await RegistryStore(database: request.db, services: request.services)
            .person(id: delegation.dependent)
        return try await DependentDocument(delegation, person, now: request.services.now()).encodeResponse(for: request)
    }

    func resendCode(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let sentTo = try await DependentService(request).resendConsentCode(
            id: request.parameters.get("id") ?? "", by: account)
        return try await CodeSent(sentTo: sentTo).encodeResponse(status: .accepted, for: request)
    }

    struct CodeSent: Content {
        /// The masked mobile number.
        var sentTo: String
    }

    func list(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let now = request.services.now()
        let items = try await DependentService(request).active(for: account).map {
            DependentDocument($0.0, $0.1, now: now)
        }
        let response = try await DependentList(items: items).encodeResponse(for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func revoke(_ request: Request) async throws -> HTTPStatus {
        let account = try request.requireAccount()
        try await DependentService(request).revoke(id: request.parameters.get("id") ?? "", by: account)
        return .noContent
    }

    /// Acting for the dependent: allowed only under an active delegation (a revoked one answers 404
    /// like an unknown ID), and audited with both people.
    func profile(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = DependentService(request)
        let delegation = try await service.delegation(id: request.parameters.get("id") ?? "", helper: account)
        let resource = ProtectedResource(owner: delegation.dependent, officeCode: nil)
        if case .deny(let denial) = Authorizer.decide(account.principal, .actForDependent, on: resource) {
            // A revoked delegation: refused like an unknown ID (authorize below), and the attempt is on record.
            try await request.services.auditLog.append(
                service.audit(
                    "dependent.profile.read", account: account, onBehalfOf: delegation.dependent,
                    subject: delegation.dependent.rawValue, outcome: "denied", details: ["reason": denial.code]),
                on: request.db)
        }
        _ = try request.authorize(.actForDependent, on: resource)
        guard
            let person = try await RegistryStore(database: request.db, services: request.services)
                .person(id: delegation.dependent)
        else { throw DependentService.notFound }
        try await request.services.auditLog.append(
            service.audit(
                "dependent.profile.read", account: account, onBehalfOf: delegation.dependent,
                subject: delegation.dependent.rawValue),
            on: request.db)
        let document = DependentProfileDocument(
            id: delegation.id, name: DependentMasking.name(person.name), documentKind: person.identity.kind.rawValue,
            documentNumber: AccountProfile.mask(person.identity.number), birthYear: person.birthDate.year,
            minor: person.isMinor(on: service.today), relationship: delegation.relationship.rawValue)
        let response = try await document.encodeResponse(for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

enum DependentMasking {
    /// Chinese names keep the first character (and the last for three or more: "王*涵"); Latin names
    /// keep each word's first letter ("W*** Z****"). Separators (spaces, middle dots) stay.
    static func name(_ raw: String) -> String {
        let name = PersonName.normalized(raw)
        if name.contains(where: { $0 == " " || $0 == "\u{00B7}" }) {
            var result = ""
            var atWordStart = true
            for character in name {
                if character == " " || character == "\u{00B7}" {
                    result.append(character)
                    atWordStart = true
                } else {
                    result.append(atWordStart ? character : "*")
                    atWordStart = false
                }
            }
            return result
        }
        let characters = Array(name)
        switch characters.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(characters[0]) + "*"
        default:
            return String(characters[0]) + String(repeating: "*", count: characters.count - 2)
                + String(characters[characters.count - 1])
        }
    }
}
