import CrossingDomain
import Fluent
import Foundation
import SQLKit

/// The administration's person and document registry. Identity and document numbers are sealed
/// with the field cipher and found through a keyed blind index, so the database alone reveals no
/// number; nothing here logs a person's data.
struct RegistryStore: Sendable {
    /// Rows per multi-row INSERT; far below SQLite's and PostgreSQL's bind-parameter limits.
    static let insertChunkSize = 100

    var database: any Database
    var mapping: RegistryRecordMapping
    var now: @Sendable () -> Date

    init(
        database: any Database, cipher: any FieldCipher, blindIndex: any KeyedDigest,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.mapping = RegistryRecordMapping(cipher: cipher, blindIndex: blindIndex)
        self.now = now
    }

    init(database: any Database, services: AppServices) {
        self.init(database: database, cipher: services.cipher, blindIndex: services.blindIndex, now: services.now)
    }

    /// The same store over another connection or transaction.
    func on(_ database: any Database) -> RegistryStore {
        var copy = self
        copy.database = database
        return copy
    }

    /// Inserts or updates the person with `person.id`, replacing all their documents, in one
    /// transaction. Fails (and changes nothing) when another person already has the identity
    /// document or one of the held documents.
    func save(_ person: RegistryPerson) async throws {
        try await save([person])
    }

    /// Takes the person's row lock in the caller's transaction before a read-modify-write of their
    /// record (issuing a document, reporting one lost): two such changes of one person at once would
    /// otherwise each write back what they read, and the later would drop the earlier's document.
    /// On SQLite the transaction's write lock already serialises them.
    func lockForUpdate(_ id: PersonID) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("UPDATE persons SET updated_at = updated_at WHERE person_key = \(bind: id.rawValue)").run()
    }

    /// Saves several people in one transaction (see `save(_:)`); a later entry with the same id wins.
    func save(_ people: [RegistryPerson]) async throws {
        guard !people.isEmpty else { return }
        var latest: [String: RegistryPerson] = [:]
        var order: [String] = []
        for person in people {
            if latest.updateValue(person, forKey: person.id.rawValue) == nil { order.append(person.id.rawValue) }
        }
        let unique = order.compactMap { latest[$0] }
        try await database.transaction { transaction in
            try await on(transaction).write(unique)
        }
    }

    private func write(_ people: [RegistryPerson]) async throws {
        let keys = people.map(\.id.rawValue)
        let existing = try await PersonRecord.query(on: database).filter(\.$personKey ~~ keys).all()
        let byKey = Dictionary(existing.map { ($0.personKey, $0) }, uniquingKeysWith: { first, _ in first })
        try await PersonDocumentRecord.query(on: database).filter(\.$personKey ~~ keys).delete()
        let timestamp = now()
        var created: [PersonRecord] = []
        var documents: [PersonDocumentRecord] = []
        for person in people {
            let record = byKey[person.id.rawValue] ?? PersonRecord()
            try mapping.fill(record, from: person, at: timestamp)
            if record.id == nil {
                record.id = UUID()
                created.append(record)
            } else {
                try await record.update(on: database)
            }
            documents += try mapping.documentRecords(for: person)
        }
        for chunk in chunks(created) { try await chunk.create(on: database) }
        for record in documents { record.id = UUID() }
        for chunk in chunks(documents) { try await chunk.create(on: database) }
    }

    func person(id: PersonID) async throws -> RegistryPerson? {
        guard let record = try await PersonRecord.query(on: database).filter(\.$personKey == id.rawValue).first()
        else { return nil }
        return try await load(record)
    }

    /// The person registered with this identity document. `identity` should be in canonical form
    /// (`IdentityDocument.parse`), so a legacy Home Return or Taiwan compatriot permit number finds
    /// the person through its lifetime number.
    func person(identity: IdentityDocument) async throws -> RegistryPerson? {
        guard
            let record = try await PersonRecord.query(on: database)
                .filter(\.$identityKind == identity.kind.rawValue)
                .filter(\.$identityNumberIndex == mapping.identityIndex(identity))
                .first()
        else { return nil }
        return try await load(record)
    }

    /// The person holding a document of `kind` with `number` (spelled any way the domain parser accepts).
    func person(holding kind: HeldDocumentKind, number: String) async throws -> RegistryPerson? {
        let index = mapping.documentIndex(kind: kind, number: RegistryNumbers.lookupForm(number, kind: kind))
        guard
            let document = try await PersonDocumentRecord.query(on: database)
                .filter(\.$kind == kind.rawValue)
                .filter(\.$numberIndex == index)
                .first()
        else { return nil }
        return try await person(id: PersonID(document.personKey))
    }

    func count() async throws -> Int {
        try await PersonRecord.query(on: database).count()
    }

    /// Owners (person keys) of these identity and held-document blind indexes, for the importer to
    /// skip rows that would take another person's document before it writes a batch. Each index
    /// already includes the kind, so the maps are keyed by index alone.
    func owners(
        identityIndexes: [String], documentIndexes: [String]
    ) async throws -> (identities: [String: String], documents: [String: String]) {
        var identities: [String: String] = [:]
        var documents: [String: String] = [:]
        if !identityIndexes.isEmpty {
            for person in try await PersonRecord.query(on: database)
                .filter(\.$identityNumberIndex ~~ identityIndexes).all()
            {
                identities[person.identityNumberIndex] = person.personKey
            }
        }
        if !documentIndexes.isEmpty {
            for document in try await PersonDocumentRecord.query(on: database)
                .filter(\.$numberIndex ~~ documentIndexes).all()
            {
                documents[document.numberIndex] = document.personKey
            }
        }
        return (identities, documents)
    }

    private func load(_ record: PersonRecord) async throws -> RegistryPerson {
        let documents = try await PersonDocumentRecord.query(on: database)
            .filter(\.$personKey == record.personKey).all()
        return try mapping.person(record, documents: documents)
    }

    private func chunks<Element>(_ elements: [Element]) -> [[Element]] {
        stride(from: 0, to: elements.count, by: Self.insertChunkSize).map {
            Array(elements[$0..<min($0 + Self.insertChunkSize, elements.count)])
        }
    }
}
