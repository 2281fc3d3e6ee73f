import Foundation

/// Everything the server reads from its environment, typed and checked once at start-up.
///
/// Values come from the process environment, which Vapor fills from `.env` and `.env.<environment>`
/// before `AppConfig.load` runs. A missing or invalid key fails fast with the key's name and what was
/// expected, never with the value (it may be a password).
public struct AppConfig: Sendable {
    public enum Database: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: Database
    /// Run pending migrations when `serve` starts. Defaults to true outside production.
    public var autoMigrate: Bool
    /// Load the reference data files into an empty database when `serve` starts.
    public var autoLoadReferenceData: Bool
    public var referenceDataDirectory: String
    /// How often an instance checks whether an administrator loaded new reference data.
    public var referenceDataRefreshSeconds: Int
    /// Largest request body accepted anywhere (bytes). Individual routes may set less.
    public var maxBodyBytes: Int
    /// Send HSTS: only when the service is reached over TLS (directly or through a proxy).
    public var hstsEnabled: Bool
    /// Time zone for "today" in date look-ups: the administration works on Beijing time.
    public var serviceTimeZone: TimeZone
    /// Keys for personal data at rest. Required in production; nil elsewhere means development keys
    /// kept in `data/dev-secrets.json` (random ones under the testing environment).
    public var secrets: SecretKeys? = nil
    /// bcrypt cost for passwords (2^cost rounds). 12 takes about 0.25 s here; tests use 4.
    public var passwordHashCost: Int = 12
    /// Let sandbox providers (SMS, face verification) run in production, for staging and load tests
    /// only: no live providers exist yet, and a real service must never send sandbox messages.
    public var allowSandboxInProduction: Bool = false
    /// Take the client address from the last X-Forwarded-For hop: only behind a proxy that sets it,
    /// or anyone could pick an address and dodge per-address rate limits.
    public var trustForwardedFor: Bool = false
    /// Background jobs (the outbox workers).
    public var jobs = JobSettings()
    public var appointments = AppointmentSettings()
    public var courier = CourierSettings()
    /// Payments: gateway keys, order lifetime, notification age, daily reconciliation.
    public var payments = PaymentSettings()
    public var notifications = NotificationSettings()
    /// Live timelines over server-sent events.
    public var timeline = TimelineSettings()
    public var renewal = RenewalSettings()

    public struct Problem: Error, CustomStringConvertible, Equatable {
        public var key: String
        public var expected: String
        public var description: String { "\(key): \(expected)" }
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var problems: [Problem]
        public var description: String {
            "Invalid configuration. Fix these environment keys (see docs/CONFIGURATION.md): "
                + problems.map(\.description).joined(separator: "; ")
        }
    }

    /// Reads the configuration from `environment`, collecting every problem before failing.
    public static func load(from environment: [String: String], isProduction: Bool) throws -> AppConfig {
        var reader = ConfigReader(environment: environment)
        let database: Database
        if let url = reader.string("DATABASE_URL") {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                database = .postgres(url: url)
            } else {
                reader.problems.append(Problem(key: "DATABASE_URL", expected: "a postgres:// or postgresql:// URL"))
                database = .sqlite(path: "")
            }
        } else {
            database = .sqlite(path: reader.string("SQLITE_PATH") ?? "data/crossing.sqlite")
        }
        var config = AppConfig(
            database: database,
            autoMigrate: reader.bool("AUTO_MIGRATE") ?? !isProduction,
            autoLoadReferenceData: reader.bool("AUTO_LOAD_REFERENCE_DATA") ?? true,
            referenceDataDirectory: reader.string("REFERENCE_DATA_DIR") ?? "Resources/ReferenceData",
            referenceDataRefreshSeconds: reader.int("REFERENCE_DATA_REFRESH_SECONDS", in: 1...86_400) ?? 30,
            maxBodyBytes: reader.int("MAX_BODY_BYTES", in: 1_024...(64 << 20)) ?? (1 << 20),
            hstsEnabled: reader.bool("HSTS_ENABLED") ?? false,
            serviceTimeZone: reader.timeZone("SERVICE_TIME_ZONE") ?? TimeZone(identifier: "Asia/Shanghai") ?? .current,
            secrets: SecretKeys.fromEnvironment(&reader),
            passwordHashCost: reader.int("PASSWORD_HASH_COST", in: 4...16) ?? 12,
            allowSandboxInProduction: reader.bool("ALLOW_SANDBOX_IN_PRODUCTION") ?? false,
            trustForwardedFor: reader.bool("TRUST_FORWARDED_FOR") ?? false
        )
        // Feature settings, one line each; each type documents its keys.
        config.jobs = JobSettings.load(&reader)
        config.appointments = AppointmentSettings.load(&reader)
        config.courier = CourierSettings.load(&reader)
        config.payments = PaymentSettings.load(&reader)
        config.notifications = NotificationSettings.load(&reader)
        config.timeline = TimelineSettings.load(&reader)
        config.renewal = RenewalSettings.load(&reader)
        if isProduction && config.secrets == nil {
            for key in ["FIELD_ENCRYPTION_KEYS", "FIELD_ENCRYPTION_CURRENT_KEY_ID", "BLIND_INDEX_KEY"] {
                reader.fail(key, "required in production")
            }
        }
        if !reader.problems.isEmpty { throw LoadError(problems: reader.problems) }
        return config
    }
}

/// Collects problems instead of stopping at the first, so an operator fixes them all in one go.
struct ConfigReader {
    var environment: [String: String]
    var problems: [AppConfig.Problem] = []

    mutating func fail(_ key: String, _ expected: String) {
        problems.append(.init(key: key, expected: expected))
    }

    func string(_ key: String) -> String? {
        guard let value = environment[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = string(key) else { return nil }
        switch value.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default:
            problems.append(.init(key: key, expected: "true or false"))
            return nil
        }
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = string(key) else { return nil }
        guard let number = Int(value), range.contains(number) else {
            problems.append(.init(key: key, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)"))
            return nil
        }
        return number
    }

    mutating func timeZone(_ key: String) -> TimeZone? {
        guard let value = string(key) else { return nil }
        guard let zone = TimeZone(identifier: value) else {
            problems.append(.init(key: key, expected: "an IANA time zone such as Asia/Shanghai"))
            return nil
        }
        return zone
    }
}
