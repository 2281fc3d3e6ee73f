import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Courier: a parcel from waybill to doorstep through the outbox and the sandbox EMS")
struct CourierFlowTests {
    typealias T = CourierTesting

    @Test func aParcelGoesFromWaybillToDeliveredByDrainingTheOutbox() async throws {
        try await T.withCourierApp { app, clock in
            // The default: the longest gap between two pushes of a normal parcel (21 h) stays under it.
            #expect(app.services.config.courier.pollAfter == 24 * T.hour)
            let subject = UUID().uuidString
            let id = try await T.ship(app, subjectID: subject)
            #expect(try await T.jobs(app, kind: CreateWaybillJob.kindName).count == 1)
            #expect(try await T.shipment(app, id).shipmentState == .created)

            try await T.drain(app, clock)
            let issued = try await T.shipment(app, id)
            let waybill = try #require(issued.waybillNumber)
            #expect(issued.waybillStatus == "issued")
            #expect(try WaybillNumber.parse(waybill).value == waybill && waybill.hasSuffix("CN"))
            #expect(try await T.sandboxWaybills(app).map(\.reference) == [id.uuidString])

            var seen: [ShipmentState] = []
            for _ in 0..<64 {
                try await T.run(app, clock, hours: 0.5)
                let state = try await T.shipment(app, id).shipmentState
                if seen.last != state { seen.append(state) }
            }
            #expect(seen == [.created, .collected, .inTransit, .outForDelivery, .delivered])
            let events = try await T.events(app, id)
            #expect(events.map(\.code) == ["GOT", "DEPARTURE", "ARRIVAL", "SENT", "SIGNED"])
            #expect(events.allSatisfy { $0.source == "push" && $0.waybillNumber == waybill })
            // Eight pushes (three of them duplicates, one overtaken), each acknowledged.
            let callbacks = try await T.jobs(app, kind: SandboxCallbacks.kind)
            #expect(callbacks.count == 8 && callbacks.allSatisfy { $0.status == "done" })
            #expect(
                try await T.timelineKinds(app, subjectID: subject) == [
                    "shipment.requested", "shipment.dispatched", "shipment.collected", "shipment.in-transit",
                    "shipment.out-for-delivery", "shipment.delivered",
                ])
            let delivered = try await T.shipment(app, id)
            #expect(delivered.lastPushAt != nil && delivered.lastPolledAt == nil)
        }
    }

    @Test func duplicatedAndOutOfOrderPushesKeepEveryEventOnceAndNeverGoBackwards() async throws {
        try await T.withCourierApp { app, clock in
            let subject = UUID().uuidString
            let id = try await T.ship(app, subjectID: subject)
            try await T.drain(app, clock)
            let waybill = try #require(try await T.shipment(app, id).waybillNumber)
            clock.advance(27 * T.hour)

            // Newest first: out for delivery (4 scans), twice.
            for _ in 0..<2 {
                let response = try await T.push(app, waybill: waybill, scans: 4)
                #expect(response.status == .ok && response.text == EMSWire.acknowledgement)
            }
            #expect(try await T.shipment(app, id).shipmentState == .outForDelivery)
            // An older snapshot arrives late, with a note scan we had not seen.
            let note = EMSWire.Trace(
                opTime: "2026-11-22T20:30:00+08:00", opCode: "ISSUE", opCity: "北京市", opDesc: "地址核实中")
            let late = try await T.push(app, waybill: waybill, scans: 2, extra: [note])
            #expect(late.status == .ok)
            let after = try await T.shipment(app, id)
            #expect(after.shipmentState == .outForDelivery)
            let events = try await T.events(app, id)
            #expect(events.map(\.code) == ["GOT", "DEPARTURE", "ISSUE", "ARRIVAL", "SENT"])
            #expect(
                try await T.timelineKinds(app, subjectID: subject) == [
                    "shipment.requested", "shipment.dispatched", "shipment.out-for-delivery",
                ])
        }
    }

    @Test func forgedPushesAreRejectedAuditedAndChangeNothing() async throws {
        try await T.withCourierApp { app, clock in
            let id = try await T.ship(app)
            try await T.drain(app, clock)
            let waybill = try #require(try await T.shipment(app, id).waybillNumber)
            clock.advance(30 * T.hour)
            let forger = try EMSPushSignature(secret: Data(repeating: 9, count: 32))
            let body = Data(
                #"{"waybillNo":"\#(waybill)","status":"shutdown","pushedAt":"2026-11-23T18:00:00+08:00","traces":[{"opTime":"2026-11-23T17:00:00+08:00","opCode":"SIGNED","opCity":"广州市","opDesc":"已妥投"}]}"#
                    .utf8)

            let forged = try await T.post(app, body: body, signature: forger.sign(body))
            #expect(forged.status == .unauthorized && forged.mediaType == "application/problem+json")
            let unsigned = try await app.send(
                .POST, CourierPaths.push, headers: ["Content-Type": "application/json"],
                body: String(decoding: body, as: UTF8.self))
            #expect(unsigned.status == .unauthorized)
            let garbled = try await T.post(app, body: Data("{not json".utf8))
            #expect(garbled.status == .badRequest && garbled.mediaType == "application/problem+json")

            #expect(try await T.shipment(app, id).shipmentState == .created)
            #expect(try await T.events(app, id).isEmpty)
            let audit = try await FaceTesting.audit(app, action: "courier.push.rejected")
            #expect(audit.map(\.outcome) == ["denied", "denied", "denied"])
            #expect(audit.map { $0.details.contains("courier-invalid-signature") } == [true, true, false])
            #expect(audit.allSatisfy { $0.actor == CourierPushController.actor })

            // The genuine push is accepted.
            #expect(try await T.post(app, body: body).status == .ok)
            #expect(try await T.shipment(app, id).shipmentState == .delivered)
        }
    }

    @Test func aPushForAnUnknownWaybillIsAcknowledgedAndAudited() async throws {
        try await T.withCourierApp { app, _ in
            let body = Data(
                #"{"waybillNo":"EA123456785CN","status":"polling","pushedAt":"2026-11-22T12:00:00+08:00","traces":[]}"#
                    .utf8)
            let response = try await T.post(app, body: body)
            #expect(response.status == .ok && response.text == EMSWire.acknowledgement)
            let audit = try await FaceTesting.audit(app, action: "courier.push.unknown-waybill")
            #expect(audit.map(\.subject) == ["EA123456785CN"])
        }
    }

    @Test func aFailedDeliveryEndsWithTheParcelReturned() async throws {
        try await T.withCourierApp { app, clock in
            let subject = UUID().uuidString
            let id = try await T.ship(app, phone: SandboxEMSScenario.TestPhones.failThenReturn, subjectID: subject)
            try await T.drain(app, clock)
            try await T.run(app, clock, hours: 30)
            #expect(try await T.shipment(app, id).shipmentState == .deliveryFailed)
            try await T.run(app, clock, hours: 72)
            let shipment = try await T.shipment(app, id)
            #expect(shipment.shipmentState == .returned)
            #expect(
                try await T.events(app, id).map(\.code) == [
                    "GOT", "DEPARTURE", "ARRIVAL", "SENT", "SIGNFAIL", "SENT", "SIGNFAIL", "RETURN", "RETURNSIGNED",
                ])
            let kinds = try await T.timelineKinds(app, subjectID: subject)
            #expect(
                kinds.suffix(6) == [
                    "shipment.out-for-delivery", "shipment.delivery-failed", "shipment.out-for-delivery",
                    "shipment.delivery-failed", "shipment.returning", "shipment.returned",
                ])
        }
    }

    @Test func whenPushesStopPollingBringsTheStateUpToDate() async throws {
        try await T.withCourierApp { app, clock in
            app.services.config.courier.pollAfter = 12 * T.hour
            let id = try await T.ship(app, phone: SandboxEMSScenario.TestPhones.pushesStop)
            try await T.drain(app, clock)
            try await T.run(app, clock, hours: 12)
            // Collected by push at 2 h; nothing pushed since, and not stale yet (12 h after the push).
            var shipment = try await T.shipment(app, id)
            #expect(shipment.shipmentState == .collected && shipment.lastPolledAt == nil)

            try await T.run(app, clock, hours: 4)
            shipment = try await T.shipment(app, id)
            #expect(shipment.shipmentState == .inTransit && shipment.lastPolledAt != nil)

            try await T.run(app, clock, hours: 16)
            shipment = try await T.shipment(app, id)
            #expect(shipment.shipmentState == .delivered)
            let events = try await T.events(app, id)
            #expect(events.map(\.code) == ["GOT", "DEPARTURE", "ARRIVAL", "SENT", "SIGNED"])
            #expect(events.map(\.source) == ["push", "poll", "poll", "poll", "poll"])
            // The chain goes on, one job per period, and a delivered parcel is not queried again.
            let polls = try await T.jobs(app, kind: PollStaleShipmentsJob.kindName)
            #expect(polls.filter { $0.status == "pending" }.count == 1)
            let polledAt = shipment.lastPolledAt
            try await T.run(app, clock, hours: 2)
            #expect(try await T.shipment(app, id).lastPolledAt == polledAt)
        }
    }

    @Test func aCreateWaybillCallThatTimesOutIsRetriedAndTheWaybillIsCreatedOnce() async throws {
        try await T.withCourierApp { app, clock in
            let id = try await T.ship(app, phone: SandboxEMSScenario.TestPhones.timeoutFirst)
            try await T.drain(app, clock)
            #expect(try await T.shipment(app, id).waybillNumber == nil)
            let job = try #require(try await T.jobs(app, kind: CreateWaybillJob.kindName).first)
            #expect(job.status == "pending" && job.attempts == 1 && job.lastError?.contains("timeout") == true)
            // The carrier did create it; only the answer was lost.
            #expect(try await T.sandboxWaybills(app).map(\.createCalls) == [1])

            clock.advance(T.hour)
            try await T.drain(app, clock)
            let sandbox = try await T.sandboxWaybills(app)
            #expect(sandbox.count == 1 && sandbox.first?.createCalls == 2)
            #expect(try await T.shipment(app, id).waybillNumber == sandbox.first?.waybillNumber)
            let done = try #require(try await T.jobs(app, kind: CreateWaybillJob.kindName).first)
            #expect(done.status == "done" && done.attempts == 2)
            #expect(try await T.jobs(app, kind: SandboxEMSGateway.emitKind).count == 1)
        }
    }

    @Test func anAddressTheCarrierRefusesIsRecordedAndNotRetried() async throws {
        try await T.withCourierApp { app, clock in
            let subject = UUID().uuidString
            let id = try await T.ship(app, address: "西藏自治区某县不通邮村1号", subjectID: subject)
            try await T.drain(app, clock)
            let shipment = try await T.shipment(app, id)
            #expect(shipment.waybillStatus == "refused" && shipment.refusalReason == "address-unserviceable")
            #expect(try await T.jobs(app, kind: CreateWaybillJob.kindName).map(\.status) == ["done"])
            #expect(try await T.sandboxWaybills(app).isEmpty)
            #expect(try await T.timelineKinds(app, subjectID: subject).last == "shipment.address-refused")
            // A new shipment for the same subject may now be made (with a corrected address).
            let again = try await T.ship(app, subjectID: subject)
            #expect(again != id)
        }
    }

    @Test func creatingTwiceForOneSubjectAnswersTheSameShipment() async throws {
        try await T.withCourierApp { app, _ in
            let subject = UUID().uuidString
            let first = try await T.ship(app, subjectID: subject)
            let second = try await T.ship(app, subjectID: subject)
            #expect(first == second)
            #expect(try await T.jobs(app, kind: CreateWaybillJob.kindName).count == 1)
        }
    }

    @Test func recipientsAreSealedAtRestAndValidated() async throws {
        try await T.withCourierApp { app, _ in
            let id = try await T.ship(app)
            let shipment = try await T.shipment(app, id)
            for sealed in [shipment.recipientName, shipment.recipientPhone, shipment.recipientAddress] {
                #expect(sealed.hasPrefix("v1.") && !sealed.contains("王小明") && !sealed.contains("13812345678"))
            }
            #expect(throws: Problem.self) {
                try ShipmentService.recipient(name: "", phone: "123", address: "x", language: .en)
            }
            do {
                _ = try ShipmentService.recipient(name: "", phone: "123", address: "x", language: .zh)
            } catch let problem as Problem {
                #expect(problem.errors.map(\.field) == ["recipientAddress", "recipientName", "recipientPhone"])
            }
        }
    }
}
