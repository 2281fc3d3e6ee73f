import CrossingDomain
import Foundation

/// How background jobs run: `WORKER_IN_PROCESS`, `WORKER_POLL_MILLISECONDS`, `JOB_LEASE_SECONDS`,
/// `JOB_MAX_ATTEMPTS`, `JOB_RETRY_BASE_SECONDS`, `JOB_RETRY_MAX_SECONDS`, `SANDBOX_CALLBACK_BASE_URL`.
public struct JobSettings: Sendable, Equatable {
    /// `serve` also runs one worker (the embedded default). Set false when `crossing worker` runs apart.
    public var workerInProcess = true
    /// How long an idle worker waits before looking for jobs again.
    public var pollInterval: TimeInterval = 0.5
    /// How long a claimed job stays with its worker; a worker that dies loses it after this.
    public var leaseSeconds: TimeInterval = 60
    /// Jobs claimed per round.
    public var batchSize = 16
    public var retry = RetryPolicy.standard
    /// Where sandbox parties deliver their callbacks over HTTP (e.g. `http://127.0.0.1:8080`); nil
    /// delivers them in-process through the application's own routes.
    public var sandboxCallbackBaseURL: String?

    public init() {}

    static func load(_ reader: inout ConfigReader) -> JobSettings {
        var settings = JobSettings()
        settings.workerInProcess = reader.bool("WORKER_IN_PROCESS") ?? true
        if let milliseconds = reader.int("WORKER_POLL_MILLISECONDS", in: 10...60_000) {
            settings.pollInterval = Double(milliseconds) / 1000
        }
        if let seconds = reader.int("JOB_LEASE_SECONDS", in: 5...3_600) { settings.leaseSeconds = Double(seconds) }
        settings.retry = RetryPolicy(
            baseDelay: Double(reader.int("JOB_RETRY_BASE_SECONDS", in: 1...3_600) ?? 5),
            maximumDelay: Double(reader.int("JOB_RETRY_MAX_SECONDS", in: 1...86_400) ?? 3_600),
            maxAttempts: reader.int("JOB_MAX_ATTEMPTS", in: 1...100) ?? 8)
        if let base = reader.string("SANDBOX_CALLBACK_BASE_URL") {
            if base.hasPrefix("http://") || base.hasPrefix("https://") {
                settings.sandboxCallbackBaseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
            } else {
                reader.fail("SANDBOX_CALLBACK_BASE_URL", "an http:// or https:// URL")
            }
        }
        return settings
    }
}
