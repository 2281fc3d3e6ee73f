import Foundation
import Logging
import Vapor

/// Log output: one JSON object per line when LOG_FORMAT=json (for log shippers), Vapor's readable
/// console format otherwise. Handlers never log request bodies, query strings or personal data; that
/// rule is kept by the call sites (see AccessLogMiddleware) and this handler adds only time and level.
public enum CrossingLogHandler {
    public enum Format: Sendable {
        case text, json

        /// LOG_FORMAT=json selects JSON; read once at start-up, because a logger is made per request.
        public static func from(environment: [String: String]) -> Format {
            environment["LOG_FORMAT"]?.lowercased() == "json" ? .json : .text
        }
    }

    public static func make(label: String, level: Logger.Level, format: Format) -> any LogHandler {
        switch format {
        case .json:
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        case .text:
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

struct JSONLogHandler: LogHandler {
    var label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: String] = [
            "time": Date().formatted(.iso8601), "level": event.level.rawValue, "logger": label,
            "message": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            object[key] = value.description
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
