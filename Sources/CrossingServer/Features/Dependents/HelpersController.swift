import CrossingDomain
import Fluent
import Foundation
import Vapor

/// The other side of assisted service, under /api/v1/me/helpers: the people who act (or asked to act)
/// for the signed-in person (GET), accepting a pending request in one's own account
/// (POST /{id}/acceptance) and revoking or declining (DELETE /{id}). Other people's IDs answer 404.
struct HelpersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let group = routes.grouped("me", "helpers")
        group.get(use: list)
        group.post(":id", "acceptance", use: accept)
        group.delete(":id", use: revoke)
    }

    struct HelperDocument: Content {
        var id: String
        /// Masked: enough to recognise the person.
        var name: String
        /// How the helper said they are related to you.
        var relationship: String
        /// pending (waiting for you) | active.
        var status: String
        var confirmation: String?
        /// ISO 8601, UTC.
        var since: String
        var expiresAt: String?

        init(_ delegation: Delegation, _ helper: RegistryPerson?, now: Date) {
            let format = ISO8601DateFormatter()
            id = delegation.id
            name = helper.map { DependentMasking.name($0.name) } ?? ""
            relationship = delegation.relationship.rawValue
            status = delegation.status(at: now).rawValue
            confirmation = delegation.confirmation?.rawValue
            since = format.string(from: delegation.createdAt)
            expiresAt = delegation.expiresAt.map(format.string(from:))
        }
    }

    struct HelperList: Content {
        var items: [HelperDocument]
    }

    func list(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let now = request.services.now()
        let items = try await DependentService(request).helpers(for: account).map {
            HelperDocument($0.0, $0.1, now: now)
        }
        let response = try await HelperList(items: items).encodeResponse(for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func accept(_ request: Request) async throws -> HelperDocument {
        let account = try request.requireAccount()
        let delegation = try await DependentService(request).accept(
            id: request.parameters.get("id") ?? "", by: account)
        let helper = try await RegistryStore(database: request.db, services: request.services)
            .person(id: delegation.helper)
        return HelperDocument(delegation, helper, now: request.services.now())
    }

    /// Only delegations where the account's person is the dependent; the helper uses /me/dependents.
    func revoke(_ request: Request) async throws -> HTTPStatus {
        let account = try request.requireAccount()
        let id = request.parameters.get("id") ?? ""
        let service = DependentService(request)
        guard try await service.helpers(for: account).contains(where: { $0.0.id == id }) else {
            throw DependentService.notFound
        }
        try await service.revoke(id: id, by: account)
        return .noContent
    }
}
