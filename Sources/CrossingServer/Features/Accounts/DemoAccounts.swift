import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Development only: the demo registry people and ready-to-use applicant accounts for three of
/// them, printed at start so a developer can sign in at once. Never runs in production.
enum DemoAccounts {
    /// Shared by every demo account; printed at start, so it protects nothing.
    static let password = "Crossing-Demo-2026"

    struct Seed {
        var person: PersonID
        var mobile: String
        var label: String
    }

    static let seeds = [
        Seed(person: DemoRegistry.Key.beijingCitizen, mobile: "13800001001", label: "citizen (Beijing, pilot city)"),
        Seed(person: DemoRegistry.Key.foreignerWithVisa, mobile: "13800001002", label: "foreign national (visa)"),
        Seed(person: DemoRegistry.Key.hongKongResident, mobile: "13800001003", label: "Hong Kong resident"),
    ]

    /// Seeds the registry and the demo accounts when missing; returns the lines to print.
    static func seed(_ app: Application) async throws -> [String] {
        let services = app.services
        let today = CalendarDate.today(in: services.config.serviceTimeZone, now: services.now())
        _ = try await DemoRegistry.seedIfEmpty(
            on: app.db, store: RegistryStore(database: app.db, services: services), today: today)
        let accounts = AccountService(services: services, database: app.db, threadPool: app.passwordHashing.pool)
        var lines: [String] = []
        for seed in seeds {
            guard let mobile = try? MobileNumber.parse(seed.mobile) else { continue }
            if try await AccountRecord.query(on: app.db).filter(\.$personKey == seed.person.rawValue).first() == nil {
                let account = AccountRecord()
                account.personKey = seed.person.rawValue
                account.kind = AccountKind.applicant.rawValue
                account.mobileSealed = try services.cipher.seal(mobile.value)
                account.mobileIndex = accounts.mobileIndex(mobile)
                account.mobileVerifiedAt = services.now()
                account.passwordHash = try await app.passwordHashing.pool.runIfActive {
                    try Bcrypt.hash(password, cost: services.config.passwordHashCost)
                }
                account.language = "zh"
                account.lockedMethods = ""
                account.lockCount = 0
                account.createdAt = services.now()
                try await account.create(on: app.db)
            }
            lines.append("  \(seed.label): mobile \(seed.mobile), password \(password)")
        }
        lines += try await DemoStaff.seed(app, password: password)
        return lines
    }
}
