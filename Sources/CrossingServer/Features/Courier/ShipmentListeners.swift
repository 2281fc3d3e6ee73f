import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Something that happened to a parcel that the feature owning its subject may act on (the renewal
/// flow closes an application when its document is delivered and tells the applicant at each step).
struct ShipmentChange: Sendable, Equatable {
    enum Kind: String, Sendable {
        /// The carrier issued the waybill: the parcel is on its way (`waybillNumber` is set).
        case dispatched
        /// The canonical state moved (`from` → `to`).
        case stateChanged = "state-changed"
        /// The carrier will not deliver to the address; a new shipment with another address is needed.
        case addressRefused = "address-refused"
        /// A cancellation came too late: the parcel had been collected.
        case cancelRefused = "cancel-refused"
    }

    var kind: Kind
    var shipmentID: UUID
    var subjectType: String
    var subjectID: String
    var owner: PersonID
    var waybillNumber: String?
    var from: ShipmentState
    var to: ShipmentState
    /// The newest scan that led to `to` (its carrier time and text, e.g. why delivery failed).
    var latestScanTime: Date?
    var latestScanDescription: String?
    var at: Date
}

/// Called inside the transaction of the change, so whatever it writes (its own state, timeline
/// entries, `Notifications.enqueue`) commits with it. A throw rolls the change back: the push or job
/// is retried.
protocol ShipmentListener: Sendable {
    func shipmentChanged(_ change: ShipmentChange, on transaction: any Database) async throws
}

/// Listeners by subject type (`application`, …). Features register theirs in `configure`.
final class ShipmentListenerRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var listeners: [String: [any ShipmentListener]] = [:]

    func register(_ listener: any ShipmentListener, forSubjectType subjectType: String) {
        lock.withLock { listeners[subjectType, default: []].append(listener) }
    }

    func listeners(forSubjectType subjectType: String) -> [any ShipmentListener] {
        lock.withLock { listeners[subjectType] ?? [] }
    }

    func notify(_ change: ShipmentChange, on transaction: any Database) async throws {
        for listener in listeners(forSubjectType: change.subjectType) {
            try await listener.shipmentChanged(change, on: transaction)
        }
    }
}

private struct ShipmentListenerRegistryKey: StorageKey {
    typealias Value = ShipmentListenerRegistry
}

extension Application {
    /// `app.shipmentListeners.register(MyListener(), forSubjectType: "application")` after
    /// `CourierFeature.configure`.
    var shipmentListeners: ShipmentListenerRegistry {
        guard let registry = storage[ShipmentListenerRegistryKey.self] else {
            preconditionFailure("CourierFeature.configure must run before shipment listeners are registered")
        }
        return registry
    }

    func installShipmentListeners() {
        storage[ShipmentListenerRegistryKey.self] = ShipmentListenerRegistry()
    }
}

extension ShipmentChange {
    init(
        _ kind: Kind, _ shipment: ShipmentRecord, from: ShipmentState, latest: TrackingEvent? = nil, at: Date
    ) {
        self.init(
            kind: kind, shipmentID: shipment.id ?? UUID(), subjectType: shipment.subjectType,
            subjectID: shipment.subjectID, owner: PersonID(shipment.ownerPersonKey),
            waybillNumber: shipment.waybillNumber, from: from, to: shipment.shipmentState,
            latestScanTime: latest?.time, latestScanDescription: latest?.description, at: at)
    }
}
