import Vapor

/// One log line per request with the route pattern (never the raw path or query, which can carry
/// personal data such as document numbers), the status and the duration.
struct AccessLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let route = request.routePattern
        func log(_ status: UInt) {
            let elapsed = ContinuousClock.now - start
            let milliseconds =
                elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            request.logger.info(
                "request",
                metadata: [
                    "method": .string(request.method.rawValue), "route": .string(route),
                    "status": .stringConvertible(status), "ms": .stringConvertible(milliseconds),
                ])
        }
        do {
            let response = try await next.respond(to: request)
            log(response.status.code)
            return response
        } catch {
            log((error as? any AbortError)?.status.code ?? 500)
            throw error
        }
    }
}

extension Request {
    /// The matched route's pattern, such as "/api/v1/offices/:code", or "unmatched". Logs and metrics
    /// use it instead of the path, which can carry identifiers and would make unbounded label sets.
    var routePattern: String {
        route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
    }
}
