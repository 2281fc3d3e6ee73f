import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Vapor

/// Development tools for the sandbox EMS (refused in production):
/// - `crossing courier demo-ship <person key> [--phone N] [--address A]`: sends a demo parcel to a
///   registry person (subject type `demo`), so a person can watch one move; the running worker asks
///   the sandbox for its waybill. Test phones (docs/SANDBOXES.md) pick the sandbox's scenario.
/// - `crossing courier sandbox-advance <waybill or shipment ID> [--hours N]`: moves the parcel's
///   future scans N hours (default 6) closer; the running worker pushes what became due.
struct CourierCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "demo-ship or sandbox-advance")
        var action: String
        @Argument(name: "target", help: "demo-ship: a registry person key; sandbox-advance: a waybill or shipment ID")
        var target: String
        @Option(name: "hours", help: "sandbox-advance: hours to move the parcel's future forward (default 6).")
        var hours: Double?
        @Option(name: "phone", help: "demo-ship: the recipient's mobile (default 13800000000).")
        var phone: String?
        @Option(name: "address", help: "demo-ship: the delivery address.")
        var address: String?
    }

    var help: String {
        "Sandbox courier tools: demo-ship <person key> [--phone N] [--address A]; "
            + "sandbox-advance <waybill or shipment ID> [--hours N]."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard app.environment != .production else {
            context.console.error("The courier sandbox tools are not available in production.")
            return
        }
        switch signature.action {
        case "demo-ship": try await demoShip(context, signature)
        case "sandbox-advance": try await advance(context, signature)
        default: context.console.error("Unknown action \(signature.action); use demo-ship or sandbox-advance.")
        }
    }

    private func demoShip(_ context: CommandContext, _ signature: Signature) async throws {
        let app = context.application
        let recipient: ShipmentRecipient
        do {
            recipient = try ShipmentService.recipient(
                name: "演示收件人", phone: signature.phone ?? "13800000000",
                address: signature.address ?? "广东省广州市天河区体育西路1号", language: .en)
        } catch let problem as Problem {
            context.console.error(problem.errors.map(\.message).joined(separator: "; "))
            return
        }
        let subject = UUID().uuidString
        let shipment = try await app.db.transaction { transaction in
            try await ShipmentService(app).create(
                .init(subjectType: "demo", subjectID: subject, owner: PersonID(signature.target), recipient: recipient),
                on: transaction)
        }
        let id = try shipment.requireID().uuidString
        context.console.print("Shipment \(id) for \(signature.target) (timeline: demo/\(subject)).")
        context.console.print(
            "The worker asks the sandbox EMS for its waybill; then: crossing courier sandbox-advance \(id)")
    }

    private func advance(_ context: CommandContext, _ signature: Signature) async throws {
        let app = context.application
        let hours = signature.hours ?? 6
        guard hours > 0, hours <= 24 * 30 else {
            context.console.error("--hours must be more than 0 and at most 720.")
            return
        }
        var waybill = signature.target.uppercased().filter { !$0.isWhitespace }
        if let id = UUID(uuidString: signature.target) {
            guard let number = try await ShipmentRecord.find(id, on: app.db)?.waybillNumber else {
                context.console.error("Shipment \(signature.target) has no waybill yet (is a worker running?).")
                return
            }
            waybill = number
        }
        let moved = try await SandboxCourierEmitter.advance(waybill, hours: hours, on: app.db, now: app.services.now())
        if moved == 0 {
            context.console.print("No future scans moved for \(waybill) (unknown waybill, or its life is over).")
        } else {
            context.console.print(
                "Moved \(moved) scan(s) of \(waybill) \(hours) hour(s) closer; the worker pushes what is due.")
        }
    }
}
