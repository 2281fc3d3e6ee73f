import CrossingDomain
import Fluent
import Foundation
import Synchronization
import Testing
import Vapor

@testable import CrossingServer

@Suite("Registry import")
struct RegistryImportTests {
    @Test func jsonRoundTrips() async throws {
        let people = DemoRegistry.people(today: RegistryTesting.today)
        let data = try JSONEncoder().encode(people)
        try await withApp { app in
            let summary = try await RegistryTesting.importer(app, batchSize: 7).importData(data, format: .json)
            #expect(summary == .init(total: people.count, imported: people.count, skipped: 0, issues: []))
            let store = RegistryTesting.store(app)
            for person in people {
                #expect(try await store.person(id: person.id) == RegistryTesting.sorted(person))
            }
        }
    }

    @Test func csvRoundTripsAndReimportChangesNothing() async throws {
        let people = DemoRegistry.people(today: RegistryTesting.today)
        let data = Data(RegistryCSV.encode(people).utf8)
        try await withApp { app in
            let importer = RegistryTesting.importer(app)
            let first = try await importer.importData(data, format: .csv)
            #expect(first.imported == people.count && first.skipped == 0)
            #expect(first.issues.isEmpty)
            let again = try await importer.importData(data, format: .csv)
            #expect(again.imported == people.count)
            let store = RegistryTesting.store(app)
            #expect(try await store.count() == people.count)
            for person in people {
                #expect(try await store.person(id: person.id) == RegistryTesting.sorted(person))
            }
        }
    }

    @Test func sampleFileImports() async throws {
        try await withApp { app in
            let summary = try await RegistryTesting.importer(app).importFile(
                atPath: "Resources/DemoData/registry-sample.csv")
            #expect(summary.issues == [])
            #expect(summary.imported == 5)
            let beijing = try await RegistryTesting.store(app).person(holding: .hkMacaoPermit, number: "C10000001")
            #expect(beijing?.household?.addressCode == "110105")
        }
    }

    @Test func badRowsAreReportedWithoutTheirValuesAndSkipped() async throws {
        let good = RegistryTesting.generatedCitizen(1)
        var badChecksum = RegistryTesting.generatedCitizen(2)
        let last = badChecksum.identity.number.last == "0" ? "1" : "0"
        let wrongNumber = String(badChecksum.identity.number.dropLast()) + last
        badChecksum.identity = IdentityDocument(kind: .residentID, number: wrongNumber)
        let badDate = RegistryTesting.generatedCitizen(3)
        let alsoGood = RegistryTesting.generatedCitizen(4)
        var csv = RegistryCSV.encode([good, badChecksum, badDate, alsoGood])
        csv = csv.replacingOccurrences(of: badDate.birthDate.iso, with: "\(badDate.birthDate.year)-02-30")
        try await withApp { app in
            let summary = try await RegistryTesting.importer(app).importData(Data(csv.utf8), format: .csv)
            #expect(summary.total == 4 && summary.imported == 2 && summary.skipped == 2)
            #expect(summary.issues.map(\.row) == [2, 3])
            #expect(summary.issues.map(\.field) == ["identity_number", "birth_date"])
            #expect(summary.issues.map(\.code) == ["id-checksum", "date-invalid"])
            let report = summary.issues.map(\.description).joined(separator: "\n")
            for secret in [wrongNumber, badDate.identity.number, String(wrongNumber.suffix(6))] {
                #expect(!report.contains(secret))
            }
            let store = RegistryTesting.store(app)
            #expect(try await store.count() == 2)
            #expect(try await store.person(id: good.id) != nil)
            #expect(try await store.person(id: alsoGood.id) != nil)
        }
    }

    @Test func conflictingAndMalformedRowsAreSkipped() async throws {
        let owner = RegistryTesting.generatedCitizen(10)
        var thief = RegistryTesting.generatedCitizen(11)
        thief.identity = owner.identity
        thief.birthDate = owner.birthDate
        thief.sex = owner.sex
        var twin = RegistryTesting.generatedCitizen(12)
        twin.documents = owner.documents
        var badMobile = RegistryTesting.generatedCitizen(13)
        badMobile.mobile = "12345"
        var wrongSex = RegistryTesting.generatedCitizen(14)
        wrongSex.sex = wrongSex.sex == .male ? .female : .male
        try await withApp { app in
            try await RegistryTesting.store(app).save(owner)
            let data = try JSONEncoder().encode([thief, twin, badMobile, wrongSex])
            var json = try #require(String(data: data, encoding: .utf8))
            json.removeLast()
            json += ",{\"id\":{\"rawValue\":\"no-name\"}},17]"
            let summary = try await RegistryTesting.importer(app).importData(Data(json.utf8), format: .json)
            #expect(summary.imported == 0 && summary.skipped == 6)
            let found = summary.issues.map { "\($0.row) \($0.field) \($0.code)" }
            #expect(
                found == [
                    "1 identity_number registered-to-another-person",
                    "2 documents[1].number registered-to-another-person",
                    "3 mobile mobile-length", "4 sex sex-mismatch", "5 name json-missing", "6 row json-invalid",
                ])
        }
    }

    @Test func twoThousandRowsImportInBatches() async throws {
        let people = (1...2_000).map(RegistryTesting.generatedCitizen)
        let data = Data(RegistryCSV.encode(people).utf8)
        try await withApp { app in
            let reports = Mutex<[Int]>([])
            let summary = try await RegistryTesting.importer(app, batchSize: 500).importData(data, format: .csv) {
                done, total in
                #expect(total == 2_000)
                reports.withLock { $0.append(done) }
            }
            #expect(summary.imported == 2_000 && summary.skipped == 0)
            #expect(reports.withLock { $0 } == [0, 500, 1_000, 1_500, 2_000])
            let store = RegistryTesting.store(app)
            #expect(try await store.count() == 2_000)
            let last = try #require(people.last)
            #expect(try await store.person(identity: last.identity)?.id == last.id)
        }
    }

    @Test func wholeFileProblemsStopTheImport() async throws {
        try await withApp { app in
            let importer = RegistryTesting.importer(app)
            await #expect(throws: RegistryImportError.missingColumns(["identity_number"])) {
                try await importer.importData(
                    Data("id,name,identity_kind,sex,birth_date,nationality,residency\n".utf8), format: .csv)
            }
            await #expect(throws: RegistryImportError.notJSONArray) {
                try await importer.importData(Data("{\"id\":1}".utf8), format: .json)
            }
            await #expect(throws: RegistryImportError.unknownFormat) {
                try await importer.importFile(atPath: "people.txt")
            }
        }
    }

    @Test func csvReaderHandlesQuotesAndLineEnds() {
        let text = "\u{FEFF}a,b\r\n\"x, \"\"y\"\"\",\"line\nbreak\"\r\n\r\nlast,\n"
        #expect(RegistryCSV.records(text) == [["a", "b"], ["x, \"y\"", "line\nbreak"], ["last", ""]])
    }

    @Test func progressLineShowsRowsDone() {
        #expect(RegistryProgress.line(done: 500, total: 2_000) == "[#####...............] 500/2000")
        #expect(RegistryProgress.line(done: 0, total: 0) == "[####################] 0/0")
    }
}
