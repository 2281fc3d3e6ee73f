import ConsoleKit
import Fluent
import Foundation
import Synchronization
import Vapor

/// `crossing reference-data load|check|status`: administrators update pilot cities, fees, holidays,
/// offices and guides by editing the data files and loading them, without a release. Running servers
/// pick the new data up within REFERENCE_DATA_REFRESH_SECONDS.
struct ReferenceDataCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(
            name: "action",
            help: "load: validate and load changed files; check: validate only; status: show loaded versions")
        var action: String

        @Option(name: "directory", short: "d", help: "Folder of the data files (default REFERENCE_DATA_DIR)")
        var directory: String?

        @Flag(name: "force", help: "Reload every dataset even when its checksum is unchanged")
        var force: Bool
    }

    var help: String { "Validates and loads the reference data files (pilot cities, fees, holidays, offices, guides)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let directory = signature.directory ?? app.services.config.referenceDataDirectory
        let importer = ReferenceDataImporter(directory: directory)
        switch signature.action {
        case "check":
            _ = try importer.readFiles()
            let message = "All reference data files in \(directory) are valid."
            context.console.success(message)
        case "load":
            let total = ReferenceDataset.allCases.count
            let console = context.console
            let counter = Mutex(0)
            let outcomes = try await importer.load(into: app.db, force: signature.force) { outcome in
                let done = counter.withLock { value -> Int in
                    value += 1
                    return value
                }
                let bar = String(repeating: "#", count: done * 20 / total).padding(
                    toLength: 20, withPad: ".", startingAt: 0)
                let what = outcome.changed ? "\(outcome.rows) rows" : "unchanged"
                let line = "[\(bar)] \(done)/\(total) \(outcome.dataset) \(outcome.version): \(what)"
                console.output(line.consoleText())
            }
            let changed = outcomes.filter { $0.changed }.count
            let summary = "Loaded \(changed) changed dataset(s) of \(total)."
            context.console.success(summary)
        case "status":
            let records = try await ReferenceDataVersionRecord.query(on: app.db).sort(\.$dataset).all()
            if records.isEmpty { context.console.warning("No reference data loaded yet.") }
            for record in records {
                let line =
                    "\(record.dataset): \(record.version) loaded \(record.loadedAt.formatted(.iso8601)) sha256 \(record.checksum.prefix(12))"
                context.console.output(line.consoleText())
            }
        default:
            throw StartupError(description: "Unknown action \(signature.action). Use load, check or status.")
        }
    }
}
