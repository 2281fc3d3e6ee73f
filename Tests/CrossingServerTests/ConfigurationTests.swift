import Fluent
import Foundation
import NIOPosix
import Testing
import Vapor

@testable import CrossingServer

@Suite("AppConfig.load")
struct ConfigurationTests {
    /// A complete, valid set of the three data-protection keys, as production must configure them.
    static let productionKeys = [
        "FIELD_ENCRYPTION_KEYS": "k1:" + Data(repeating: 1, count: 32).base64EncodedString(),
        "FIELD_ENCRYPTION_CURRENT_KEY_ID": "k1",
        "BLIND_INDEX_KEY": Data(repeating: 2, count: 32).base64EncodedString(),
    ]

    @Test func defaultsSuitDevelopment() throws {
        let config = try AppConfig.load(from: [:], isProduction: false)
        #expect(config.database == .sqlite(path: "data/crossing.sqlite"))
        #expect(config.autoMigrate)
        #expect(config.autoLoadReferenceData)
        #expect(config.referenceDataDirectory == "Resources/ReferenceData")
        #expect(config.referenceDataRefreshSeconds == 30)
        #expect(config.maxBodyBytes == 1 << 20)
        #expect(!config.hstsEnabled)
        #expect(config.serviceTimeZone.identifier == "Asia/Shanghai")
    }

    @Test func productionDoesNotMigrateByDefault() throws {
        let config = try AppConfig.load(from: Self.productionKeys, isProduction: true)
        #expect(!config.autoMigrate)
    }

    @Test func validValuesAreRead() throws {
        let config = try AppConfig.load(
            from: [
                "DATABASE_URL": "postgres://crossing:pw@db:5432/crossing", "AUTO_MIGRATE": "no",
                "AUTO_LOAD_REFERENCE_DATA": "false", "REFERENCE_DATA_DIR": "/srv/data",
                "REFERENCE_DATA_REFRESH_SECONDS": "120", "MAX_BODY_BYTES": "2048", "HSTS_ENABLED": "on",
                "SERVICE_TIME_ZONE": "Europe/Berlin",
            ], isProduction: false)
        #expect(config.database == .postgres(url: "postgres://crossing:pw@db:5432/crossing"))
        #expect(!config.autoMigrate)
        #expect(!config.autoLoadReferenceData)
        #expect(config.referenceDataDirectory == "/srv/data")
        #expect(config.referenceDataRefreshSeconds == 120)
        #expect(config.maxBodyBytes == 2048)
        #expect(config.hstsEnabled)
        #expect(config.serviceTimeZone.identifier == "Europe/Berlin")
    }

    @Test func sqlitePathComesFromTheEnvironment() throws {
        let environment = Self.productionKeys.merging(["SQLITE_PATH": "/var/lib/crossing.db"]) { $1 }
        let config = try AppConfig.load(from: environment, isProduction: true)
        #expect(config.database == .sqlite(path: "/var/lib/crossing.db"))
    }

    @Test func everyInvalidKeyIsReportedTogetherWithoutItsValue() throws {
        let environment = [
            "AUTO_MIGRATE": "maybe",
            "MAX_BODY_BYTES": "abc",
            "DATABASE_URL": "mysql://user:secret@host/db",
            "REFERENCE_DATA_REFRESH_SECONDS": "0",
            "HSTS_ENABLED": "sometimes",
            "SERVICE_TIME_ZONE": "Mars/Olympus",
        ]
        let error = try #require(throws: AppConfig.LoadError.self) {
            try AppConfig.load(from: environment, isProduction: false)
        }
        #expect(
            Set(error.problems.map(\.key)) == [
                "AUTO_MIGRATE", "MAX_BODY_BYTES", "DATABASE_URL", "REFERENCE_DATA_REFRESH_SECONDS", "HSTS_ENABLED",
                "SERVICE_TIME_ZONE",
            ])
        let description = error.description
        for key in environment.keys {
            #expect(description.contains(key))
        }
        for value in ["secret", "mysql", "maybe", "abc", "sometimes", "Mars"] {
            #expect(!description.contains(value), "the error text must not echo the value \(value)")
        }
        #expect(!String(describing: error.problems).contains("secret"))
    }

    @Test(arguments: ["1023", "67108865", "-5", "1e6", " "])
    func maxBodyBytesOutsideItsRangeIsRejected(value: String) throws {
        if value.trimmingCharacters(in: .whitespaces).isEmpty {
            // Blank means "not set": the default applies.
            #expect(try AppConfig.load(from: ["MAX_BODY_BYTES": value], isProduction: false).maxBodyBytes == 1 << 20)
        } else {
            let error = try #require(throws: AppConfig.LoadError.self) {
                try AppConfig.load(from: ["MAX_BODY_BYTES": value], isProduction: false)
            }
            #expect(error.problems.map(\.key) == ["MAX_BODY_BYTES"])
        }
    }

    @Test func productionRefusesToStartWithoutDataProtectionKeys() throws {
        let error = try #require(throws: AppConfig.LoadError.self) {
            try AppConfig.load(from: [:], isProduction: true)
        }
        #expect(
            Set(error.problems.map(\.key)) == [
                "FIELD_ENCRYPTION_KEYS", "FIELD_ENCRYPTION_CURRENT_KEY_ID", "BLIND_INDEX_KEY",
            ])
    }

    @Test func badKeysAreNamedButNeverPrinted() throws {
        let shortKey = Data(repeating: 7, count: 8).base64EncodedString()
        let goodKey = Data(repeating: 9, count: 32).base64EncodedString()
        let wrongCurrent = [
            "FIELD_ENCRYPTION_KEYS": "k1:" + goodKey, "FIELD_ENCRYPTION_CURRENT_KEY_ID": "k2",
            "BLIND_INDEX_KEY": shortKey,
        ]
        let first = try #require(throws: AppConfig.LoadError.self) {
            try AppConfig.load(from: wrongCurrent, isProduction: true)
        }
        #expect(Set(first.problems.map(\.key)) == ["FIELD_ENCRYPTION_CURRENT_KEY_ID", "BLIND_INDEX_KEY"])
        let shortFieldKey = ["FIELD_ENCRYPTION_KEYS": "k1:" + shortKey, "FIELD_ENCRYPTION_CURRENT_KEY_ID": "k1"]
        let second = try #require(throws: AppConfig.LoadError.self) {
            try AppConfig.load(from: shortFieldKey, isProduction: true)
        }
        #expect(Set(second.problems.map(\.key)) == ["FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"])
        for error in [first, second] {
            #expect(!error.description.contains(shortKey))
            #expect(!error.description.contains(goodKey))
        }
    }

    @Test func configuredKeysAreRead() throws {
        let config = try AppConfig.load(from: Self.productionKeys, isProduction: true)
        let secrets = try #require(config.secrets)
        #expect(secrets.currentFieldKeyID == "k1")
        #expect(secrets.fieldKeyring["k1"] == Data(repeating: 1, count: 32))
        #expect(secrets.blindIndexKey == Data(repeating: 2, count: 32))
    }
}

@Suite("Database thread pool")
struct DatabaseThreadPoolTests {
    @Test("on SQLite every database call runs on the app's own pool, never the process-wide one")
    func sqliteUsesTheAppsOwnPool() async throws {
        guard TestDefaults.databaseURL == nil else { return }
        try await withApp { app in
            #expect(app.databases.threadPool === app.threadPool)
            #expect(app.databases.threadPool !== NIOThreadPool.singleton)
        }
    }
}
