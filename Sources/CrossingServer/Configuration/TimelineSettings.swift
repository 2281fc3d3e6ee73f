import Foundation

/// Live timelines (server-sent events): `TIMELINE_POLL_MILLISECONDS`, `TIMELINE_STREAM_SECONDS`.
public struct TimelineSettings: Sendable, Equatable {
    /// How often an open stream looks for new events.
    public var pollInterval: TimeInterval = 1
    /// How long one stream stays open before the browser reconnects (with Last-Event-ID).
    public var streamSeconds: TimeInterval = 300

    public init() {}

    static func load(_ reader: inout ConfigReader) -> TimelineSettings {
        var settings = TimelineSettings()
        if let milliseconds = reader.int("TIMELINE_POLL_MILLISECONDS", in: 50...60_000) {
            settings.pollInterval = Double(milliseconds) / 1000
        }
        if let seconds = reader.int("TIMELINE_STREAM_SECONDS", in: 1...3_600) {
            settings.streamSeconds = Double(seconds)
        }
        return settings
    }
}
