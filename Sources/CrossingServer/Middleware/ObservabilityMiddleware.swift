import Metrics
import Prometheus
import Synchronization
import Vapor

/// One log line and two metrics per request, labelled by method, route pattern and status. The route
/// pattern, never the raw path or query (which can carry document numbers), is what is recorded, so
/// logs hold no personal data and the number of metric series stays bounded.
///
/// Future-based like the other always-on middleware: an async middleware costs a hop off the event
/// loop on every request.
struct ObservabilityMiddleware: Middleware {
    let metrics: RequestMetrics

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let start = ContinuousClock.now
        return next.respond(to: request).always { result in
            let status: UInt
            switch result {
            case .success(let response): status = response.status.code
            case .failure(let error): status = (error as? any AbortError)?.status.code ?? 500
            }
            let elapsed = ContinuousClock.now - start
            let route = request.routePattern
            let method = request.method.rawValue
            metrics.record(method: method, route: route, status: status, elapsed: elapsed)
            request.logger.info(
                "request",
                metadata: [
                    "method": .string(method), "route": .string(route), "status": .stringConvertible(status),
                    "ms": .stringConvertible(elapsed.milliseconds),
                ])
        }
    }
}

extension Request {
    /// The matched route's pattern, such as "/api/v1/offices/:code", or "unmatched".
    var routePattern: String {
        route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
    }
}

extension Duration {
    fileprivate var milliseconds: Int64 { components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000 }
    fileprivate var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}

/// The request counters and timers, made once per label set and reused: building a metric per
/// request would allocate and take the registry's lock on every request.
final class RequestMetrics: Sendable {
    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[String: Metrics.Counter]>([:])
    private let timers = Mutex<[String: Metrics.Timer]>([:])

    init(factory: PrometheusMetricsFactory) {
        self.factory = factory
    }

    func record(method: String, route: String, status: UInt, elapsed: Duration) {
        let counterKey = "\(method) \(route) \(status)"
        let counter = counters.withLock { cache in
            if let existing = cache[counterKey] { return existing }
            let made = Metrics.Counter(
                label: "http_requests_total",
                dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory)
            cache[counterKey] = made
            return made
        }
        counter.increment()
        let timerKey = "\(method) \(route)"
        let timer = timers.withLock { cache in
            if let existing = cache[timerKey] { return existing }
            let made = Metrics.Timer(
                label: "http_request_duration_seconds", dimensions: [("method", method), ("route", route)],
                factory: factory)
            cache[timerKey] = made
            return made
        }
        timer.recordNanoseconds(elapsed.nanoseconds)
    }
}
