import Fluent
import Foundation
import Logging
import Synchronization

/// Holds the current reference snapshot for request handlers. The database is the source of truth:
/// the snapshot is rebuilt when an administrator loads new data (checked every few seconds), so every
/// instance behind a load balancer follows without a restart.
final class ReferenceDataStore: Sendable {
    private let state: Mutex<(snapshot: ReferenceSnapshot?, stamps: [String: String])>

    init() {
        state = Mutex((nil, [:]))
    }

    /// The snapshot, or nil before the reference data was loaded (readiness fails until then).
    var snapshot: ReferenceSnapshot? { state.withLock { $0.snapshot } }

    private func set(_ snapshot: ReferenceSnapshot, stamps: [String: String]) {
        state.withLock { $0 = (snapshot, stamps) }
    }

    /// Rebuilds the snapshot from the database when the loaded versions differ from ours.
    /// Returns true when a new snapshot was installed.
    @discardableResult
    func refresh(from database: any Database) async throws -> Bool {
        let reader = ReferenceDataReader(database: database)
        let stamps = try await reader.stamps()
        let current = state.withLock { $0.stamps }
        guard stamps != current || snapshot == nil else { return false }
        guard let files = try await reader.read() else { return false }
        set(try ReferenceSnapshot(files), stamps: stamps)
        return true
    }
}
