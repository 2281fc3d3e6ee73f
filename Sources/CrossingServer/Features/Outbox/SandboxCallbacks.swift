import Fluent
import Foundation
import Vapor

/// A signed asynchronous callback from a sandbox party (payment gateway, courier) to one of our
/// endpoints. Sandboxes schedule them through the outbox, so delivery is retried until our endpoint
/// acknowledges, survives restarts, and can be delayed or duplicated on purpose.
struct SandboxCallback: Codable, Sendable, Equatable {
    var method: String = "POST"
    /// Our endpoint, e.g. `/api/v1/payments/notify/sandbox`.
    var path: String
    var contentType: String
    var headers: [String: String] = [:]
    var body: Data
    /// The body our endpoint answers when it accepted the callback (e.g. `success`); anything else,
    /// or a status outside 2xx, fails the attempt and the outbox tries again later.
    var acknowledgement: String
}

enum SandboxCallbacks {
    static let kind = "sandbox.callback"

    @discardableResult
    static func schedule(
        _ callback: SandboxCallback, dedupeKey: String? = nil, notBefore: Date? = nil, maxAttempts: Int? = nil,
        on database: any Database, now: Date
    ) async throws -> Bool {
        try await Outbox.enqueue(
            kind, callback, dedupeKey: dedupeKey, notBefore: notBefore, maxAttempts: maxAttempts, on: database, now: now
        )
    }
}

/// Delivers sandbox callbacks: through the application's own responder (the real middleware and
/// routes, no network), or over HTTP to `SANDBOX_CALLBACK_BASE_URL` when set (a sandbox running
/// beside a separate server).
struct SandboxCallbackHandler: JobHandler {
    let kind = SandboxCallbacks.kind

    struct NotAcknowledged: Error, CustomStringConvertible {
        var status: UInt
        var body: String
        var description: String { "callback not acknowledged: status \(status), body \(body.prefix(200))" }
    }

    func handle(_ job: OutboxJob, context: JobContext) async throws {
        let callback = try job.decode(SandboxCallback.self)
        var headers = HTTPHeaders(callback.headers.map { ($0.key, $0.value) })
        headers.replaceOrAdd(name: .contentType, value: callback.contentType)
        let (status, body): (HTTPStatus, String)
        if let base = context.services.config.jobs.sandboxCallbackBaseURL {
            let response = try await context.application.client.send(
                HTTPMethod(rawValue: callback.method), headers: headers, to: URI(string: base + callback.path)
            ) { request in
                request.body = ByteBuffer(bytes: callback.body)
            }
            status = response.status
            body = response.body.map { String(buffer: $0) } ?? ""
        } else {
            let app = context.application
            let eventLoop = app.eventLoopGroup.any()
            let request = Request(
                application: app, method: HTTPMethod(rawValue: callback.method), url: URI(path: callback.path),
                headers: headers, collectedBody: ByteBuffer(bytes: callback.body), remoteAddress: nil,
                logger: context.logger, on: eventLoop)
            let response = try await app.responder.respond(to: request).get()
            status = response.status
            let buffer = try await response.body.collect(on: eventLoop).get()
            body = buffer.map { String(buffer: $0) } ?? ""
        }
        guard (200..<300).contains(status.code),
            body.trimmingCharacters(in: .whitespacesAndNewlines) == callback.acknowledgement
        else {
            throw NotAcknowledged(status: status.code, body: body)
        }
    }
}
