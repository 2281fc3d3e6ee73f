import Fluent
import Foundation
import Vapor

/// `crossing courier sandbox-advance <waybill> [--hours N]`: moves a sandbox parcel's future scans
/// N hours (default 6) closer, so a person can watch it move; the running worker pushes what
/// became due.
struct CourierCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "sandbox-advance")
        var action: String
        @Argument(name: "waybill", help: "The sandbox waybill number, e.g. EA12345678?CN")
        var waybill: String
        @Option(name: "hours", help: "How many hours to move the parcel's future forward (default 6).")
        var hours: Double?
    }

    var help: String { "Courier tools. sandbox-advance <waybill> [--hours N]: move a sandbox parcel forward in time." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "sandbox-advance" else {
            context.console.error("Unknown action \(signature.action); the only one is sandbox-advance.")
            return
        }
        let hours = signature.hours ?? 6
        guard hours > 0, hours <= 24 * 30 else {
            context.console.error("--hours must be more than 0 and at most 720.")
            return
        }
        let app = context.application
        let waybill = signature.waybill.uppercased().filter { !$0.isWhitespace }
        let moved = try await SandboxCourierEmitter.advance(waybill, hours: hours, on: app.db, now: app.services.now())
        if moved == 0 {
            context.console.print("No future scans moved for \(waybill) (unknown waybill, or its life is over).")
        } else {
            context.console.print(
                "Moved \(moved) scan(s) of \(waybill) \(hours) hour(s) closer; the worker pushes what is due.")
        }
    }
}
