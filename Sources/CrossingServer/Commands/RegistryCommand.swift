import ConsoleKit
import CrossingDomain
import Fluent
import Foundation
import Vapor

/// `crossing registry import FILE [--format json|csv]`, `crossing registry count` and
/// `crossing registry seed-demo`: maintain the administration's person and document registry.
/// Output names rows, fields and counts only, never a person's data.
struct RegistryCommand: AsyncCommandGroup {
    var help: String { "Imports people into the person and document registry, counts them, or seeds demo people." }

    var commands: [String: any AnyAsyncCommand] {
        ["import": RegistryImportCommand(), "count": RegistryCountCommand(), "seed-demo": RegistrySeedDemoCommand()]
    }
}

extension Application {
    /// The registry over the application's database.
    fileprivate var registryStore: RegistryStore { RegistryStore(database: db, services: services) }

    /// Today in the service time zone, by the application's clock.
    fileprivate var serviceToday: CalendarDate {
        CalendarDate.today(in: services.config.serviceTimeZone, now: services.now())
    }
}

struct RegistryImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A JSON array of people or a CSV file (see RegistryCSV for the columns)")
        var file: String

        @Option(name: "format", short: "f", help: "json or csv (default: from the file name)")
        var format: String?
    }

    var help: String { "Validates and imports people from a JSON or CSV file; bad rows are reported and skipped." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        var format: RegistryImporter.Format?
        if let name = signature.format {
            guard let parsed = RegistryImporter.Format(rawValue: name.lowercased()) else {
                throw StartupError(description: "Unknown format \(name). Use json or csv.")
            }
            format = parsed
        }
        let importer = RegistryImporter(store: app.registryStore, today: app.serviceToday)
        let console = context.console
        let summary = try await importer.importFile(atPath: signature.file, format: format) { done, total in
            console.output(RegistryProgress.line(done: done, total: total).consoleText())
        }
        for issue in summary.issues {
            console.warning(issue.description)
        }
        let line = "Imported \(summary.imported) of \(summary.total) row(s); skipped \(summary.skipped)."
        if summary.skipped == 0 { console.success(line) } else { console.warning(line) }
    }
}

struct RegistryCountCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Prints how many people the registry holds." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let count = try await context.application.registryStore.count()
        context.console.output("\(count) people in the registry.".consoleText())
    }
}

struct RegistrySeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Adds the demo people when the registry is empty (not in production)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard app.environment != .production else {
            throw StartupError(description: "Demo people are never added in production.")
        }
        let seeded = try await DemoRegistry.seedIfEmpty(on: app.db, store: app.registryStore, today: app.serviceToday)
        if seeded == 0 {
            context.console.warning("The registry already has people; no demo people were added.")
        } else {
            context.console.success("Added \(seeded) demo people.")
        }
    }
}

enum RegistryProgress {
    /// "[#########...........] 900/2000".
    static func line(done: Int, total: Int, width: Int = 20) -> String {
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return "[\(bar)] \(done)/\(total)"
    }
}
