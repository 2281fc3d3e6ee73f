import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Courier: the owning feature is told of each change, in its transaction")
struct CourierListenerTests {
    typealias T = CourierTesting

    @Test func aListenerHearsDispatchAndEveryStateChangeOnce() async throws {
        try await T.withCourierApp { app, clock in
            let listener = RecordingShipmentListener()
            app.shipmentListeners.register(listener, forSubjectType: "test-application")
            let other = RecordingShipmentListener()
            app.shipmentListeners.register(other, forSubjectType: "something-else")
            let id = try await T.ship(app, phone: SandboxEMSScenario.TestPhones.failThenReturn)
            try await T.drain(app, clock)
            try await T.run(app, clock, hours: 100, step: T.hour)

            let changes = listener.changes
            #expect(changes.map(\.kind) == [.dispatched] + Array(repeating: .stateChanged, count: 8))
            #expect(
                changes.map(\.to) == [
                    .created, .collected, .inTransit, .outForDelivery, .deliveryFailed, .outForDelivery,
                    .deliveryFailed,
                    .returning, .returned,
                ])
            #expect(changes.allSatisfy { $0.shipmentID == id && $0.owner == DemoRegistry.Key.beijingCitizen })
            #expect(changes.allSatisfy { $0.waybillNumber != nil })
            let failure = try #require(changes.first { $0.to == .deliveryFailed })
            #expect(failure.from == .outForDelivery && failure.latestScanDescription == "未妥投：收件人电话无人接听")
            // Two failed attempts: told twice, each with its own scan time (notification dedupe keys).
            let failures = changes.filter { $0.to == .deliveryFailed }.compactMap(\.latestScanTime)
            #expect(Set(failures).count == 2)
            #expect(other.changes.isEmpty)
        }
    }

    @Test func aListenerThatThrowsRollsTheChangeBackAndThePushIsRetried() async throws {
        struct Failing: ShipmentListener {
            func shipmentChanged(_ change: ShipmentChange, on transaction: any Database) async throws {
                if change.to == .collected { throw Abort(.serviceUnavailable) }
            }
        }
        try await T.withCourierApp { app, clock in
            app.shipmentListeners.register(Failing(), forSubjectType: "test-application")
            let id = try await T.ship(app)
            try await T.drain(app, clock)
            try await T.run(app, clock, hours: 3)
            #expect(try await T.shipment(app, id).shipmentState == .created)
            #expect(try await T.events(app, id).isEmpty)
            let pending = try await T.jobs(app, kind: SandboxCallbacks.kind).filter { $0.status == "pending" }
            #expect(!pending.isEmpty)
        }
    }

    @Test func anImmediateCancellationIsToldToo() async throws {
        try await T.withCourierApp { app, _ in
            let listener = RecordingShipmentListener()
            app.shipmentListeners.register(listener, forSubjectType: "test-application")
            let id = try await T.ship(app)
            #expect(try await ShipmentService(app).cancel(id, actor: "staff:test", on: app.db) == .cancelled)
            #expect(listener.changes.map(\.to) == [.cancelled])
            #expect(listener.changes.first?.from == .created)
        }
    }
}

@Suite("Courier: notifications for the parcel's owner")
struct CourierNotificationTests {
    typealias T = CourierTesting

    struct Notifying: ShipmentListener {
        func shipmentChanged(_ change: ShipmentChange, on transaction: any Database) async throws {
            try await ShipmentNotifications.enqueue(for: change, applicationNumber: "R2026-000123", on: transaction)
        }
    }

    @Test func theOwnerIsToldOfDispatchEachDeliveryAttemptItsFailureAndTheReturnOnce() async throws {
        try await T.withCourierApp { app, clock in
            app.shipmentListeners.register(Notifying(), forSubjectType: "test-application")
            let id = try await T.ship(app, phone: SandboxEMSScenario.TestPhones.failThenReturn)
            try await T.drain(app, clock)
            let queued = try await T.jobs(app, kind: Notifications.jobKind)
            #expect(queued.count == 1)
            try await T.run(app, clock, hours: 100, step: T.hour)
            let jobs = try await T.jobs(app, kind: Notifications.jobKind).sorted { $0.createdAt < $1.createdAt }
            let payloads = try jobs.map { try JSONDecoder().decode(NotificationJob.self, from: Data($0.payload.utf8)) }
            #expect(
                payloads.map(\.template) == [
                    "dispatched", "out-for-delivery", "delivery-failed", "out-for-delivery", "delivery-failed",
                    "returned-to-sender",
                ])
            #expect(payloads.allSatisfy { $0.recipient == .person(DemoRegistry.Key.beijingCitizen.rawValue) })
            let waybill = try #require(try await T.shipment(app, id).waybillNumber)
            #expect(payloads.first?.parameters == ["waybill": waybill, "applicationNumber": "R2026-000123"])
            #expect(payloads[2].parameters["reason.zh"] == "收件人电话无人接听")
            #expect(payloads.last?.parameters == ["waybill": waybill, "applicationNumber": "R2026-000123"])
            #expect(Set(payloads.map(\.dedupeKey)).count == 6)
        }
    }

    @Test func reasonsAreTheCarriersWordsOnOneLine() {
        #expect(ShipmentNotifications.reason("未妥投：地址无人") == "地址无人")
        #expect(ShipmentNotifications.reason(nil) == "投递未成功")
        #expect(ShipmentNotifications.reason("a{b}\nc") == "abc")
        #expect(ShipmentNotifications.reason(String(repeating: "长", count: 100)).count == 64)
    }
}
