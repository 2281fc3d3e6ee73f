import Foundation

/// An iCalendar (RFC 5545) file with one event, for "add to my calendar". Times are written in UTC so
/// no VTIMEZONE block is needed; text values are escaped and lines folded at 75 octets.
public struct AppointmentCalendarFile: Sendable {
    public var uid: String
    public var start: Date
    public var end: Date
    public var stamp: Date
    public var summary: String
    public var location: String
    public var description: String

    public init(
        uid: String, start: Date, end: Date, stamp: Date, summary: String, location: String, description: String
    ) {
        self.uid = uid
        self.start = start
        self.end = end
        self.stamp = stamp
        self.summary = summary
        self.location = location
        self.description = description
    }

    public var text: String {
        let lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Crossing//Appointments//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "BEGIN:VEVENT", "UID:" + Self.escape(uid), "DTSTAMP:" + Self.utc(stamp),
            "DTSTART:" + Self.utc(start), "DTEND:" + Self.utc(end), "SUMMARY:" + Self.escape(summary),
            "LOCATION:" + Self.escape(location), "DESCRIPTION:" + Self.escape(description), "END:VEVENT",
            "END:VCALENDAR",
        ]
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    static func utc(_ date: Date) -> String {
        let slot = SlotTime.at(date, in: TimeZone(secondsFromGMT: 0) ?? .current)
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) % 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = slot.date
        let year = String(day.year)
        return year + two(day.month) + two(day.day) + "T" + two(slot.minute / 60) + two(slot.minute % 60)
            + two((seconds + 60) % 60) + "Z"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Folds a content line into chunks of at most 75 octets without splitting a UTF-8 character.
    static func fold(_ line: String) -> String {
        var chunks: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = chunks.isEmpty ? 75 : 74
            if octets + size > limit {
                chunks.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        chunks.append(current)
        return chunks.joined(separator: "\r\n ")
    }
}
