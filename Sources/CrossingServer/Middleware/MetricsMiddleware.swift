import Metrics
import Prometheus
import Vapor

/// Counts requests and records their latency by method, route pattern and status class, through
/// swift-metrics into the app's own Prometheus registry (served at /metrics). The route pattern, not
/// the path, is the label, so the number of series stays bounded and no identifier leaks into metrics.
struct MetricsMiddleware: AsyncMiddleware {
    var factory: PrometheusMetricsFactory

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let route = request.routePattern
        let method = request.method.rawValue
        let status: UInt
        let response: Response
        do {
            response = try await next.respond(to: request)
            status = response.status.code
        } catch {
            record(method: method, route: route, status: (error as? any AbortError)?.status.code ?? 500, since: start)
            throw error
        }
        record(method: method, route: route, status: status, since: start)
        return response
    }

    private func record(method: String, route: String, status: UInt, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        Counter(
            label: "http_requests_total",
            dimensions: [("method", method), ("route", route), ("status", String(status))],
            factory: factory
        ).increment()
        Metrics.Timer(
            label: "http_request_duration_seconds", dimensions: [("method", method), ("route", route)], factory: factory
        ).recordNanoseconds(elapsed.nanoseconds)
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
