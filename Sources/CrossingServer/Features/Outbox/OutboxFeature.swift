import Foundation
import Vapor

/// Wires the outbox: the job registry, the in-process worker of `serve` and the `worker` command.
enum OutboxFeature {
    static func configure(_ app: Application, runsServer: Bool) {
        app.storage[JobRegistryKey.self] = JobRegistry()
        app.jobs.register(SandboxCallbackHandler())
        app.asyncCommands.use(WorkerCommand(), as: "worker")
        if runsServer, app.services.config.jobs.workerInProcess, app.environment != .testing {
            app.lifecycle.use(WorkerLifecycle())
        }
    }
}

extension OutboxFeature {
    /// The back office's job pages (CSRF-checked forms).
    static func routes(_ app: Application) throws {
        let pages = app.grouped(AccountFailureMiddleware()).grouped(CSRFMiddleware())
        try pages.register(collection: JobsPagesController())
    }
}

/// Runs one worker loop beside the server (`make run`), stopped on shutdown.
struct WorkerLifecycle: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        let loop = WorkerLoop(worker: OutboxWorker(application: app))
        app.storage[WorkerLoop.Key.self] = loop
        loop.start()
    }

    func shutdownAsync(_ app: Application) async {
        await app.storage[WorkerLoop.Key.self]?.stop()
    }
}

/// A worker that polls until stopped: straight on after a full round, a pause after an empty one,
/// a longer pause after a database error.
final class WorkerLoop: @unchecked Sendable {
    struct Key: StorageKey {
        typealias Value = WorkerLoop
    }

    let worker: OutboxWorker
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    init(worker: OutboxWorker) {
        self.worker = worker
    }

    func start() {
        let worker = self.worker
        let newTask = Task {
            let logger = Logger(label: "crossing.worker")
            logger.info("worker started", metadata: ["worker": "\(worker.workerID)"])
            let pause = UInt64(worker.settings.pollInterval * 1_000_000_000)
            while !Task.isCancelled {
                do {
                    let handled = try await worker.runOnce()
                    if handled == 0 { try? await Task.sleep(nanoseconds: pause) }
                } catch {
                    logger.warning("worker round failed", metadata: ["error": "\(error)"])
                    try? await Task.sleep(nanoseconds: pause * 10)
                }
            }
            logger.info("worker stopped", metadata: ["worker": "\(worker.workerID)"])
        }
        lock.withLock { task = newTask }
    }

    /// Waits until the loop ends (it ends only when stopped).
    func wait() async {
        let running = lock.withLock { task }
        await running?.value
    }

    func stop() async {
        let running = lock.withLock {
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
    }
}

/// `crossing worker` runs workers without the web server (`--drain` handles what is ready and exits).
struct WorkerCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "drain", help: "Handle every ready job once, then exit.")
        var drain: Bool
    }

    var help: String { "Runs background-job workers (payments, courier, notifications) without the web server." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let worker = OutboxWorker(application: app)
        if signature.drain {
            let handled = try await worker.drain()
            context.console.print("handled \(handled) job(s)")
            return
        }
        // Runs until the process is stopped. Stopping mid-job is safe: the job's lease runs out and
        // a worker takes it again (handlers are idempotent).
        context.console.print("worker \(worker.workerID) running; Ctrl-C stops it")
        let loop = WorkerLoop(worker: worker)
        loop.start()
        await loop.wait()
    }
}
