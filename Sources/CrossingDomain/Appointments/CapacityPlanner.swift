import Foundation

/// A closure of an office decided by a supervisor: the whole day, or from `fromMinute` to `toMinute`.
public struct OfficeClosure: Hashable, Sendable, Codable {
    public var officeCode: String
    public var date: CalendarDate
    public var fromMinute: Int?
    public var toMinute: Int?

    public init(officeCode: String, date: CalendarDate, fromMinute: Int? = nil, toMinute: Int? = nil) {
        self.officeCode = officeCode
        self.date = date
        self.fromMinute = fromMinute
        self.toMinute = toMinute
    }

    /// Whether a slot [start, end) at the office on the date overlaps the closure.
    public func covers(officeCode code: String, date day: CalendarDate, start: Int, end: Int) -> Bool {
        guard code == officeCode, day == date else { return false }
        let from = fromMinute ?? 0
        let to = toMinute ?? 24 * 60
        return start < to && from < end
    }
}

/// One bookable slot as planned from the opening hours (before anyone books).
public struct PlannedSlot: Hashable, Sendable, Codable {
    public var officeCode: String
    public var group: AppointmentServiceGroup
    public var date: CalendarDate
    public var startMinute: Int
    public var endMinute: Int
    public var capacity: Int
}

/// Why an office has no slots on a day.
public enum ClosedReason: Hashable, Sendable {
    case holiday(HolidayPeriod)
    case notOpeningDay
    case closure
}

/// Plans the slots of an office for a day from its opening hours, its counters, the slot length, the
/// working-day calendar (holidays close the office; a make-up working day opens it with Monday's
/// hours, whatever weekday it falls on) and supervisors' closures.
public enum CapacityPlanner {
    /// Counters per service group: split by weight among the groups the office offers, at least one
    /// each; the remainder goes to citizens' documents (the busiest counters).
    public static func counters(for office: Office) -> [AppointmentServiceGroup: Int] {
        let offered = AppointmentServiceGroup.allCases.filter {
            AppointmentCatalogue.groups(offeredBy: office).contains($0)
        }
        guard !offered.isEmpty else { return [:] }
        let total = max(office.counters, offered.count)
        let weights = offered.reduce(0) { $0 + $1.counterWeight }
        var result: [AppointmentServiceGroup: Int] = [:]
        for group in offered { result[group] = max(1, total * group.counterWeight / weights) }
        let used = result.values.reduce(0, +)
        if used < total, let first = offered.first { result[first, default: 0] += total - used }
        return result
    }

    /// The opening periods of the office on `date` as minute ranges; empty when it is closed.
    public static func openingPeriods(
        of office: Office, on date: CalendarDate, calendar: WorkingDayCalendar
    ) -> [Range<Int>] {
        if calendar.isHoliday(date) { return [] }
        let weekday = calendar.isMakeUpWorkday(date) ? 1 : date.weekday
        return office.hours.filter { $0.weekdays.contains(weekday) }.compactMap { hours in
            guard let opens = SlotTime.minute(of: hours.opens), let closes = SlotTime.minute(of: hours.closes),
                opens < closes
            else { return nil }
            return opens..<closes
        }
        .sorted { $0.lowerBound < $1.lowerBound }
    }

    public static func closedReason(
        of office: Office, on date: CalendarDate, calendar: WorkingDayCalendar, closures: [OfficeClosure],
        policy: AppointmentPolicy
    ) -> ClosedReason? {
        if let holiday = calendar.holiday(on: date), !calendar.isMakeUpWorkday(date) { return .holiday(holiday) }
        if openingPeriods(of: office, on: date, calendar: calendar).isEmpty { return .notOpeningDay }
        if plan(office, on: date, calendar: calendar, closures: closures, policy: policy).isEmpty { return .closure }
        return nil
    }

    /// Every slot of every group the office offers on `date`, in time order. Slots that do not fit
    /// whole before the period closes are not offered; closed slots are left out.
    public static func plan(
        _ office: Office, on date: CalendarDate, calendar: WorkingDayCalendar, closures: [OfficeClosure],
        policy: AppointmentPolicy
    ) -> [PlannedSlot] {
        let length = max(5, policy.slotMinutes)
        let counters = counters(for: office)
        var slots: [PlannedSlot] = []
        for period in openingPeriods(of: office, on: date, calendar: calendar) {
            var start = period.lowerBound
            while start + length <= period.upperBound {
                let end = start + length
                let closed = closures.contains {
                    $0.covers(officeCode: office.code, date: date, start: start, end: end)
                }
                if !closed {
                    for group in AppointmentServiceGroup.allCases {
                        guard let count = counters[group] else { continue }
                        slots.append(
                            PlannedSlot(
                                officeCode: office.code, group: group, date: date, startMinute: start, endMinute: end,
                                capacity: count))
                    }
                }
                start = end
            }
        }
        return slots
    }
}
