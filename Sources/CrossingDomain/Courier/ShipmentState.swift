import Foundation

/// The canonical state of a parcel, whatever the carrier's own codes are (domain-facts §9: the
/// official EMS codes are not public, so carriers' codes are mapped onto these by the adapter).
///
/// Main line: created → collected (收寄) → in transit (到达/离开处理中心) → out for delivery (投递)
/// → delivered (妥投). Failure branches: delivery failed (未妥投, may go out again), returning and
/// returned (退回). Cancelled is ours: a waybill withdrawn before the carrier collected the parcel.
public enum ShipmentState: String, CaseIterable, Hashable, Sendable, Codable {
    case created
    case collected
    case inTransit = "in-transit"
    case outForDelivery = "out-for-delivery"
    case delivered
    case deliveryFailed = "delivery-failed"
    case returning
    case returned
    case cancelled

    /// Nothing moves a parcel out of these.
    public var isTerminal: Bool {
        switch self {
        case .delivered, .returned, .cancelled: true
        default: false
        }
    }

    /// The states reachable in one step. Steps may be skipped (a carrier that never scanned the
    /// collection still delivers), so a forward jump is a single transition; backwards never is,
    /// except the carrier's second delivery attempt after a failed one.
    public var successors: Set<ShipmentState> {
        switch self {
        case .created:
            [.collected, .inTransit, .outForDelivery, .delivered, .deliveryFailed, .returning, .returned, .cancelled]
        case .collected: [.inTransit, .outForDelivery, .delivered, .deliveryFailed, .returning, .returned]
        case .inTransit: [.outForDelivery, .delivered, .deliveryFailed, .returning, .returned]
        case .outForDelivery: [.delivered, .deliveryFailed, .returning, .returned]
        case .deliveryFailed: [.outForDelivery, .delivered, .returning, .returned]
        case .returning: [.returned]
        case .delivered, .returned, .cancelled: []
        }
    }

    public func canMove(to next: ShipmentState) -> Bool { successors.contains(next) }

    /// Orders events that carry the same time: the earlier step of the main line first.
    var progressRank: Int {
        switch self {
        case .created: 0
        case .collected: 1
        case .inTransit: 2
        case .outForDelivery: 3
        case .deliveryFailed: 4
        case .delivered: 5
        case .returning: 6
        case .returned: 7
        case .cancelled: 8
        }
    }

    public var label: LocalizedText {
        switch self {
        case .created: LocalizedText(zh: "已下单，待揽收", en: "Waybill created, awaiting collection")
        case .collected: LocalizedText(zh: "已揽收", en: "Collected")
        case .inTransit: LocalizedText(zh: "运输中", en: "In transit")
        case .outForDelivery: LocalizedText(zh: "派送中", en: "Out for delivery")
        case .delivered: LocalizedText(zh: "已妥投", en: "Delivered")
        case .deliveryFailed: LocalizedText(zh: "投递未成功", en: "Delivery failed")
        case .returning: LocalizedText(zh: "退回中", en: "Being returned")
        case .returned: LocalizedText(zh: "已退回", en: "Returned to sender")
        case .cancelled: LocalizedText(zh: "已取消", en: "Cancelled")
        }
    }
}

/// Folds tracking events into a state. Pushes are full snapshots that may arrive duplicated and
/// out of order, so the state is always recomputed from every event known, in event-time order,
/// and then compared with the state already held: it only ever moves forward.
public enum ShipmentStateMachine {
    /// The state the events lead to from `.created`: events in time order (ties by main-line
    /// order), each applied only when it is an allowed step; the rest are kept as history only.
    public static func fold(_ events: [TrackingEvent]) -> ShipmentState {
        var state = ShipmentState.created
        for event in ordered(events) {
            guard let stage = event.stage, stage != state, state.canMove(to: stage) else { continue }
            state = stage
        }
        return state
    }

    /// The state to hold after learning `events` (all known events, old and new) while holding
    /// `current`: the fold, unless reaching it from `current` would be a step backwards.
    public static func advance(_ current: ShipmentState, with events: [TrackingEvent]) -> ShipmentState {
        let folded = fold(events)
        return folded == current || isReachable(folded, from: current) ? folded : current
    }

    /// True when `target` can be reached from `start` in one or more allowed steps.
    public static func isReachable(_ target: ShipmentState, from start: ShipmentState) -> Bool {
        var seen: Set<ShipmentState> = [start]
        var frontier = [start]
        while let state = frontier.popLast() {
            for next in state.successors where !seen.contains(next) {
                if next == target { return true }
                seen.insert(next)
                frontier.append(next)
            }
        }
        return false
    }

    /// Events by time, then by main-line order, then by code (a total order, so folding the same
    /// set in any arrival order gives the same answer).
    public static func ordered(_ events: [TrackingEvent]) -> [TrackingEvent] {
        events.sorted { left, right in
            if left.time != right.time { return left.time < right.time }
            let leftRank = left.stage?.progressRank ?? -1
            let rightRank = right.stage?.progressRank ?? -1
            if leftRank != rightRank { return leftRank < rightRank }
            return left.code < right.code
        }
    }

    /// Drops repeats of the same (time, code): the identity of a tracking event (§9).
    public static func deduplicated(_ events: [TrackingEvent]) -> [TrackingEvent] {
        var seen: Set<TrackingEvent.Identity> = []
        return events.filter { seen.insert($0.identity).inserted }
    }
}
