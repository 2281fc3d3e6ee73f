import Foundation
import Vapor

/// Gives every request an ID, echoed in `X-Request-ID` and attached to every log line and problem
/// body, so a person's "reference number" finds the logs. A well-formed incoming ID (from a proxy) is kept.
struct RequestIDMiddleware: Middleware {
    static let header = "X-Request-ID"

    // Future-based like the other always-on middleware: an async middleware costs a hop off the
    // event loop on every request.
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let incoming = request.headers.first(name: Self.header)
        let id = incoming.flatMap { Self.isAcceptable($0) ? $0 : nil } ?? UUID().uuidString.lowercased()
        request.requestID = id
        request.logger[metadataKey: "request-id"] = .string(id)
        return next.respond(to: request).map { response in
            response.headers.replaceOrAdd(name: Self.header, value: id)
            return response
        }
    }

    /// Letters, digits and hyphens, 8 to 64 long: nothing that could forge a log line.
    static func isAcceptable(_ id: String) -> Bool {
        (8...64).contains(id.utf8.count)
            && id.utf8.allSatisfy {
                ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45
            }
    }
}

private struct RequestIDKey: StorageKey {
    typealias Value = String
}

extension Request {
    var requestID: String {
        get { storage[RequestIDKey.self] ?? "-" }
        set { storage[RequestIDKey.self] = newValue }
    }
}
