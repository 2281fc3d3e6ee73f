/// One officially announced public holiday with its weekend make-up working days (调休).
public struct HolidayPeriod: Hashable, Sendable, Codable {
    public var nameZh: String
    public var nameEn: String
    /// First day off (inclusive).
    public var from: CalendarDate
    /// Last day off (inclusive).
    public var to: CalendarDate
    /// Weekend days that are working days because of this holiday.
    public var makeUpWorkdays: [CalendarDate]

    public init(
        nameZh: String, nameEn: String, from: CalendarDate, to: CalendarDate,
        makeUpWorkdays: [CalendarDate] = []
    ) {
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.from = from
        self.to = to
        self.makeUpWorkdays = makeUpWorkdays
    }

    public var name: LocalizedText { LocalizedText(zh: nameZh, en: nameEn) }

    public func contains(_ date: CalendarDate) -> Bool { from <= date && date <= to }

    /// Every day off in the period, in order.
    public var days: [CalendarDate] {
        guard from <= to else { return [] }
        return (0...to.daysSince(from)).map { from.adding(days: $0) }
    }
}

/// Working-day arithmetic for "within N working days" time limits.
///
/// A day is a working day if it is Monday-Friday and not a holiday, or if it is a make-up working day
/// (State Council rule; see domain-facts §8). The schedule is published each November, so callers
/// should check `covers(_:)` before promising a date in a year that has not been announced yet.
public struct WorkingDayCalendar: Hashable, Sendable {
    public let periods: [HolidayPeriod]
    /// Years whose official schedule is loaded; outside them only weekends are known.
    public let coveredYears: Set<Int>
    private let holidays: Set<CalendarDate>
    private let makeUpWorkdays: Set<CalendarDate>

    public init(periods: [HolidayPeriod], coveredYears: Set<Int>) {
        self.periods = periods.sorted { $0.from < $1.from }
        self.coveredYears = coveredYears
        self.holidays = Set(periods.flatMap(\.days))
        self.makeUpWorkdays = Set(periods.flatMap(\.makeUpWorkdays))
    }

    public func isHoliday(_ date: CalendarDate) -> Bool { holidays.contains(date) }

    public func isMakeUpWorkday(_ date: CalendarDate) -> Bool { makeUpWorkdays.contains(date) }

    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        if makeUpWorkdays.contains(date) { return true }
        return !date.isWeekend && !holidays.contains(date)
    }

    /// Whether the official schedule for the date's year is loaded.
    public func covers(_ date: CalendarDate) -> Bool { coveredYears.contains(date.year) }

    /// The holiday period the date falls in, if any.
    public func holiday(on date: CalendarDate) -> HolidayPeriod? {
        periods.first { $0.contains(date) }
    }

    /// The `workingDays`-th working day after `start`. Counting starts the next day, so the start day
    /// itself never counts (the usual administrative convention; unverified for NIA). Negative values
    /// count backwards; zero returns `start`.
    public func adding(workingDays: Int, to start: CalendarDate) -> CalendarDate {
        let step = workingDays >= 0 ? 1 : -1
        var remaining = abs(workingDays)
        var date = start
        while remaining > 0 {
            date = date.adding(days: step)
            if isWorkingDay(date) { remaining -= 1 }
        }
        return date
    }

    /// Number of working days in the half-open interval (from, to]; 0 when `to` is not after `from`.
    public func workingDays(after from: CalendarDate, through to: CalendarDate) -> Int {
        guard from < to else { return 0 }
        var count = 0
        var date = from.adding(days: 1)
        while date <= to {
            if isWorkingDay(date) { count += 1 }
            date = date.adding(days: 1)
        }
        return count
    }

    /// Working days from 1 January to 31 December of `year` (248 in both 2025 and 2026).
    public func workingDays(inYear year: Int) -> Int {
        guard let first = CalendarDate(year: year, month: 1, day: 1),
            let last = CalendarDate(year: year, month: 12, day: 31)
        else { return 0 }
        return workingDays(after: first.adding(days: -1), through: last)
    }

    /// Holiday periods whose first day is in `year`.
    public func periods(inYear year: Int) -> [HolidayPeriod] {
        periods.filter { $0.from.year == year }
    }
}
