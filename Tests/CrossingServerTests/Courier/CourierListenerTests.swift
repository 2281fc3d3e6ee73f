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
