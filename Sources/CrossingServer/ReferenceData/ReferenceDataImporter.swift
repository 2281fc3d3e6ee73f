import Crypto
import Fluent
import Foundation

/// Loads the reference data files into the database: all files are decoded and validated together
/// first, then each changed dataset is replaced inside one transaction, so a bad file changes nothing.
struct ReferenceDataImporter: Sendable {
    struct Outcome: Sendable, Equatable {
        var dataset: String
        var version: String
        var rows: Int
        /// False when the database already held a file with the same checksum.
        var changed: Bool
    }

    var directory: String

    /// Reads and validates the files. Throws `ReferenceDataError` naming the file and field on any problem.
    func readFiles() throws -> (files: ReferenceFiles, checksums: [String: String]) {
        var checksums: [String: String] = [:]
        func decode<T: Decodable>(_ type: T.Type, _ dataset: ReferenceDataset) throws -> T {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(dataset.fileName)
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw ReferenceDataError(dataset: dataset.rawValue, entry: url.path, problem: "cannot be read")
            }
            checksums[dataset.rawValue] = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            do {
                return try JSONDecoder().decode(T.self, from: data)
            } catch let DecodingError.keyNotFound(key, context) {
                throw ReferenceDataError(
                    dataset: dataset.rawValue, entry: Self.path(context.codingPath + [key]), problem: "missing")
            } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
                throw ReferenceDataError(
                    dataset: dataset.rawValue, entry: Self.path(context.codingPath), problem: context.debugDescription)
            } catch {
                throw ReferenceDataError(dataset: dataset.rawValue, entry: dataset.fileName, problem: "not valid JSON")
            }
        }
        let files = ReferenceFiles(
            pilotCities: try decode(PilotCitiesFile.self, .pilotCities),
            fees: try decode(FeesFile.self, .fees),
            holidays: try decode(HolidaysFile.self, .holidays),
            offices: try decode(OfficesFile.self, .offices),
            serviceGuides: try decode(ServiceGuidesFile.self, .serviceGuides))
        _ = try ReferenceSnapshot(files)
        return (files, checksums)
    }

    /// Loads every dataset whose checksum differs from the loaded one (all of them when `force`).
    /// `progress` is told each dataset as it is written.
    func load(
        into database: any Database, force: Bool = false, now: Date = Date(),
        progress: @escaping @Sendable (Outcome) -> Void = { _ in }
    ) async throws -> [Outcome] {
        let (files, checksums) = try readFiles()
        return try await database.transaction { db in
            let loaded = try await ReferenceDataVersionRecord.query(on: db).all()
            var outcomes: [Outcome] = []
            for dataset in ReferenceDataset.allCases {
                let checksum = checksums[dataset.rawValue] ?? ""
                let current = loaded.first { $0.dataset == dataset.rawValue }
                let version = files.version(of: dataset)
                if !force, let current, current.checksum == checksum {
                    let outcome = Outcome(dataset: dataset.rawValue, version: version, rows: 0, changed: false)
                    progress(outcome)
                    outcomes.append(outcome)
                    continue
                }
                let writer = ReferenceDataWriter(database: db)
                let rows = try await writer.replace(dataset, from: files)
                let record =
                    current
                    ?? ReferenceDataVersionRecord(
                        dataset: dataset.rawValue, version: version, checksum: checksum, loadedAt: now, meta: "{}")
                record.meta = try ReferenceDataWriter.meta(of: dataset, in: files)
                record.version = version
                record.checksum = checksum
                record.loadedAt = now
                try await record.save(on: db)
                let outcome = Outcome(dataset: dataset.rawValue, version: version, rows: rows, changed: true)
                progress(outcome)
                outcomes.append(outcome)
            }
            return outcomes
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
