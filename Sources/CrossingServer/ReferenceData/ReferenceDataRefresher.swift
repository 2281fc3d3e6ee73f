import Fluent
import Synchronization
import Vapor

/// Checks every few seconds whether an administrator loaded new reference data and, if so, installs a
/// new snapshot. A failed check is logged and retried at the next tick; requests keep the old snapshot.
final class ReferenceDataRefresher: Sendable {
    struct Key: StorageKey {
        typealias Value = ReferenceDataRefresher
    }

    private let app: Application
    private let interval: Duration
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(app: Application, interval: Duration) {
        self.app = app
        self.interval = interval
    }

    func start() {
        let app = self.app
        let interval = self.interval
        let newTask = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                do {
                    if try await app.services.referenceData.refresh(from: app.db) {
                        app.logger.info("reference data snapshot refreshed")
                    }
                } catch {
                    app.logger.warning("reference data refresh failed; keeping the current snapshot")
                }
            }
        }
        task.withLock { $0 = newTask }
    }

    func stop() {
        task.withLock {
            $0?.cancel()
            $0 = nil
        }
    }
}
