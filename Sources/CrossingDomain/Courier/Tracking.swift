import Foundation

/// A courier's waybill (tracking) number: the international UPU S10 form ("EA123456785CN", with a
/// check digit) or the 13-digit domestic EMS form ("1136281381675"; domain-facts §9: the domestic
/// form has no published check digit, so only its shape is checked).
public enum WaybillNumber: Hashable, Sendable, CustomStringConvertible, Codable {
    case international(S10TrackingNumber)
    case domestic(String)

    public var value: String {
        switch self {
        case .international(let number): number.value
        case .domestic(let digits): digits
        }
    }

    public var description: String { value }

    /// Accepts either form, upper or lower case, with spaces.
    public static func parse(_ raw: String) throws(S10Error) -> WaybillNumber {
        let compact = DocumentInput.normalize(raw, removingInnerWhitespace: true)
        if compact.count == 13, compact.allSatisfy(\.isASCIIDigit) {
            return .domestic(String(compact))
        }
        return .international(try S10TrackingNumber.parse(raw))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try WaybillNumber.parse(text)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a waybill number (\(error.code))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// One scan of a parcel as the carrier reports it.
public struct TrackingEvent: Hashable, Sendable, Codable {
    /// When it happened (the carrier's time, not when we heard of it).
    public var time: Date
    /// The carrier's own event code, kept as sent.
    public var code: String
    /// The canonical state this event leads to; nil for events that change nothing (customs notes,
    /// "arrived at sorting centre" repeats are `.inTransit`).
    public var stage: ShipmentState?
    public var location: String
    public var description: String

    public init(time: Date, code: String, stage: ShipmentState?, location: String, description: String) {
        self.time = time
        self.code = code
        self.stage = stage
        self.location = location
        self.description = description
    }

    /// Events are the same event when time and code agree (§9: deduplicate on waybill + time + code).
    public struct Identity: Hashable, Sendable {
        public var time: Date
        public var code: String
    }

    public var identity: Identity { Identity(time: time, code: code) }
}

/// Everything the carrier knows about one waybill: pushes and queries both answer the full track.
public struct TrackingSnapshot: Hashable, Sendable, Codable {
    public var waybill: WaybillNumber
    /// In whatever order the carrier sent them (often newest first).
    public var events: [TrackingEvent]
    /// When the carrier produced this snapshot.
    public var producedAt: Date

    public init(waybill: WaybillNumber, events: [TrackingEvent], producedAt: Date) {
        self.waybill = waybill
        self.events = events
        self.producedAt = producedAt
    }

    /// The state this snapshot alone leads to.
    public var state: ShipmentState { ShipmentStateMachine.fold(events) }
}
