import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// The applicant-facing shape of GET /api/v1/shipments/{id} (docs/openapi.yaml, `CourierShipment`).
struct ShipmentView: Decodable {
    struct Event: Decodable {
        var time: String
        var code: String
        var stage: String?
        var location: String
        var description: String
    }

    struct Recipient: Decodable {
        var name: String
        var phone: String
    }

    var id: String
    var subjectType: String
    var subjectId: String
    var state: String
    var stateLabel: String
    var terminal: Bool
    var waybillStatus: String
    var waybillNumber: String?
    var recipient: Recipient
    var events: [Event]
}

enum CourierTesting {
    static let address = "广东省广州市天河区体育西路1号"
    static let hour: TimeInterval = 3600

    /// An app with a movable clock and the demo registry.
    static func withCourierApp(_ body: (Application, ControlledClock) async throws -> Void) async throws {
        try await FaceTesting.withFaceApp(body)
    }

    /// Creates a shipment the way a feature does: in its own transaction, through ShipmentService.
    static func ship(
        _ app: Application, owner: PersonID = DemoRegistry.Key.beijingCitizen, phone: String = "13812345678",
        address: String = address, subjectID: String = UUID().uuidString
    ) async throws -> UUID {
        let service = ShipmentService(services: app.services)
        let recipient = try ShipmentService.recipient(name: "王小明", phone: phone, address: address, language: .en)
        let record = try await app.db.transaction { transaction in
            try await service.create(
                .init(subjectType: "test-application", subjectID: subjectID, owner: owner, recipient: recipient),
                on: transaction)
        }
        return try record.requireID()
    }

    static func drain(_ app: Application, _ clock: ControlledClock) async throws {
        try await OutboxWorker(application: app).drain(now: clock.now)
    }

    /// Moves the clock forward in steps, running every due job after each step.
    static func run(_ app: Application, _ clock: ControlledClock, hours: Double, step: TimeInterval = 1800) async throws
    {
        let end = clock.now + hours * hour
        while clock.now < end {
            clock.advance(min(step, end.timeIntervalSince(clock.now)))
            try await drain(app, clock)
        }
    }

    static func shipment(_ app: Application, _ id: UUID) async throws -> ShipmentRecord {
        try #require(try await ShipmentRecord.find(id, on: app.db))
    }

    static func events(_ app: Application, _ id: UUID) async throws -> [ShipmentEventRecord] {
        try await ShipmentEventRecord.query(on: app.db).filter(\.$shipmentID == id).sort(\.$occurredAt).all()
    }

    static func timelineKinds(_ app: Application, subjectID: String) async throws -> [String] {
        try await TimelineEventRecord.query(on: app.db).filter(\.$subjectType == "test-application")
            .filter(\.$subjectID == subjectID).sort(\.$position).all().map(\.kind)
    }

    static func jobs(_ app: Application, kind: String) async throws -> [OutboxJobRecord] {
        try await OutboxJobRecord.query(on: app.db).filter(\.$kind == kind).all()
    }

    static func sandboxWaybills(_ app: Application) async throws -> [SandboxCourierWaybillRecord] {
        try await SandboxCourierWaybillRecord.query(on: app.db).all()
    }

    /// A signed push of the sandbox's tracking document for `waybill` with its first `scans` scans.
    static func push(
        _ app: Application, waybill: String, scans count: Int, extra: [EMSWire.Trace] = [], signature: String? = nil
    ) async throws -> TestingHTTPResponse {
        let records = try await SandboxCourierScanRecord.query(on: app.db).filter(\.$waybillNumber == waybill)
            .sort(\.$sequence).all()
        var document = SandboxEMSPlan.document(
            waybill: waybill, scans: SandboxCourierEmitter.plan(records), times: records.map(\.happensAt),
            scanCount: count, producedAt: app.services.now())
        document.traces += extra
        return try await post(app, body: EMSWire.encode(document), signature: signature)
    }

    static func post(_ app: Application, body: Data, signature: String? = nil) async throws -> TestingHTTPResponse {
        let sign = try signature ?? app.courier.signature().sign(body)
        return try await app.send(
            .POST, CourierPaths.push, headers: ["Content-Type": "application/json", "X-EMS-Signature": sign],
            body: String(decoding: body, as: UTF8.self))
    }
}

/// A listener that remembers every change it is told of.
final class RecordingShipmentListener: ShipmentListener, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [ShipmentChange] = []

    var changes: [ShipmentChange] { lock.withLock { recorded } }

    func shipmentChanged(_ change: ShipmentChange, on transaction: any Database) async throws {
        #expect(transaction.inTransaction)
        lock.withLock { recorded.append(change) }
    }
}
