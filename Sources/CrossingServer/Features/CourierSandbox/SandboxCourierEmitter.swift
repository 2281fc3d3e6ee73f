import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import SQLKit

/// The sandbox EMS's push machine, one job per due scan: pushes the snapshot of every scan that
/// has happened and was not pushed yet (signed, through `SandboxCallbacks`, so delivery is retried
/// until our endpoint acknowledges), then schedules itself for the next scan. Idempotent: pushes
/// carry dedupe keys per (waybill, scan, copy) and `pushed_through` records progress.
struct SandboxCourierEmitter: JobHandler {
    let kind = SandboxEMSGateway.emitKind

    struct Payload: Codable, Sendable {
        var waybill: String
    }

    static func dedupeKey(_ waybill: String, sequence: Int, at time: Date) -> String {
        "sandbox-courier-emit:\(waybill):\(sequence):\(Int(time.timeIntervalSince1970))"
    }

    static func plan(_ scans: [SandboxCourierScanRecord]) -> [SandboxEMSPlan.Scan] {
        scans.map {
            SandboxEMSPlan.Scan(
                offset: 0, code: EMSTraceCode(rawValue: $0.code) ?? .issue, city: $0.city, description: $0.description)
        }
    }

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let payload = try job.decode(Payload.self)
        let signature = try context.application.courier.signature()
        try await Self.emit(payload.waybill, signature: signature, on: context.database, now: context.now)
    }

    static func emit(_ waybill: String, signature: EMSPushSignature, on database: any Database, now: Date) async throws
    {
        try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { throw OutboxUnavailable() }
            try await sql.update(SandboxCourierWaybillRecord.schema)
                .set(SQLIdentifier("pushed_through"), to: SQLIdentifier("pushed_through"))
                .where("waybill_number", .equal, SQLBind(waybill)).run()
            guard
                let record = try await SandboxCourierWaybillRecord.query(on: transaction)
                    .filter(\.$waybillNumber == waybill).first(), record.cancelledAt == nil
            else { return }
            let scenario = SandboxEMSScenario(rawValue: record.scenario) ?? .delivered
            let scans = try await SandboxCourierScanRecord.query(on: transaction)
                .filter(\.$waybillNumber == waybill).sort(\.$sequence).all()
            let plan = Self.plan(scans)
            let times = scans.map(\.happensAt)
            var through = record.pushedThrough
            while through + 1 < scans.count, times[through + 1] <= now {
                through += 1
                for push in SandboxEMSPlan.pushes(forScan: through, scans: plan, times: times, scenario: scenario) {
                    let body = EMSWire.encode(
                        SandboxEMSPlan.document(
                            waybill: waybill, scans: plan, times: times, scanCount: through + 1, producedAt: push.at))
                    try await SandboxCallbacks.schedule(
                        SandboxCallback(
                            path: CourierPaths.push, contentType: "application/json",
                            headers: [EMSWire.signatureHeader: signature.sign(body)], body: body,
                            acknowledgement: EMSWire.acknowledgement),
                        dedupeKey: "sandbox-courier-push:\(waybill):\(through):\(push.copy)", notBefore: push.at,
                        on: transaction, now: now)
                }
            }
            if through != record.pushedThrough {
                record.pushedThrough = through
                try await record.update(on: transaction)
            }
            if through + 1 < scans.count {
                let next = times[through + 1]
                try await Outbox.enqueue(
                    SandboxEMSGateway.emitKind, Payload(waybill: waybill),
                    dedupeKey: dedupeKey(waybill, sequence: through + 1, at: next), notBefore: next,
                    on: transaction, now: now)
            }
        }
    }

    /// Moves a parcel's future `hours` closer (development: watch a parcel move without waiting a
    /// day). Scans keep their order; the emitter runs at once for what became due.
    static func advance(_ waybill: String, hours: Double, on database: any Database, now: Date) async throws -> Int {
        try await database.transaction { transaction in
            let scans = try await SandboxCourierScanRecord.query(on: transaction)
                .filter(\.$waybillNumber == waybill).sort(\.$sequence).all()
            guard !scans.isEmpty else { return 0 }
            var moved = 0
            var previous = now
            for scan in scans where scan.happensAt > now {
                // Strictly after the previous one, so no two scans share a time and their order holds.
                let target = max(scan.happensAt - hours * 3600, previous + 1)
                previous = target
                if target < scan.happensAt {
                    scan.happensAt = target
                    try await scan.update(on: transaction)
                    moved += 1
                }
            }
            try await Outbox.enqueue(
                SandboxEMSGateway.emitKind, Payload(waybill: waybill),
                dedupeKey: "sandbox-courier-emit:\(waybill):advance:\(UUID().uuidString)", notBefore: now,
                on: transaction, now: now)
            return moved
        }
    }
}
