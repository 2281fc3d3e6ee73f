import Foundation

/// The courier (EMS): `COURIER_POLL_AFTER_MINUTES`, `COURIER_POLL_INTERVAL_MINUTES`, `COURIER_PUSH_SECRET`.
public struct CourierSettings: Sendable, Equatable {
    /// A parcel not yet delivered or returned whose last push is older than this is queried
    /// instead (pushes can stop: Kuaidi100 gives up after 3 days without data, §9). A day is longer
    /// than the usual gap between two scans (a long-distance leg takes 15–20 hours) and still
    /// catches a silent carrier well inside the 3-working-day delivery promise.
    public var pollAfter: TimeInterval = 24 * 3600
    /// How often the polling job looks for such parcels.
    public var pollInterval: TimeInterval = 30 * 60
    /// The secret shared with the carrier that signs tracking pushes (at least 32 bytes). nil: a
    /// secret derived from the blind-index key, which only the sandbox shares.
    public var pushSecret: Data?

    public init() {}

    static func load(_ reader: inout ConfigReader) -> CourierSettings {
        var settings = CourierSettings()
        if let minutes = reader.int("COURIER_POLL_AFTER_MINUTES", in: 1...43_200) {
            settings.pollAfter = Double(minutes) * 60
        }
        if let minutes = reader.int("COURIER_POLL_INTERVAL_MINUTES", in: 1...1_440) {
            settings.pollInterval = Double(minutes) * 60
        }
        if let text = reader.string("COURIER_PUSH_SECRET") {
            if let secret = Data(base64Encoded: text), secret.count >= 32 {
                settings.pushSecret = secret
            } else {
                reader.fail("COURIER_PUSH_SECRET", "base64 of at least 32 random bytes")
            }
        }
        return settings
    }
}
