import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Vapor

/// POST /api/v1/courier/ems/push: the carrier's signed tracking snapshots. Verified, deduplicated
/// and applied in one short transaction, then acknowledged with the body the carrier expects. A
/// push that fails verification is refused (401, or 400 when signed but unreadable) and audited.
struct CourierPushController: RouteCollection {
    static let actor = "system:courier-webhook"

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "courier", "ems", "push", body: .collect(maxSize: "256kb"), use: push)
    }

    func push(_ request: Request) async throws -> Response {
        let body = request.body.data.map { Data($0.readableBytesView) } ?? Data()
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.lowercased()] = value }
        let now = request.services.now()
        let snapshot: TrackingSnapshot
        do {
            snapshot = try request.application.courierGateway(now: now).verifyPush(body: body, headers: headers)
        } catch let error as CourierError {
            try await audit(
                request, "courier.push.rejected", subject: nil, outcome: "denied", reason: error.code, now: now)
            if error == .invalidSignature {
                throw Problem(.unauthorized, detail: "The push signature does not verify.")
            }
            throw Problem(.badRequest, detail: "The push could not be read as an EMS tracking document.")
        }
        let outcome = try await TrackingUpdater(listeners: request.application.shipmentListeners).apply(
            snapshot, source: .push, on: request.db, now: now)
        if outcome == nil {
            // Acknowledged all the same: retrying cannot make an unknown waybill ours.
            try await audit(
                request, "courier.push.unknown-waybill", subject: snapshot.waybill.value, outcome: "ignored",
                reason: "unknown-waybill", now: now)
        }
        let response = Response(status: .ok, body: .init(string: EMSWire.acknowledgement))
        response.headers.contentType = .json
        return response
    }

    private func audit(
        _ request: Request, _ action: String, subject: String?, outcome: String, reason: String, now: Date
    ) async throws {
        try await request.services.auditLog.append(
            AuditEntryDraft(
                occurredAt: now, actor: Self.actor, action: action, subject: subject, outcome: outcome,
                details: ["reason": reason, "clientAddress": request.clientContext.address]),
            on: request.db)
    }
}

/// GET /api/v1/shipments/{id}: a parcel's state and tracking events, for its owner and the owner's
/// helpers (404 for anyone else and for unknown IDs alike).
struct ShipmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("shipments", ":id", use: show)
    }

    struct EventDocument: Content {
        /// ISO 8601, UTC.
        var time: String
        var code: String
        var stage: String?
        var location: String
        var description: String
    }

    struct RecipientDocument: Content {
        var name: String
        var phone: String
    }

    struct ShipmentDocument: Content {
        var id: String
        var subjectType: String
        var subjectId: String
        var state: String
        var stateLabel: String
        var terminal: Bool
        var waybillStatus: String
        var waybillNumber: String?
        var recipient: RecipientDocument
        var createdAt: String
        var stateChangedAt: String
        var events: [EventDocument]
    }

    func show(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let shipment = try await ShipmentRecord.find(id, on: request.db)
        else { throw Problem.notFound("That shipment") }
        let resource = ProtectedResource(owner: PersonID(shipment.ownerPersonKey))
        if case .deny = Authorizer.decide(account.principal, .readOwnData, on: resource) {
            _ = try request.authorize(.actForDependent, on: resource)
        }
        let events = try await ShipmentEventRecord.query(on: request.db).filter(\.$shipmentID == id).all()
        let recipient = try ShipmentService(services: request.services).recipient(of: shipment)
        let state = shipment.shipmentState
        let document = ShipmentDocument(
            id: id.uuidString, subjectType: shipment.subjectType, subjectId: shipment.subjectID, state: state.rawValue,
            stateLabel: state.label.text(in: request.language), terminal: state.isTerminal,
            waybillStatus: shipment.waybillStatus, waybillNumber: shipment.waybillNumber,
            recipient: RecipientDocument(name: DependentMasking.name(recipient.name), phone: recipient.phone.masked),
            createdAt: shipment.createdAt.formatted(.iso8601),
            stateChangedAt: shipment.stateChangedAt.formatted(.iso8601),
            events: ShipmentStateMachine.ordered(events.map(\.event)).map {
                EventDocument(
                    time: $0.time.formatted(.iso8601), code: $0.code, stage: $0.stage?.rawValue, location: $0.location,
                    description: $0.description)
            })
        let response = try await document.encodeResponse(for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
