import Foundation

/// Settings of zero-visit renewal. Keys: `RENEWAL_WAITING_DAYS` (how long a returned application
/// waits for the correction, and an approved one for payment, before it is withdrawn; 7),
/// `UPLOAD_DIRECTORY` (where the local-folder blob store keeps uploads; `data/uploads`),
/// `RENEWAL_STAFF_CLAIM_MINUTES` (how long an officer's claim keeps others from deciding; 120).
public struct RenewalSettings: Sendable, Equatable {
    public var waitingDays: Int = 7
    public var uploadDirectory: String = "data/uploads"
    public var claimLifetime: TimeInterval = 120 * 60

    public init() {}

    static func load(_ reader: inout ConfigReader) -> RenewalSettings {
        var settings = RenewalSettings()
        if let days = reader.int("RENEWAL_WAITING_DAYS", in: 1...60) { settings.waitingDays = days }
        if let folder = reader.string("UPLOAD_DIRECTORY") { settings.uploadDirectory = folder }
        if let minutes = reader.int("RENEWAL_STAFF_CLAIM_MINUTES", in: 5...1_440) {
            settings.claimLifetime = Double(minutes) * 60
        }
        return settings
    }
}
