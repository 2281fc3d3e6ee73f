import Vapor

/// One log line per request with the route pattern (never the raw path or query, which can carry
/// personal data such as document numbers), the status and the duration.
struct AccessLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        func log(_ status: UInt) {
            let ms = (ContinuousClock.now - start).components.attoseconds / 1_000_000_000_000_000
                + (ContinuousClock.now - start).components.seconds * 1000
            request.logger.info(
                "request",
                metadata: ["method": .string(request.method.rawValue), "route": .string(route),
                    "status": .stringConvertible(status), "ms": .stringConvertible(ms)])
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
