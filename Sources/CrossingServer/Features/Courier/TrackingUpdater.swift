import CrossingDomain
import Fluent
import Foundation
import SQLKit

/// Applies what the carrier knows about a waybill (a push or a polled query) to our shipment, in one
/// transaction: new events are stored once (UNIQUE waybill, time, code), the state is refolded from
/// every stored event by the domain's state machine and only ever moves forward, and a state change
/// is appended to the subject's timeline.
struct TrackingUpdater: Sendable {
    /// Told of every state change, in the transaction.
    var listeners: ShipmentListenerRegistry
    enum Source: String, Sendable {
        case push
        case poll
    }

    struct Outcome: Equatable, Sendable {
        var shipmentID: UUID
        var newEvents: Int
        var from: ShipmentState
        var to: ShipmentState

        var changed: Bool { from != to }
    }

    /// nil when no shipment of ours has this waybill.
    func apply(
        _ snapshot: TrackingSnapshot, source: Source, on database: any Database, now: Date
    ) async throws -> Outcome? {
        try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { throw OutboxUnavailable() }
            let waybill = snapshot.waybill.value
            // Takes the row (PostgreSQL) or the write lock (SQLite) before reading, so concurrent
            // pushes for one parcel apply one after the other.
            try await sql.update(ShipmentRecord.schema).set("updated_at", to: SQLBind(now))
                .where("waybill_number", .equal, SQLBind(waybill)).run()
            guard
                let shipment = try await ShipmentRecord.query(on: transaction)
                    .filter(\.$waybillNumber == waybill).first(),
                let shipmentID = shipment.id
            else { return nil }

            var added = 0
            for event in ShipmentStateMachine.deduplicated(snapshot.events) {
                let rows = try await sql.insert(into: ShipmentEventRecord.schema)
                    .columns(
                        "id", "shipment_id", "waybill_number", "occurred_at", "code", "stage", "location",
                        "description", "source", "received_at"
                    )
                    .values(
                        SQLBind(UUID()), SQLBind(shipmentID), SQLBind(waybill), SQLBind(event.time),
                        SQLBind(event.code), SQLBind(event.stage?.rawValue), SQLBind(event.location),
                        SQLBind(event.description), SQLBind(source.rawValue), SQLBind(now)
                    )
                    .ignoringConflicts(with: ["waybill_number", "occurred_at", "code"])
                    .returning("id")
                    .all()
                added += rows.count
            }

            let known = try await ShipmentEventRecord.query(on: transaction)
                .filter(\.$shipmentID == shipmentID).all().map(\.event)
            let from = shipment.shipmentState
            let to = ShipmentStateMachine.advance(from, with: known)
            switch source {
            case .push: shipment.lastPushAt = now
            case .poll: shipment.lastPolledAt = now
            }
            shipment.updatedAt = now
            if to != from {
                shipment.state = to.rawValue
                shipment.stateChangedAt = now
                if to == .cancelled { shipment.cancelRequestedAt = nil }
                try await Timeline.append(
                    ShipmentTimeline.draft(
                        shipment, kind: ShipmentTimeline.kind(for: to),
                        details: ["from": from.rawValue, "via": source.rawValue]),
                    on: transaction, now: now)
            }
            try await shipment.update(on: transaction)
            if to != from {
                let latest = ShipmentStateMachine.ordered(known).last { $0.stage == to }
                try await listeners.notify(
                    ShipmentChange(.stateChanged, shipment, from: from, latest: latest, at: now), on: transaction)
            }
            return Outcome(shipmentID: shipmentID, newEvents: added, from: from, to: to)
        }
    }
}

/// The timeline entries of a parcel, on its subject's timeline (the applicant follows them live).
enum ShipmentTimeline {
    static let actor = "system:courier"

    /// `shipment.<state>`, e.g. `shipment.out-for-delivery`; plus `shipment.dispatched` (waybill
    /// issued), `shipment.address-refused` and `shipment.cancel-refused`.
    static func kind(for state: ShipmentState) -> String { "shipment." + state.rawValue }

    static func draft(_ shipment: ShipmentRecord, kind: String, details: [String: String] = [:]) -> TimelineEventDraft {
        var all = details
        all["shipmentId"] = shipment.id?.uuidString ?? ""
        all["state"] = shipment.state
        if let waybill = shipment.waybillNumber { all["waybillNumber"] = waybill }
        return TimelineEventDraft(
            subjectType: shipment.subjectType, subjectID: shipment.subjectID,
            ownerPersonKey: shipment.ownerPersonKey, kind: kind, actor: actor, details: all)
    }
}
