import CrossingDomain
import Fluent
import Foundation
import SQLKit
import Vapor

@testable import CrossingServer

/// Shared helpers for the registry tests.
enum RegistryTesting {
    /// TestDefaults.now in Beijing: 2026-11-22.
    static var today: CalendarDate {
        CalendarDate.today(in: TimeZone(identifier: "Asia/Shanghai") ?? .current, now: TestDefaults.now)
    }

    static func store(_ app: Application) -> RegistryStore {
        RegistryStore(database: app.db, services: app.services)
    }

    static func importer(_ app: Application, batchSize: Int = 250) -> RegistryImporter {
        RegistryImporter(store: store(app), today: today, batchSize: batchSize)
    }

    static func demo(_ key: PersonID) throws -> RegistryPerson {
        guard let person = DemoRegistry.people(today: today).first(where: { $0.id == key }) else {
            throw Abort(.notFound, reason: "no demo person \(key)")
        }
        return person
    }

    /// Documents in the order the store returns them, so people compare equal after a round trip.
    static func sorted(_ person: RegistryPerson) -> RegistryPerson {
        var copy = person
        copy.documents.sort { ($0.kind.rawValue, $0.issueDate.iso) < ($1.kind.rawValue, $1.issueDate.iso) }
        return copy
    }

    /// Every value of every column of `table` that reads as text (sealed, index and plain columns).
    static func textValues(in table: String, on database: any Database) async throws -> [String] {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError, reason: "not SQL") }
        let rows = try await sql.raw("SELECT * FROM \(ident: table)").all()
        return rows.flatMap { row in
            row.allColumns.compactMap { column in (try? row.decode(column: column, as: String?.self)) ?? nil }
        }
    }

    /// Every number of a person that must never be stored in plain text.
    static func secrets(of person: RegistryPerson) -> [String] {
        [person.identity.number] + person.documents.map(\.number) + (person.mobile.map { [$0] } ?? [])
    }

    /// A valid citizen made up from `serial`, for imports of many rows.
    static func generatedCitizen(_ serial: Int) -> RegistryPerson {
        let birth = CalendarDate(daysSince1970: -3_000 + serial * 7)
        let sex: Sex = serial.isMultiple(of: 2) ? .female : .male
        let id = DemoNumbers.residentID(addressCode: "310115", birthDate: birth, sex: sex, serial: serial)
        let issued = today.adding(days: -(serial % 3_000) - 1)
        return RegistryPerson(
            id: PersonID("gen-\(serial)"), name: "测试\(serial)",
            identity: IdentityDocument(kind: .residentID, number: id),
            sex: sex, birthDate: birth, nationality: "CHN", residency: .mainlandCitizen,
            household: HouseholdRegistration(cityCode: "310100", addressCode: "310115", address: "上海市浦东新区"),
            documents: [
                HeldDocument(
                    kind: .ordinaryPassport, number: DemoNumbers.passport(70_000_000 + serial), issueDate: issued,
                    expiryDate: DemoNumbers.expiry(issued: issued, years: 10), status: .valid)
            ],
            mobile: DemoNumbers.mobile(serial))
    }
}
