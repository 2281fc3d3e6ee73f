import CrossingDomain
import Fluent
import Foundation
import SQLKit

/// Asks the carrier for the shipment's waybill. Idempotent: the carrier deduplicates on our
/// shipment ID, and a shipment that has its number already is left alone. A timeout or an outage
/// retries with backoff; a refused address is recorded (the subject's timeline says so) and not retried.
struct CreateWaybillJob: JobHandler {
    static let kindName = "courier.create-waybill"
    let kind = kindName

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let payload = try job.decode(ShipmentJobPayload.self)
        let listeners = context.application.shipmentListeners
        guard let shipment = try await ShipmentRecord.find(payload.shipmentID, on: context.database) else {
            throw JobFailure.permanent("no shipment \(payload.shipmentID)")
        }
        if shipment.waybillNumber != nil || shipment.waybillStatus == WaybillStatus.refused.rawValue { return }
        if shipment.shipmentState == .cancelled { return }
        let service = ShipmentService(services: context.services)
        let request = WaybillRequest(
            reference: payload.shipmentID.uuidString, recipient: try service.recipient(of: shipment),
            contents: shipment.contents)
        let gateway = try context.application.courierGateway(now: context.now)
        let answer: Result<WaybillReceipt, CourierError>
        do {
            answer = .success(try await gateway.createWaybill(request))
        } catch {
            answer = .failure(error)
        }
        switch answer {
        case .success(let receipt):
            try await record(
                receipt, for: payload.shipmentID, listeners: listeners, on: context.database, now: context.now)
        case .failure(.refused(let reason)):
            try await refuse(
                payload.shipmentID, reason: reason, listeners: listeners, on: context.database, now: context.now)
        case .failure(let error) where error.isRetryable:
            throw error
        case .failure(let error):
            throw JobFailure.permanent("the carrier answered \(error.code)")
        }
    }

    private func record(
        _ receipt: WaybillReceipt, for id: UUID, listeners: ShipmentListenerRegistry, on database: any Database,
        now: Date
    ) async throws {
        try await database.transaction { transaction in
            try await ShipmentLock.take(id, on: transaction, now: now)
            guard let shipment = try await ShipmentRecord.find(id, on: transaction), shipment.waybillNumber == nil
            else { return }
            shipment.waybillNumber = receipt.waybill.value
            shipment.waybillStatus = WaybillStatus.issued.rawValue
            shipment.issuedAt = now
            shipment.updatedAt = now
            try await shipment.update(on: transaction)
            try await Timeline.append(
                ShipmentTimeline.draft(shipment, kind: "shipment.dispatched"), on: transaction, now: now)
            try await listeners.notify(
                ShipmentChange(.dispatched, shipment, from: shipment.shipmentState, at: now), on: transaction)
            // Cancelled while the carrier was issuing the number: withdraw it there too.
            if shipment.shipmentState == .cancelled {
                try await Outbox.enqueue(
                    CancelWaybillJob.kindName, ShipmentJobPayload(shipmentID: id),
                    dedupeKey: "\(CancelWaybillJob.kindName):\(id.uuidString)", on: transaction, now: now)
            }
        }
    }

    private func refuse(
        _ id: UUID, reason: String, listeners: ShipmentListenerRegistry, on database: any Database, now: Date
    ) async throws {
        try await database.transaction { transaction in
            try await ShipmentLock.take(id, on: transaction, now: now)
            guard let shipment = try await ShipmentRecord.find(id, on: transaction),
                shipment.waybillStatus == WaybillStatus.requested.rawValue
            else { return }
            shipment.waybillStatus = WaybillStatus.refused.rawValue
            shipment.refusalReason = reason
            shipment.updatedAt = now
            try await shipment.update(on: transaction)
            try await Timeline.append(
                ShipmentTimeline.draft(shipment, kind: "shipment.address-refused", details: ["reason": reason]),
                on: transaction, now: now)
            try await listeners.notify(
                ShipmentChange(.addressRefused, shipment, from: shipment.shipmentState, at: now), on: transaction)
        }
    }
}

/// Withdraws the waybill of a shipment whose cancellation was requested.
struct CancelWaybillJob: JobHandler {
    static let kindName = "courier.cancel-waybill"
    let kind = kindName

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let payload = try job.decode(ShipmentJobPayload.self)
        guard let shipment = try await ShipmentRecord.find(payload.shipmentID, on: context.database),
            let number = shipment.waybillNumber, let waybill = try? WaybillNumber.parse(number)
        else { return }
        if shipment.cancelRequestedAt == nil && shipment.shipmentState != .cancelled { return }
        let gateway = try context.application.courierGateway(now: context.now)
        let accepted: Bool
        do {
            try await gateway.cancelWaybill(waybill, reference: payload.shipmentID.uuidString)
            accepted = true
        } catch .tooLateToCancel {
            accepted = false
        } catch  where error.isRetryable {
            throw error
        } catch {
            throw JobFailure.permanent("the carrier answered \(error.code)")
        }
        try await context.database.transaction { transaction in
            try await ShipmentLock.take(payload.shipmentID, on: transaction, now: context.now)
            guard let shipment = try await ShipmentRecord.find(payload.shipmentID, on: transaction) else { return }
            let before = shipment.shipmentState
            shipment.cancelRequestedAt = nil
            var change: ShipmentChange.Kind?
            if accepted && before != .cancelled && before.canMove(to: .cancelled) {
                shipment.state = ShipmentState.cancelled.rawValue
                shipment.stateChangedAt = context.now
                try await Timeline.append(
                    ShipmentTimeline.draft(shipment, kind: ShipmentTimeline.kind(for: .cancelled)), on: transaction,
                    now: context.now)
                change = .stateChanged
            } else if !accepted {
                try await Timeline.append(
                    ShipmentTimeline.draft(shipment, kind: "shipment.cancel-refused"), on: transaction, now: context.now
                )
                change = .cancelRefused
            }
            try await shipment.update(on: transaction)
            if let change {
                try await context.application.shipmentListeners.notify(
                    ShipmentChange(change, shipment, from: before, at: context.now), on: transaction)
            }
        }
    }
}

/// The polling fallback: parcels not yet at an end whose last push (or, never pushed, whose
/// waybill) is older than `COURIER_POLL_AFTER_MINUTES` are queried and the answer applied like a
/// push. Runs once per `COURIER_POLL_INTERVAL_MINUTES` period and schedules the next period itself
/// (a dedupe key per period, so several instances never double the chain).
struct PollStaleShipmentsJob: JobHandler {
    static let kindName = "courier.poll-stale"
    let kind = kindName
    /// Parcels queried per run; the rest wait for the next period.
    static let batchSize = 200

    struct Payload: Codable, Sendable {
        var period: Int
    }

    static func schedule(
        after period: Int?, on database: any Database, now: Date, settings: CourierSettings
    ) async throws {
        let interval = settings.pollInterval
        let current = Int((now.timeIntervalSince1970 / interval).rounded(.down))
        let next = period.map { max($0 + 1, current + 1) } ?? current
        try await Outbox.enqueue(
            kindName, Payload(period: next), dedupeKey: "\(kindName):\(Int(interval)):\(next)",
            notBefore: Date(timeIntervalSince1970: Double(next) * interval), on: database, now: now)
    }

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let payload = try job.decode(Payload.self)
        let settings = context.services.config.courier
        try await Self.pollStale(context: context, settings: settings)
        try await Self.schedule(after: payload.period, on: context.database, now: context.now, settings: settings)
    }

    /// Answers how many parcels were queried.
    @discardableResult
    static func pollStale(context: JobContext, settings: CourierSettings) async throws -> Int {
        let cutoff = context.now - settings.pollAfter
        let ended = ShipmentState.allCases.filter(\.isTerminal).map(\.rawValue)
        let stale = try await ShipmentRecord.query(on: context.database)
            .filter(\.$waybillNumber != nil)
            .filter(\.$state !~ ended)
            .group(.or) { either in
                either.filter(\.$lastPushAt < cutoff)
                    .group(.and) { $0.filter(\.$lastPushAt == nil).filter(\.$issuedAt < cutoff) }
            }
            .sort(\.$updatedAt).limit(batchSize).all()
        guard !stale.isEmpty else { return 0 }
        let gateway = try context.application.courierGateway(now: context.now)
        let updater = TrackingUpdater(listeners: context.application.shipmentListeners)
        for shipment in stale {
            guard let number = shipment.waybillNumber, let waybill = try? WaybillNumber.parse(number) else { continue }
            do {
                let snapshot = try await gateway.queryTracking(waybill)
                _ = try await updater.apply(snapshot, source: .poll, on: context.database, now: context.now)
            } catch {
                // One parcel the carrier cannot answer for must not hold up the others.
                context.logger.warning(
                    "tracking query failed",
                    metadata: ["shipment": "\(shipment.id?.uuidString ?? "")", "error": "\(error)"])
            }
        }
        return stale.count
    }
}

enum ShipmentLock {
    /// Takes the shipment's row (PostgreSQL) or the write lock (SQLite) before anything is read.
    static func take(_ id: UUID, on transaction: any Database, now: Date) async throws {
        guard let sql = transaction as? any SQLDatabase else { throw OutboxUnavailable() }
        try await sql.update(ShipmentRecord.schema).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).run()
    }
}
