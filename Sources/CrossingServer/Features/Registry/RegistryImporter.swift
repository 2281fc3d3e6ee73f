import CrossingDomain
import Fluent
import Foundation

/// Imports people into the registry from a JSON array of `RegistryPerson` (its Codable form) or from
/// CSV (`RegistryCSV` documents the columns). Every row is checked with the domain parsers; a bad row
/// is reported by row number and field (never with its value) and skipped, and the import goes on.
/// Good rows are written in batches, each batch in one transaction. Importing the same file twice
/// changes nothing: people are keyed by their `id`.
struct RegistryImporter: Sendable {
    enum Format: String, Sendable, CaseIterable {
        case json
        case csv

        /// From the file name's extension.
        init?(path: String) {
            self.init(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased())
        }
    }

    /// A skipped row: its number (1 = first person in the file), the field and what is wrong.
    struct Issue: Hashable, Sendable, CustomStringConvertible {
        var row: Int
        var field: String
        var code: String
        var message: String

        var description: String { "row \(row), \(field): \(message) (\(code))" }
    }

    struct Summary: Hashable, Sendable {
        var total: Int
        var imported: Int
        var skipped: Int
        /// Every problem found, in row order; a skipped row has at least one.
        var issues: [Issue]
    }

    var store: RegistryStore
    var today: CalendarDate
    var batchSize = 250

    func importFile(
        atPath path: String, format: Format? = nil, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> Summary {
        guard let format = format ?? Format(path: path) else { throw RegistryImportError.unknownFormat }
        guard let data = FileManager.default.contents(atPath: path) else { throw RegistryImportError.unreadableFile }
        return try await importData(data, format: format, progress: progress)
    }

    func importData(
        _ data: Data, format: Format, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> Summary {
        let parsed = try rows(data, format: format)
        let validator = RegistryValidator(today: today)
        var issues: [Issue] = []
        var candidates: [(row: Int, person: RegistryPerson)] = []
        var seen = FileDuplicates()
        for (offset, result) in parsed.enumerated() {
            let row = offset + 1
            switch result {
            case .failure(let failure):
                issues += failure.problems.map { Issue(row: row, problem: $0) }
            case .success(let raw):
                let (person, problems) = validator.validate(raw)
                let duplicates = problems.isEmpty ? seen.claim(person, mapping: store.mapping) : []
                let all = problems + duplicates
                if all.isEmpty {
                    candidates.append((row, person))
                } else {
                    issues += all.map { Issue(row: row, problem: $0) }
                }
            }
        }

        let total = parsed.count
        var imported = 0
        var done = 0
        progress(0, total)
        var remaining = candidates[...]
        for start in stride(from: 0, to: max(total, 1), by: batchSize) {
            let end = min(start + batchSize, total)
            let batch = remaining.prefix { $0.row <= end }
            remaining = remaining.dropFirst(batch.count)
            let (saved, batchIssues) = try await write(Array(batch))
            imported += saved
            issues += batchIssues
            done = end
            progress(done, total)
        }
        issues.sort { ($0.row, $0.field) < ($1.row, $1.field) }
        return Summary(total: total, imported: imported, skipped: total - imported, issues: issues)
    }

    /// Saves one batch in a transaction, after skipping rows whose documents belong to other people.
    /// Should the transaction still fail (another writer got there first), the rows are saved one by
    /// one so a single conflict costs only its own row.
    private func write(_ batch: [(row: Int, person: RegistryPerson)]) async throws -> (Int, [Issue]) {
        guard !batch.isEmpty else { return (0, []) }
        let mapping = store.mapping
        let owners = try await store.owners(
            identityIndexes: batch.map { mapping.identityIndex($0.person.identity) },
            documentIndexes: batch.flatMap { entry in
                entry.person.documents.map { mapping.documentIndex(kind: $0.kind, number: $0.number) }
            })
        var issues: [Issue] = []
        var accepted: [(row: Int, person: RegistryPerson)] = []
        for entry in batch {
            let key = entry.person.id.rawValue
            var problems: [RegistryFieldProblem] = []
            if let owner = owners.identities[mapping.identityIndex(entry.person.identity)], owner != key {
                problems.append(.taken(field: "identity_number"))
            }
            for (index, document) in entry.person.documents.enumerated() {
                let owner = owners.documents[mapping.documentIndex(kind: document.kind, number: document.number)]
                if let owner, owner != key { problems.append(.taken(field: "documents[\(index + 1)].number")) }
            }
            if problems.isEmpty {
                accepted.append(entry)
            } else {
                issues += problems.map { Issue(row: entry.row, problem: $0) }
            }
        }
        do {
            try await store.save(accepted.map(\.person))
            return (accepted.count, issues)
        } catch {
            var saved = 0
            for entry in accepted {
                do {
                    try await store.save(entry.person)
                    saved += 1
                } catch {
                    let problem = RegistryFieldProblem(
                        field: "row", code: "not-saved",
                        message: "The database refused the row; it probably conflicts with another person")
                    issues.append(Issue(row: entry.row, problem: problem))
                }
            }
            return (saved, issues)
        }
    }

    /// The file's rows, each a person still to be validated or the problems found while reading it.
    func rows(_ data: Data, format: Format) throws -> [Result<RegistryPerson, RegistryRowProblems>] {
        switch format {
        case .json:
            do {
                return try JSONDecoder().decode([JSONRow].self, from: data).map(\.result)
            } catch {
                throw RegistryImportError.notJSONArray
            }
        case .csv:
            guard let text = String(data: data, encoding: .utf8) else { throw RegistryImportError.notUTF8 }
            var records = RegistryCSV.records(text)
            guard !records.isEmpty else { throw RegistryImportError.missingColumns(RegistryCSV.requiredColumns) }
            let names = records.removeFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let header = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            let missing = RegistryCSV.requiredColumns.filter { header[$0] == nil }
            guard missing.isEmpty else { throw RegistryImportError.missingColumns(missing) }
            return records.map { RegistryCSV.person($0, header: header) }
        }
    }
}

/// Whole-file problems; the import does not start.
enum RegistryImportError: Error, Hashable, CustomStringConvertible {
    case unknownFormat
    case unreadableFile
    case notUTF8
    case notJSONArray
    case missingColumns([String])

    var description: String {
        switch self {
        case .unknownFormat: "Cannot tell the file format; name the file .json or .csv, or pass --format"
        case .unreadableFile: "The file cannot be read"
        case .notUTF8: "The CSV file is not UTF-8 text"
        case .notJSONArray: "The JSON file must be an array of people"
        case .missingColumns(let columns): "The CSV header lacks the column(s) \(columns.joined(separator: ", "))"
        }
    }
}

extension RegistryImporter.Issue {
    init(row: Int, problem: RegistryFieldProblem) {
        self.init(row: row, field: problem.field, code: problem.code, message: problem.message)
    }
}

extension RegistryFieldProblem {
    static func taken(field: String) -> RegistryFieldProblem {
        RegistryFieldProblem(
            field: field, code: "registered-to-another-person",
            message: "Another person in the registry already has this document")
    }
}

/// Rows of the same file that repeat a person id, identity document or held document: the first wins.
private struct FileDuplicates {
    var keys: Set<String> = []
    var indexes: Set<String> = []

    mutating func claim(_ person: RegistryPerson, mapping: RegistryRecordMapping) -> [RegistryFieldProblem] {
        var problems: [RegistryFieldProblem] = []
        func duplicate(_ field: String) {
            problems.append(
                RegistryFieldProblem(
                    field: field, code: "duplicate-in-file", message: "An earlier row of the file has the same value"))
        }
        if keys.contains(person.id.rawValue) { duplicate("id") }
        let identity = "identity|" + mapping.identityIndex(person.identity)
        if indexes.contains(identity) { duplicate("identity_number") }
        let documents = person.documents.map { "document|" + mapping.documentIndex(kind: $0.kind, number: $0.number) }
        for (index, document) in documents.enumerated() where indexes.contains(document) {
            duplicate("documents[\(index + 1)].number")
        }
        if Set(documents).count != documents.count { duplicate("documents") }
        guard problems.isEmpty else { return problems }
        keys.insert(person.id.rawValue)
        indexes.insert(identity)
        indexes.formUnion(documents)
        return []
    }
}

/// One element of a JSON import: the person, or where decoding it failed (path only, no value).
private struct JSONRow: Decodable {
    var result: Result<RegistryPerson, RegistryRowProblems>

    init(from decoder: any Decoder) throws {
        do {
            result = .success(try RegistryPerson(from: decoder))
        } catch let error as DecodingError {
            result = .failure(RegistryRowProblems(problems: [Self.problem(error)]))
        }
    }

    private static func problem(_ error: DecodingError) -> RegistryFieldProblem {
        var path: [any CodingKey]
        var missing = false
        switch error {
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
            missing = true
        case .valueNotFound(_, let context):
            path = context.codingPath
            missing = true
        case .typeMismatch(_, let context), .dataCorrupted(let context): path = context.codingPath
        @unknown default: path = []
        }
        if path.first?.intValue != nil { path.removeFirst() }
        var field = ""
        for key in path {
            if let index = key.intValue {
                field += "[\(index + 1)]"
            } else {
                field += (field.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return missing
            ? RegistryFieldProblem(
                field: field.isEmpty ? "row" : field, code: "json-missing", message: "The value is missing")
            : RegistryFieldProblem(
                field: field.isEmpty ? "row" : field, code: "json-invalid",
                message: "The value has the wrong type or form")
    }
}
