import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Reference data loading")
struct ReferenceDataTests {
    @Test func bootLoadsEveryRowOfEveryFile() async throws {
        let offices = try ReferenceFixture.offices()
        let fees = try ReferenceFixture.fees()
        let holidays = try ReferenceFixture.holidayYears()
        let expected: [String: Int] = [
            "versions": ReferenceDataset.allCases.count,
            "pilot cities": try ReferenceFixture.pilotCities().count,
            "fee items": fees.count,
            "fee rates": fees.map(\.rates.count).reduce(0, +),
            "holiday periods": holidays.map(\.holidays.count).reduce(0, +),
            "offices": offices.count,
            "office services": offices.map(\.services.count).reduce(0, +),
            "service guides": try ReferenceFixture.guides().count,
        ]
        try await withApp { app in
            let db = app.db
            let loaded: [String: Int] = [
                "versions": try await ReferenceDataVersionRecord.query(on: db).count(),
                "pilot cities": try await PilotCityRecord.query(on: db).count(),
                "fee items": try await FeeItemRecord.query(on: db).count(),
                "fee rates": try await FeeRateRecord.query(on: db).count(),
                "holiday periods": try await HolidayPeriodRecord.query(on: db).count(),
                "offices": try await OfficeRecord.query(on: db).count(),
                "office services": try await OfficeServiceRecord.query(on: db).count(),
                "service guides": try await ServiceGuideRecord.query(on: db).count(),
            ]
            #expect(loaded == expected)
            #expect(app.services.referenceData.snapshot != nil)
        }
    }

    @Test func loadingTheSameFilesAgainChangesNothing() async throws {
        try await withApp { app in
            let before = try await ReferenceDataReader(database: app.db).stamps()
            let outcomes = try await ReferenceDataImporter(directory: TestDefaults.referenceDataDirectory)
                .load(into: app.db)
            #expect(outcomes.map(\.dataset) == ReferenceDataset.allCases.map(\.rawValue))
            #expect(outcomes.allSatisfy { !$0.changed })
            let after = try await ReferenceDataReader(database: app.db).stamps()
            #expect(after == before)
            let refreshed = try await app.services.referenceData.refresh(from: app.db)
            #expect(!refreshed)
        }
    }

    @Test func changedOfficeFileReloadsOnlyOffices() async throws {
        let copy = try ReferenceDataCopy()
        defer { copy.remove() }
        try copy.editOffice("bj-dongcheng") { $0["phone"] = "010-99998888" }
        try await withApp { app in
            let outcomes = try await ReferenceDataImporter(directory: copy.directory).load(into: app.db)
            #expect(outcomes.filter(\.changed).map(\.dataset) == ["offices"])
            let offices = try #require(outcomes.first { $0.dataset == "offices" })
            #expect(offices.rows == (try ReferenceFixture.offices().count))

            // Requests keep the old snapshot until the store notices the new data.
            let stale = try await app.get("/api/v1/offices/bj-dongcheng").json(OfficeDetail.self)
            #expect(stale.phone != "010-99998888")
            let refreshed = try await app.services.referenceData.refresh(from: app.db)
            #expect(refreshed)
            try await app.testing().test(.GET, "/api/v1/offices/bj-dongcheng") { res async throws in
                #expect(try res.json(OfficeDetail.self).phone == "010-99998888")
            }
            try await app.testing().test(.GET, "/offices/bj-dongcheng") { res async throws in
                #expect(res.text.contains("010-99998888"))
            }
        }
    }

    @Test func fileWithAMissingFieldIsRejectedAndTheOldDataStays() async throws {
        let copy = try ReferenceDataCopy()
        defer { copy.remove() }
        try copy.editOffice("bj-haidian") { $0["phone"] = nil }
        let oldPhone = try #require(try ReferenceFixture.offices().first { $0.code == "bj-haidian" }).phone
        try await withApp { app in
            let before = try await ReferenceDataReader(database: app.db).stamps()
            let error = try await #require(throws: ReferenceDataError.self) {
                try await ReferenceDataImporter(directory: copy.directory).load(into: app.db)
            }
            #expect(error.dataset == "offices")
            #expect(error.entry.contains("phone"))
            #expect(error.description.contains("offices"))
            try await Self.expectUnchanged(app, stamps: before, office: "bj-haidian", phone: oldPhone)
        }
    }

    @Test func officeOfferingAServiceNotOfferedAtOfficesIsRejected() async throws {
        let copy = try ReferenceDataCopy()
        defer { copy.remove() }
        try copy.editOffice("bj-haidian") {
            $0["phone"] = "010-11112222"
            $0["services"] = ["passport.first", "fees"]
        }
        let oldPhone = try #require(try ReferenceFixture.offices().first { $0.code == "bj-haidian" }).phone
        try await withApp { app in
            let before = try await ReferenceDataReader(database: app.db).stamps()
            let error = try await #require(throws: ReferenceDataError.self) {
                try await ReferenceDataImporter(directory: copy.directory).load(into: app.db)
            }
            #expect(error.dataset == "offices")
            #expect(error.entry == "bj-haidian")
            try await Self.expectUnchanged(app, stamps: before, office: "bj-haidian", phone: oldPhone)
        }
    }

    @Test func forcedLoadRewritesEveryDataset() async throws {
        try await withApp { app in
            let outcomes = try await ReferenceDataImporter(directory: TestDefaults.referenceDataDirectory)
                .load(into: app.db, force: true)
            #expect(outcomes.count == ReferenceDataset.allCases.count)
            #expect(outcomes.allSatisfy { $0.changed && $0.rows > 0 })
            let offices = try await OfficeRecord.query(on: app.db).count()
            #expect(offices == (try ReferenceFixture.offices().count))
        }
    }

    static func expectUnchanged(
        _ app: Application, stamps: [String: String], office code: String, phone: String
    ) async throws {
        let after = try await ReferenceDataReader(database: app.db).stamps()
        #expect(after == stamps)
        let offices = try await OfficeRecord.query(on: app.db).count()
        #expect(offices == (try ReferenceFixture.offices().count))
        let record = try await OfficeRecord.query(on: app.db).filter(\.$code == code).first()
        #expect(record?.phone == phone)
        let refreshed = try await app.services.referenceData.refresh(from: app.db)
        #expect(!refreshed)
        let detail = try await app.get("/api/v1/offices/\(code)").json(OfficeDetail.self)
        #expect(detail.phone == phone)
    }
}
