import Foundation

/// The knobs of the appointment rules, with the defaults the service starts from. The server fills
/// them from configuration (AppointmentSettings); the rules below only read them.
public struct AppointmentPolicy: Hashable, Sendable, Codable {
    /// Slot length in minutes; every counter serves one person per slot.
    public var slotMinutes = 30
    /// A day is published this many days ahead...
    public var horizonDays = 14
    /// ...at this local time (minutes after midnight) plus the office's stagger offset, so that not
    /// every office releases its places at the same moment.
    public var releaseMinute = 8 * 60
    /// Offices' release times are spread over this many minutes after `releaseMinute`.
    public var releaseStaggerMinutes = 120
    /// How long a place is held while the person confirms.
    public var holdSeconds: TimeInterval = 300
    /// Changes of date or time allowed per booking.
    public var maxReschedules = 2
    /// A cancelled (or rescheduled-away) place goes back into the pool only after this delay, so a
    /// scalper cannot cancel and re-book it for a customer at a moment only they know.
    public var cancelReturnDelay: TimeInterval = 1800
    /// Repeated no-shows within the window start a cooling-off period without new bookings.
    public var noShowLimit = 2
    public var noShowWindowDays = 180
    public var coolingOffDays = 30
    /// No booking for a slot that starts sooner than this (the office prepares the day's list).
    public var minimumLeadMinutes = 60

    public init() {}

    public static let standard = AppointmentPolicy()
}

/// A place in time at an office: a local date and minutes after local midnight.
public struct SlotTime: Hashable, Comparable, Sendable, Codable {
    public var date: CalendarDate
    public var minute: Int

    public init(date: CalendarDate, minute: Int) {
        self.date = date
        self.minute = minute
    }

    /// Parses "HH:MM" (00:00-23:59).
    public static func minute(of text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]),
            let minutes = Int(parts[1]), (0..<24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        return hours * 60 + minutes
    }

    /// "HH:MM".
    public static func text(minute: Int) -> String {
        let hours = minute / 60
        let minutes = minute % 60
        return (hours < 10 ? "0" : "") + String(hours) + ":" + (minutes < 10 ? "0" : "") + String(minutes)
    }

    /// The instant this local time denotes in `timeZone`.
    public func instant(in timeZone: TimeZone) -> Date {
        let local = TimeInterval(date.daysSince1970 * 86_400 + minute * 60)
        let guess = Date(timeIntervalSince1970: local)
        return Date(timeIntervalSince1970: local - TimeInterval(timeZone.secondsFromGMT(for: guess)))
    }

    /// The local date and minute of `instant` in `timeZone`.
    public static func at(_ instant: Date, in timeZone: TimeZone) -> SlotTime {
        let local = Int(
            (instant.timeIntervalSince1970 + TimeInterval(timeZone.secondsFromGMT(for: instant))).rounded(.down))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return SlotTime(date: CalendarDate(daysSince1970: days), minute: (local - days * 86_400) / 60)
    }

    public static func < (lhs: SlotTime, rhs: SlotTime) -> Bool {
        (lhs.date, lhs.minute) < (rhs.date, rhs.minute)
    }
}

/// When each office's days become bookable: day D at office O is released at the office's release
/// time on D − horizon. The stagger offset is a stable function of the office code (FNV-1a), in
/// steps of 5 minutes, so it is the same on every server and every day.
public enum ReleaseSchedule {
    public static func staggerMinutes(officeCode: String, policy: AppointmentPolicy) -> Int {
        let steps = policy.releaseStaggerMinutes / 5
        guard steps > 0 else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in officeCode.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(steps)) * 5
    }

    /// The local moment at which `date` opens for booking at `officeCode`.
    public static func releaseTime(of date: CalendarDate, officeCode: String, policy: AppointmentPolicy) -> SlotTime {
        SlotTime(
            date: date.adding(days: -policy.horizonDays),
            minute: policy.releaseMinute + staggerMinutes(officeCode: officeCode, policy: policy))
    }

    public static func isReleased(
        _ date: CalendarDate, officeCode: String, policy: AppointmentPolicy, now: SlotTime
    ) -> Bool {
        releaseTime(of: date, officeCode: officeCode, policy: policy) <= now
    }
}
