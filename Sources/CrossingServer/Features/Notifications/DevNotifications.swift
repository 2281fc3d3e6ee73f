import ConsoleKit
import CrossingDomain
import CrossingIntegrations
import Foundation
import Vapor

/// Development only: every sandbox channel's outbox (SMS, WeChat, Alipay) as a page
/// (/dev/notifications) and as JSON (/dev/notifications.json, read by `crossing notifications outbox`).
/// Not registered in production, and 404 whenever an adapter is not the sandbox.
struct DevNotificationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("dev", "notifications", use: page)
        routes.get("dev", "notifications.json", use: json)
    }

    static func rows(_ request: Request) async throws -> [SandboxMessageRow] {
        guard request.application.environment != .production,
            let sandboxes = request.application.notificationSandboxes
        else { throw Problem.notFound("That page") }
        let formatter = ISO8601DateFormatter()
        var rows: [(Date, SandboxMessageRow)] = await sandboxes.sms.outbox().map {
            (
                $0.sentAt,
                SandboxMessageRow(
                    channel: NotificationChannel.sms.rawValue, recipient: $0.recipient, template: $0.template,
                    text: $0.text, link: nil, sentAt: formatter.string(from: $0.sentAt))
            )
        }
        let others = await sandboxes.wechat.outbox() + sandboxes.alipay.outbox()
        rows += others.map { message in
            let title = message.rendered.title
            let text =
                message.channel == .wechat
                ? "\(title) | \(message.rendered.text) | \(message.rendered.remark)"
                : "\(title) | \(message.rendered.text)"
            return (
                message.sentAt,
                SandboxMessageRow(
                    channel: message.channel.rawValue, recipient: message.recipient, template: message.template,
                    text: text, link: message.link, sentAt: formatter.string(from: message.sentAt))
            )
        }
        // Newest first; the sort is stable, so messages sent at the same instant keep their order.
        return rows.enumerated().sorted { ($0.element.0, $0.offset) > ($1.element.0, $1.offset) }.map(\.element.1)
    }

    func page(_ request: Request) async throws -> Response {
        let strings = request.notificationStrings
        let context = DevNotificationsContext(
            meta: Portal.meta(request, title: strings.devHeading, section: ""), t: strings,
            messages: try await Self.rows(request))
        return try await AccountPage.render("notifications/dev-outbox", context, for: request)
    }

    func json(_ request: Request) async throws -> [SandboxMessageRow] {
        try await Self.rows(request)
    }
}

struct SandboxMessageRow: Content, Sendable {
    var channel: String
    var recipient: String
    var template: String
    var text: String
    var link: String?
    var sentAt: String
}

struct DevNotificationsContext: Encodable, Sendable {
    var meta: PageMeta
    var t: NotificationStrings
    var messages: [SandboxMessageRow]
}

/// `crossing notifications outbox [--url http://127.0.0.1:8080]`: prints every sandbox channel's
/// messages of a running development server (the outboxes live in that server's memory).
struct NotificationsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "outbox: list the sandbox SMS, WeChat and Alipay messages of a running server")
        var action: String

        @Option(name: "url", help: "Base URL of the development server (default http://127.0.0.1:8080)")
        var url: String?
    }

    var help: String { "Shows the sandbox message outboxes of every channel (development only)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "outbox" else {
            throw StartupError(description: "Unknown action \(signature.action). Use outbox.")
        }
        let app = context.application
        guard app.environment != .production else {
            throw StartupError(description: "The sandbox outboxes do not exist in production.")
        }
        let base = signature.url ?? "http://127.0.0.1:8080"
        let response = try await app.client.get(URI(string: base + "/dev/notifications.json"))
        guard response.status == .ok else {
            throw StartupError(description: "The server at \(base) answered \(response.status.code).")
        }
        let rows = try response.content.decode([SandboxMessageRow].self)
        if rows.isEmpty { context.console.info("The outboxes are empty.") }
        for row in rows {
            context.console.print("\(row.sentAt)  \(row.channel)  \(row.recipient)  [\(row.template)]  \(row.text)")
        }
    }
}
