import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import SQLKit

/// The sandbox EMS: behaves like the carrier, keeping its own books in `sandbox_courier_` tables.
///
/// - Issues EMS item numbers in the UPU S10 form ("EA" + serial + check digit + "CN"), once per
///   reference: a repeated create-waybill call answers the first waybill.
/// - Plans the parcel's scans at realistic offsets (collected after 2 h, delivered after 29 h) and
///   pushes signed full snapshots as they happen (`SandboxCourierEmitter`), with duplicates and one
///   push overtaken by the next; answers tracking queries with the scans that have happened.
/// - Test inputs (docs/SANDBOXES.md): recipient phone 13900000201 fails delivery twice and is
///   returned, 13900000202 stops pushing after the collection, 13900000203 times out on the first
///   create call (after creating the waybill); an address containing "不通邮" or
///   "NO-POSTAL-SERVICE" is refused.
struct SandboxEMSGateway: CourierGateway {
    static let emitKind = "courier.sandbox-emit"

    var database: any Database
    var now: Date
    var signature: EMSPushSignature

    func createWaybill(_ request: WaybillRequest) async throws(CourierError) -> WaybillReceipt {
        if SandboxEMSScenario.refuses(request.recipient) { throw .refused(reason: "address-unserviceable") }
        let scenario = SandboxEMSScenario.scenario(for: request.recipient)
        let record: SandboxCourierWaybillRecord
        do {
            record = try await issue(request, scenario: scenario)
        } catch {
            throw .unavailable
        }
        // The waybill exists now, but the first answer for this test input is lost on the way.
        if scenario == .timeoutFirst && record.createCalls == 1 { throw .timeout }
        guard let waybill = try? WaybillNumber.parse(record.waybillNumber) else { throw .unavailable }
        return WaybillReceipt(waybill: waybill, reference: record.reference, createdAt: record.createdAt)
    }

    func cancelWaybill(_ waybill: WaybillNumber, reference: String) async throws(CourierError) {
        let outcome: CourierError?
        do {
            outcome = try await database.transaction { transaction -> CourierError? in
                guard
                    let record = try await SandboxCourierWaybillRecord.query(on: transaction)
                        .filter(\.$waybillNumber == waybill.value).first(), record.reference == reference
                else { return .unknownWaybill }
                if record.cancelledAt != nil { return nil }
                let collected = try await SandboxCourierScanRecord.query(on: transaction)
                    .filter(\.$waybillNumber == waybill.value).filter(\.$happensAt <= now).count()
                if collected > 0 { return .tooLateToCancel }
                record.cancelledAt = now
                try await record.update(on: transaction)
                return nil
            }
        } catch {
            throw .unavailable
        }
        if let outcome { throw outcome }
    }

    func queryTracking(_ waybill: WaybillNumber) async throws(CourierError) -> TrackingSnapshot {
        let body: Data
        do {
            guard
                let record = try await SandboxCourierWaybillRecord.query(on: database)
                    .filter(\.$waybillNumber == waybill.value).first()
            else { throw CourierError.unknownWaybill }
            let scans = try await SandboxCourierScanRecord.query(on: database)
                .filter(\.$waybillNumber == waybill.value).sort(\.$sequence).all()
            let plan = SandboxCourierEmitter.plan(scans)
            let happened = record.cancelledAt == nil ? scans.prefix { $0.happensAt <= now }.count : 0
            body = EMSWire.encode(
                SandboxEMSPlan.document(
                    waybill: waybill.value, scans: plan, times: scans.map(\.happensAt), scanCount: happened,
                    producedAt: now))
        } catch let error as CourierError {
            throw error
        } catch {
            throw .unavailable
        }
        // Through the wire format, as a live adapter reads the carrier's answer.
        return try EMSWire.decode(body)
    }

    func verifyPush(body: Data, headers: [String: String]) throws(CourierError) -> TrackingSnapshot {
        try signature.verify(body: body, headers: headers)
    }

    /// The waybill for this reference: the existing one (counting the call), or a new one with its
    /// planned scans and the first push scheduled, all in one transaction.
    private func issue(
        _ request: WaybillRequest, scenario: SandboxEMSScenario
    ) async throws -> SandboxCourierWaybillRecord {
        try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { throw OutboxUnavailable() }
            for _ in 0..<8 {
                try await sql.update(SandboxCourierWaybillRecord.schema)
                    .set(SQLIdentifier("create_calls"), to: SQLRaw("create_calls + 1"))
                    .where("reference", .equal, SQLBind(request.reference)).run()
                if let existing = try await SandboxCourierWaybillRecord.query(on: transaction)
                    .filter(\.$reference == request.reference).first()
                {
                    return existing
                }
                guard let number = SandboxEMSPlan.waybill(serial: Int.random(in: 0..<100_000_000)) else { continue }
                let inserted = try await sql.insert(into: SandboxCourierWaybillRecord.schema)
                    .columns(
                        "id", "waybill_number", "reference", "scenario", "create_calls", "pushed_through", "created_at"
                    )
                    .values(
                        SQLBind(UUID()), SQLBind(number.value), SQLBind(request.reference),
                        SQLBind(scenario.rawValue), SQLBind(1), SQLBind(-1), SQLBind(now)
                    )
                    .ignoringConflicts()
                    .returning("id")
                    .all()
                // Nothing inserted: another call won the race for this reference (the next round
                // finds it), or the serial was taken (the next round draws another).
                guard !inserted.isEmpty else { continue }
                let scans = SandboxEMSPlan.scans(scenario, address: request.recipient.address)
                for (sequence, scan) in scans.enumerated() {
                    let record = SandboxCourierScanRecord()
                    record.waybillNumber = number.value
                    record.sequence = sequence
                    record.happensAt = now + scan.offset
                    record.code = scan.code.rawValue
                    record.city = scan.city
                    record.description = scan.description
                    try await record.create(on: transaction)
                }
                try await Outbox.enqueue(
                    Self.emitKind, SandboxCourierEmitter.Payload(waybill: number.value),
                    dedupeKey: SandboxCourierEmitter.dedupeKey(number.value, sequence: 0, at: now + scans[0].offset),
                    notBefore: now + scans[0].offset, on: transaction, now: now)
                if let created = try await SandboxCourierWaybillRecord.query(on: transaction)
                    .filter(\.$reference == request.reference).first()
                {
                    return created
                }
            }
            throw CourierError.unavailable
        }
    }
}
