import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Courier: who may follow a parcel, cancelling, competing workers, the sandbox clock")
struct CourierAccessTests {
    typealias T = CourierTesting
    typealias Key = DemoRegistry.Key

    @Test func theOwnerSeesTheParcelAndEveryoneElseGetsNotFound() async throws {
        try await T.withCourierApp { app, clock in
            let id = try await T.ship(app, owner: Key.beijingCitizen)
            try await T.drain(app, clock)
            try await T.run(app, clock, hours: 6)
            let owner = try await FaceTesting.user(app, Key.beijingCitizen)
            let stranger = try await FaceTesting.user(app, Key.shanghaiCitizen)

            let mine = try await app.get("/api/v1/shipments/\(id.uuidString)", headers: owner.headers)
            #expect(mine.status == .ok, "\(mine.text)")
            #expect(mine.header("Cache-Control") == "no-store")
            let view = try mine.json(ShipmentView.self)
            #expect(view.state == "in-transit" && view.stateLabel == "In transit" && !view.terminal)
            #expect(view.events.map(\.code) == ["GOT", "DEPARTURE"])
            #expect(view.events.map(\.stage) == ["collected", "in-transit"])
            #expect(view.recipient.phone == "138****5678" && view.recipient.name == "王*明")
            let stored = try await T.shipment(app, id).waybillNumber
            #expect(view.waybillNumber == stored)
            #expect(!mine.text.contains("13812345678") && !mine.text.contains(T.address))

            let theirs = try await app.get("/api/v1/shipments/\(id.uuidString)", headers: stranger.headers)
            #expect(theirs.status == .notFound && theirs.mediaType == "application/problem+json")
            let unknown = try await app.get("/api/v1/shipments/\(UUID().uuidString)", headers: owner.headers)
            #expect(unknown.status == .notFound)
            let garbage = try await app.get("/api/v1/shipments/not-a-uuid", headers: owner.headers)
            #expect(garbage.status == .notFound)
            let anonymous = try await app.get("/api/v1/shipments/\(id.uuidString)")
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func aHelperFollowsTheirDependentsParcel() async throws {
        try await T.withCourierApp { app, clock in
            let id = try await T.ship(app, owner: Key.minor)
            try await T.drain(app, clock)
            let parent = try await FaceTesting.user(app, Key.beijingCitizen)
            let before = try await app.get("/api/v1/shipments/\(id.uuidString)", headers: parent.headers)
            #expect(before.status == .notFound)
            let delegation = Delegation(
                id: UUID().uuidString, helper: Key.beijingCitizen, dependent: Key.minor, relationship: .parent,
                consent: .guardianDeclaration, createdAt: clock.now, confirmation: .guardianDeclaration,
                confirmedAt: clock.now)
            try await DelegationRecord(delegation).create(on: app.db)
            let after = try await app.get("/api/v1/shipments/\(id.uuidString)", headers: parent.headers)
            #expect(after.status == .ok, "\(after.text)")
            #expect(try after.json(ShipmentView.self).state == "created")
        }
    }

    @Test func twoWorkersCompetingCreateEachWaybillOnce() async throws {
        try await T.withCourierApp { app, clock in
            var ids: [UUID] = []
            for _ in 0..<4 { ids.append(try await T.ship(app)) }
            let first = OutboxWorker(application: app, workerID: "worker-a")
            let second = OutboxWorker(application: app, workerID: "worker-b")
            let now = clock.now
            async let a = first.drain(now: now)
            async let b = second.drain(now: now)
            _ = try await (a, b)

            let jobs = try await T.jobs(app, kind: CreateWaybillJob.kindName)
            #expect(jobs.count == 4 && jobs.allSatisfy { $0.status == "done" && $0.attempts == 1 })
            let sandbox = try await T.sandboxWaybills(app)
            #expect(sandbox.count == 4 && sandbox.allSatisfy { $0.createCalls == 1 })
            for id in ids {
                let number = try await T.shipment(app, id).waybillNumber
                #expect(
                    number != nil && sandbox.contains { $0.waybillNumber == number && $0.reference == id.uuidString })
            }
        }
    }

    @Test func aJobRunTwiceAtOnceStillCreatesOneWaybill() async throws {
        try await T.withCourierApp { app, clock in
            let id = try await T.ship(app)
            let payload = Data(#"{"shipmentID":"\#(id.uuidString)"}"#.utf8)
            let job = OutboxJob(
                id: UUID(), kind: CreateWaybillJob.kindName, payload: payload, dedupeKey: nil, attempt: 1,
                maxAttempts: 8)
            let context = JobContext(application: app, database: app.db, logger: app.logger, now: clock.now)
            // A worker whose lease ran out and the worker that took the job over, at the same time.
            async let a: Void = CreateWaybillJob().handle(job, context: context)
            async let b: Void = CreateWaybillJob().handle(job, context: context)
            _ = try await (a, b)
            let sandbox = try await T.sandboxWaybills(app)
            #expect(sandbox.count == 1)
            #expect(try await T.shipment(app, id).waybillNumber == sandbox.first?.waybillNumber)
            #expect(try await T.jobs(app, kind: SandboxEMSGateway.emitKind).count == 1)
        }
    }

    @Test func aWorkerKilledAfterTheCarrierAnsweredLeavesOneWaybill() async throws {
        try await T.withCourierApp { app, clock in
            let id = try await T.ship(app)
            // Worker A claims the job and gets as far as the carrier, then dies before recording.
            let dying = OutboxWorker(application: app, workerID: "worker-dies")
            let claimed = try await dying.claim(now: clock.now).filter { $0.kind == CreateWaybillJob.kindName }
            #expect(claimed.count == 1)
            let service = ShipmentService(app)
            let shipment = try await T.shipment(app, id)
            let request = WaybillRequest(
                reference: id.uuidString, recipient: try service.recipient(of: shipment), contents: shipment.contents)
            let first = try await app.courierGateway(now: clock.now).createWaybill(request)
            #expect(try await T.shipment(app, id).waybillNumber == nil)

            // Its lease runs out; worker B takes the job over and finishes it.
            clock.advance(app.services.config.jobs.leaseSeconds + 1)
            try await OutboxWorker(application: app, workerID: "worker-b").drain(now: clock.now)
            let job = try #require(try await T.jobs(app, kind: CreateWaybillJob.kindName).first)
            #expect(job.status == "done" && job.attempts == 2)
            #expect(try await T.shipment(app, id).waybillNumber == first.waybill.value)
            #expect(try await T.sandboxWaybills(app).map(\.waybillNumber) == [first.waybill.value])
            #expect(try await T.jobs(app, kind: SandboxEMSGateway.emitKind).count == 1)
        }
    }

    @Test func cancellingBeforeCollectionWithdrawsTheWaybillAndNothingIsPushed() async throws {
        try await T.withCourierApp { app, clock in
            let subject = UUID().uuidString
            let id = try await T.ship(app, subjectID: subject)
            try await T.drain(app, clock)
            let service = ShipmentService(services: app.services)
            #expect(try await service.cancel(id, actor: "staff:test", on: app.db) == .cancelRequested)
            #expect(try await service.cancel(id, actor: "staff:test", on: app.db) == .cancelRequested)
            try await T.drain(app, clock)
            #expect(try await T.shipment(app, id).shipmentState == .cancelled)
            #expect(try await T.sandboxWaybills(app).first?.cancelledAt != nil)
            try await T.run(app, clock, hours: 32, step: 4 * T.hour)
            #expect(try await T.shipment(app, id).shipmentState == .cancelled)
            #expect(try await T.events(app, id).isEmpty)
            #expect(try await T.jobs(app, kind: SandboxCallbacks.kind).isEmpty)
            #expect(try await T.timelineKinds(app, subjectID: subject).last == "shipment.cancelled")
        }
    }

    @Test func cancellingBeforeTheWaybillExistsNeedsNoCarrier() async throws {
        try await T.withCourierApp { app, clock in
            let id = try await T.ship(app)
            let service = ShipmentService(services: app.services)
            #expect(try await service.cancel(id, actor: "staff:test", on: app.db) == .cancelled)
            try await T.drain(app, clock)
            #expect(try await T.shipment(app, id).waybillNumber == nil)
            #expect(try await T.sandboxWaybills(app).isEmpty)
        }
    }

    @Test func aCollectedParcelCannotBeCancelled() async throws {
        try await T.withCourierApp { app, clock in
            let id = try await T.ship(app)
            try await T.drain(app, clock)
            try await T.run(app, clock, hours: 3)
            await #expect(throws: Problem.self) {
                try await ShipmentService(services: app.services).cancel(id, actor: "staff:test", on: app.db)
            }
            await #expect(throws: Problem.self) {
                try await ShipmentService(services: app.services).cancel(UUID(), actor: "staff:test", on: app.db)
            }
            #expect(try await T.shipment(app, id).shipmentState == .collected)
        }
    }

    @Test func advancingTheSandboxClockMovesAParcelAlong() async throws {
        try await T.withCourierApp { app, clock in
            let id = try await T.ship(app)
            try await T.drain(app, clock)
            let waybill = try #require(try await T.shipment(app, id).waybillNumber)
            let moved = try await SandboxCourierEmitter.advance(waybill, hours: 40, on: app.db, now: clock.now)
            #expect(moved == 5)
            try await T.run(app, clock, hours: 0.25, step: 60)
            #expect(try await T.shipment(app, id).shipmentState == .delivered)
            #expect(try await T.events(app, id).count == 5)
            #expect(try await SandboxCourierEmitter.advance("EA000000005CN", hours: 1, on: app.db, now: clock.now) == 0)
        }
    }
}
