import CrossingDomain
import Fluent
import Foundation

/// One parcel we send for a subject (an application's finished document). Recipient fields are
/// sealed with the field cipher; the state is the canonical one from the domain's state machine.
final class ShipmentRecord: Model, @unchecked Sendable {
    static let schema = "shipments"

    @ID(key: .id) var id: UUID?
    /// What the parcel belongs to, e.g. `application` + its ID; its timeline gets the parcel's events.
    @Field(key: "subject_type") var subjectType: String
    @Field(key: "subject_id") var subjectID: String
    @Field(key: "owner_person_key") var ownerPersonKey: String
    /// Sealed.
    @Field(key: "recipient_name") var recipientName: String
    /// Sealed.
    @Field(key: "recipient_phone") var recipientPhone: String
    /// Sealed.
    @Field(key: "recipient_address") var recipientAddress: String
    @Field(key: "contents") var contents: String
    /// requested | issued | refused (see `WaybillStatus`).
    @Field(key: "waybill_status") var waybillStatus: String
    @OptionalField(key: "waybill_number") var waybillNumber: String?
    @OptionalField(key: "refusal_reason") var refusalReason: String?
    /// `ShipmentState` raw value.
    @Field(key: "state") var state: String
    @Field(key: "state_changed_at") var stateChangedAt: Date
    @OptionalField(key: "issued_at") var issuedAt: Date?
    @OptionalField(key: "last_push_at") var lastPushAt: Date?
    @OptionalField(key: "last_polled_at") var lastPolledAt: Date?
    @OptionalField(key: "cancel_requested_at") var cancelRequestedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var shipmentState: ShipmentState { ShipmentState(rawValue: state) ?? .created }
}

enum WaybillStatus: String, Sendable, Codable {
    /// The create-waybill job has not succeeded yet.
    case requested
    case issued
    /// The carrier will not take it (e.g. no service to the address): a new address is needed.
    case refused
}

/// One tracking event, kept once: UNIQUE (waybill_number, occurred_at, code).
final class ShipmentEventRecord: Model, @unchecked Sendable {
    static let schema = "shipment_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "shipment_id") var shipmentID: UUID
    @Field(key: "waybill_number") var waybillNumber: String
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "code") var code: String
    @OptionalField(key: "stage") var stage: String?
    @Field(key: "location") var location: String
    @Field(key: "description") var description: String
    /// push | poll: how we first learnt of it.
    @Field(key: "source") var source: String
    @Field(key: "received_at") var receivedAt: Date

    init() {}

    var event: TrackingEvent {
        TrackingEvent(
            time: occurredAt, code: code, stage: stage.flatMap(ShipmentState.init(rawValue:)), location: location,
            description: description)
    }
}
