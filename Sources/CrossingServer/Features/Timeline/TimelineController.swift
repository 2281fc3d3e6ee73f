import CrossingDomain
import Fluent
import Foundation
import Vapor

/// GET /api/v1/timelines/{subjectType}/{subjectID}/events: a subject's timeline as JSON, or, with
/// `Accept: text/event-stream`, as server-sent events that follow new events live. The stream
/// checks the database every TIMELINE_POLL_MILLISECONDS (so it works with several server
/// instances), sends a comment as a heartbeat, resumes after `Last-Event-ID`, and ends after
/// TIMELINE_STREAM_SECONDS; browsers reconnect by themselves. Owner and helpers only; 404 otherwise.
struct TimelineController: RouteCollection {
    static let subjectTypes: Set<String> = ["application", "payment", "shipment", "appointment"]

    struct EventList: Content {
        var items: [TimelineEvent]
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("timelines", ":subjectType", ":subjectID", "events", use: events)
    }

    func events(_ request: Request) async throws -> Response {
        let subjectType = request.parameters.get("subjectType") ?? ""
        let subjectID = request.parameters.get("subjectID") ?? ""
        _ = try request.requireAccount()
        guard Self.subjectTypes.contains(subjectType), (1...64).contains(subjectID.count),
            let owner = try await Timeline.owner(subjectType: subjectType, subjectID: subjectID, on: request.db)
        else {
            throw Problem.notFound("That timeline")
        }
        _ = try request.authorizeOwnerOrHelper(of: PersonID(owner))
        let after = Self.lastEventID(request)
        let wantsStream = request.headers[.accept].contains { $0.contains("text/event-stream") }
        guard wantsStream else {
            let items = try await Timeline.events(
                subjectType: subjectType, subjectID: subjectID, after: after, on: request.db)
            return try await EventList(items: items).encodeResponse(for: request)
        }
        return stream(request, subjectType: subjectType, subjectID: subjectID, after: after)
    }

    /// `Last-Event-ID` (set by a reconnecting browser) or `?after=`.
    static func lastEventID(_ request: Request) -> Int {
        if let header = request.headers.first(name: "Last-Event-ID"), let position = Int(header), position >= 0 {
            return position
        }
        if let value = try? request.query.get(String.self, at: "after"), let position = Int(value), position >= 0 {
            return position
        }
        return 0
    }

    private func stream(_ request: Request, subjectType: String, subjectID: String, after: Int) -> Response {
        let settings = request.services.config.timeline
        let database = request.db
        let logger = request.logger
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let headers: HTTPHeaders = [
            "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",
        ]
        let body = Response.Body(asyncStream: { writer in
            var position = after
            let deadline = Date().addingTimeInterval(settings.streamSeconds)
            var lastWrite = Date()
            do {
                try await writer.write(
                    .buffer(ByteBuffer(string: "retry: \(Int(settings.pollInterval * 1000) * 2)\n\n")))
                while Date() < deadline {
                    let events = try await Timeline.events(
                        subjectType: subjectType, subjectID: subjectID, after: position, on: database)
                    for event in events {
                        let data = String(decoding: try encoder.encode(event), as: UTF8.self)
                        try await writer.write(
                            .buffer(
                                ByteBuffer(string: "id: \(event.position)\ndata: \(data)\n\n")))
                        position = event.position
                        lastWrite = Date()
                    }
                    if Date().timeIntervalSince(lastWrite) >= 15 {
                        try await writer.write(.buffer(ByteBuffer(string: ": keep-alive\n\n")))
                        lastWrite = Date()
                    }
                    try await Task.sleep(nanoseconds: UInt64(settings.pollInterval * 1_000_000_000))
                }
                try await writer.write(.end)
            } catch {
                logger.debug("timeline stream ended", metadata: ["reason": "\(error)"])
                try? await writer.write(.end)
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }
}
