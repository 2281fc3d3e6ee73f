import CrossingDomain
import Foundation

// Adapters behind the domain's ports live here (payment, courier, notifier, face verification,
// blob storage). The foundation has one: the clock, so that time is injectable everywhere.

/// The real wall clock.
public struct SystemClock: Sendable {
    public init() {}

    public func now() -> Date { Date() }

    /// Today's date in the administration's time zone.
    public func today(in timeZone: TimeZone) -> CalendarDate { CalendarDate.today(in: timeZone, now: now()) }
}
