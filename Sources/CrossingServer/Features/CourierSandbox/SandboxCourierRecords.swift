import Fluent
import Foundation

/// The sandbox EMS's own books: one row per waybill it issued. It keeps no name, phone or address,
/// only what it needs to play the parcel's life.
final class SandboxCourierWaybillRecord: Model, @unchecked Sendable {
    static let schema = "sandbox_courier_waybills"

    @ID(key: .id) var id: UUID?
    @Field(key: "waybill_number") var waybillNumber: String
    /// Our shipment ID: the sandbox deduplicates create-waybill calls on it.
    @Field(key: "reference") var reference: String
    /// `SandboxEMSScenario` raw value.
    @Field(key: "scenario") var scenario: String
    @Field(key: "create_calls") var createCalls: Int
    /// The last scan whose snapshot has been pushed (-1: none yet).
    @Field(key: "pushed_through") var pushedThrough: Int
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "cancelled_at") var cancelledAt: Date?

    init() {}
}

/// The planned scans of a sandbox waybill; a scan "happens" once its time has come.
final class SandboxCourierScanRecord: Model, @unchecked Sendable {
    static let schema = "sandbox_courier_scans"

    @ID(key: .id) var id: UUID?
    @Field(key: "waybill_number") var waybillNumber: String
    @Field(key: "sequence") var sequence: Int
    @Field(key: "happens_at") var happensAt: Date
    @Field(key: "code") var code: String
    @Field(key: "city") var city: String
    @Field(key: "description") var description: String

    init() {}
}
