import ConsoleKit
import CrossingDomain
import CrossingIntegrations
import Foundation
import Vapor

/// Development only: the sandbox SMS outbox as a page (/dev/sms) and as JSON (/dev/sms.json, read by
/// `crossing sms outbox`). Not registered in production, and 404 whenever the notifier is not the sandbox.
struct DevSMSController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("dev", "sms", use: page)
        routes.get("dev", "sms.json", use: json)
    }

    static func rows(_ request: Request) async throws -> [SMSOutboxRow] {
        guard request.application.environment != .production,
            let sandbox = request.services.notifier as? SandboxSMSNotifier
        else { throw Problem.notFound("That page") }
        let formatter = ISO8601DateFormatter()
        return await sandbox.outbox().reversed().map {
            SMSOutboxRow(
                recipient: $0.recipient, text: $0.text, sentAt: formatter.string(from: $0.sentAt), template: $0.template
            )
        }
    }

    func page(_ request: Request) async throws -> Response {
        let strings = request.accountStrings
        let context = DevSMSContext(
            meta: Portal.meta(request, title: strings.devSMSHeading, section: ""), t: strings,
            messages: try await Self.rows(request))
        return try await AccountPage.render("dev/sms", context, for: request)
    }

    func json(_ request: Request) async throws -> [SMSOutboxRow] {
        try await Self.rows(request)
    }
}

/// `crossing sms outbox [--url http://127.0.0.1:8080]`: prints the sandbox outbox of a running
/// development server. The outbox lives in that server's memory, so the command asks the server
/// (its /dev/sms.json page) instead of reading anything itself.
struct SMSCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "outbox: list the sandbox SMS messages of a running development server")
        var action: String

        @Option(name: "url", help: "Base URL of the development server (default http://127.0.0.1:8080)")
        var url: String?
    }

    var help: String { "Shows the sandbox SMS outbox (development only)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "outbox" else {
            throw StartupError(description: "Unknown action \(signature.action). Use outbox.")
        }
        let app = context.application
        guard app.environment != .production else {
            throw StartupError(description: "The sandbox SMS outbox does not exist in production.")
        }
        let base = signature.url ?? "http://127.0.0.1:8080"
        let response = try await app.client.get(URI(string: base + "/dev/sms.json"))
        guard response.status == .ok else {
            throw StartupError(description: "The server at \(base) answered \(response.status.code).")
        }
        let rows = try response.content.decode([SMSOutboxRow].self)
        if rows.isEmpty { context.console.info("The outbox is empty.") }
        for row in rows {
            context.console.print("\(row.sentAt)  \(row.recipient)  [\(row.template)]  \(row.text)")
        }
    }
}
