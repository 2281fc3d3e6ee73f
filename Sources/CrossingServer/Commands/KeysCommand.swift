import ConsoleKit
import Fluent
import Foundation
import Vapor

/// `crossing keys rotate|list`: the ES256 keys that sign API access tokens. Rotate regularly (and at
/// once if a key may have leaked); tokens signed by the previous key keep verifying until they expire.
struct KeysCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "rotate: make a new signing key and retire the current one; list: show keys")
        var action: String
    }

    var help: String { "Rotates and lists the keys that sign API access tokens." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let now = app.services.now()
        switch signature.action {
        case "rotate":
            let key = try await app.services.signingKeys.rotate(on: app.db, cipher: app.services.cipher, now: now)
            let line = "New signing key \(key.keyID); the previous key stays published for 24 hours."
            context.console.success(line)
        case "list":
            for key in try await app.services.signingKeys.keys(on: app.db, now: now) {
                let line = "\(key.keyID) \(key.retiredAt.map { "retired \($0.formatted(.iso8601))" } ?? "current")"
                context.console.output(line.consoleText())
            }
        default:
            throw StartupError(description: "Unknown action \(signature.action). Use rotate or list.")
        }
    }
}
