import CrossingDomain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Sending a parcel for a subject (the renewal flow's finished document) and withdrawing it. The
/// caller passes its own transaction: the shipment and the job that asks the carrier for a waybill
/// commit with the caller's change, or not at all.
struct ShipmentService: Sendable {
    var services: AppServices
    /// Told when a cancellation takes effect at once; nil tells no one.
    var listeners: ShipmentListenerRegistry?

    init(services: AppServices, listeners: ShipmentListenerRegistry? = nil) {
        self.services = services
        self.listeners = listeners
    }

    /// With the application's services and shipment listeners.
    init(_ app: Application) {
        self.init(services: app.services, listeners: app.shipmentListeners)
    }

    /// What to send, for whom, to whom.
    struct NewShipment: Sendable {
        /// e.g. `application`; the parcel's events go to this subject's timeline.
        var subjectType: String
        var subjectID: String
        /// The registry person whose matter it is (they and their helpers may follow the parcel).
        var owner: PersonID
        var recipient: ShipmentRecipient
        /// Printed on the waybill.
        var contents: String = "出入境证件 / travel document"
    }

    enum CancelOutcome: Equatable, Sendable {
        /// No waybill existed yet: nothing will be sent.
        case cancelled
        /// The carrier is being asked to withdraw the waybill (`courier.cancel-waybill`); the state
        /// becomes `cancelled`, or a `shipment.cancel-refused` timeline event says it was too late.
        case cancelRequested
    }

    /// Validates what a person typed as a recipient; field errors are named `recipientName`,
    /// `recipientPhone`, `recipientAddress`.
    static func recipient(name: String, phone: String, address: String, language: Language) throws -> ShipmentRecipient
    {
        switch ShipmentRecipient.validate(name: name, phone: phone, address: address) {
        case .success(let recipient):
            return recipient
        case .failure(let failure):
            let fields = ["name": "recipientName", "phone": "recipientPhone", "address": "recipientAddress"]
            throw Problem.validation(
                failure.byField.sorted { $0.key < $1.key }.map { field, error in
                    Problem.FieldError(
                        field: fields[field] ?? field, code: error.code, message: error.message.text(in: language))
                })
        }
    }

    /// Creates the shipment and enqueues `courier.create-waybill` in `transaction`. Idempotent per
    /// subject: while the subject has a shipment that is not cancelled, returned or refused, that
    /// one is answered and nothing new is created.
    @discardableResult
    func create(_ new: NewShipment, on transaction: any Database) async throws -> ShipmentRecord {
        let now = services.now()
        let open = try await ShipmentRecord.query(on: transaction)
            .filter(\.$subjectType == new.subjectType).filter(\.$subjectID == new.subjectID)
            .filter(\.$state !~ [ShipmentState.cancelled.rawValue, ShipmentState.returned.rawValue])
            .filter(\.$waybillStatus != WaybillStatus.refused.rawValue)
            .first()
        if let open { return open }
        let record = ShipmentRecord()
        record.id = UUID()
        record.subjectType = new.subjectType
        record.subjectID = new.subjectID
        record.ownerPersonKey = new.owner.rawValue
        record.recipientName = try services.cipher.seal(new.recipient.name)
        record.recipientPhone = try services.cipher.seal(new.recipient.phone.value)
        record.recipientAddress = try services.cipher.seal(new.recipient.address)
        record.contents = new.contents
        record.waybillStatus = WaybillStatus.requested.rawValue
        record.state = ShipmentState.created.rawValue
        record.stateChangedAt = now
        record.createdAt = now
        record.updatedAt = now
        try await record.create(on: transaction)
        let id = try record.requireID()
        try await Outbox.enqueue(
            CreateWaybillJob.kindName, ShipmentJobPayload(shipmentID: id),
            dedupeKey: "\(CreateWaybillJob.kindName):\(id.uuidString)", on: transaction, now: now)
        try await Timeline.append(ShipmentTimeline.draft(record, kind: "shipment.requested"), on: transaction, now: now)
        return record
    }

    /// Withdraws a shipment the carrier has not collected. `actor` is recorded on the timeline
    /// (`staff:<id>`, `account:<id>`, `system:<component>`). Throws a 409 problem once collected,
    /// 404 for an unknown ID.
    func cancel(_ id: UUID, actor: String, on database: any Database) async throws -> CancelOutcome {
        let now = services.now()
        return try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { throw OutboxUnavailable() }
            try await sql.update(ShipmentRecord.schema).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).run()
            guard let shipment = try await ShipmentRecord.find(id, on: transaction) else {
                throw Problem.notFound("That shipment")
            }
            let state = shipment.shipmentState
            if state == .cancelled { return .cancelled }
            if shipment.cancelRequestedAt != nil { return .cancelRequested }
            guard state == .created, shipment.waybillStatus != WaybillStatus.refused.rawValue else {
                throw Problem(
                    .conflict,
                    detail: "The parcel is \(state.label.en.lowercased()) and can no longer be cancelled.")
            }
            if shipment.waybillNumber == nil {
                shipment.state = ShipmentState.cancelled.rawValue
                shipment.stateChangedAt = now
                try await shipment.update(on: transaction)
                try await Timeline.append(
                    ShipmentTimeline.draft(shipment, kind: ShipmentTimeline.kind(for: .cancelled)).with(actor: actor),
                    on: transaction, now: now)
                try await listeners?.notify(
                    ShipmentChange(.stateChanged, shipment, from: state, at: now), on: transaction)
                return .cancelled
            }
            shipment.cancelRequestedAt = now
            try await shipment.update(on: transaction)
            try await Outbox.enqueue(
                CancelWaybillJob.kindName, ShipmentJobPayload(shipmentID: id),
                dedupeKey: "\(CancelWaybillJob.kindName):\(id.uuidString)", on: transaction, now: now)
            return .cancelRequested
        }
    }

    /// The shipments of a subject, oldest first.
    func shipments(subjectType: String, subjectID: String, on database: any Database) async throws -> [ShipmentRecord] {
        try await ShipmentRecord.query(on: database).filter(\.$subjectType == subjectType)
            .filter(\.$subjectID == subjectID).sort(\.$createdAt).all()
    }

    /// The recipient, unsealed (for the carrier; never for logs).
    func recipient(of shipment: ShipmentRecord) throws -> ShipmentRecipient {
        let phone = try services.cipher.open(shipment.recipientPhone)
        return ShipmentRecipient(
            name: try services.cipher.open(shipment.recipientName), phone: try MobileNumber.parse(phone),
            address: try services.cipher.open(shipment.recipientAddress))
    }
}

struct ShipmentJobPayload: Codable, Sendable {
    var shipmentID: UUID
}

extension TimelineEventDraft {
    func with(actor: String) -> TimelineEventDraft {
        var copy = self
        copy.actor = actor
        return copy
    }
}
