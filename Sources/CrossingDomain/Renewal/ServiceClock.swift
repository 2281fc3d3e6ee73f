import Foundation

/// A time limit of N working days that runs while the office has the application and pauses while
/// it waits on the applicant.
///
/// Counting follows `WorkingDayCalendar.adding(workingDays:to:)`: the day a run starts never counts,
/// the next working day is day 1. A run is a span of office days `(start, end]`: the start is the
/// acceptance, payment or resubmission day, the end the day the wait on the applicant began (the
/// return or the approval), which still counts. After a pause the clock continues from the day of the
/// resubmission (or payment), which itself does not count, like the acceptance day.
public struct ServiceClock: Hashable, Sendable {
    public struct Run: Hashable, Sendable {
        public var start: CalendarDate
        /// nil while the run is still going.
        public var end: CalendarDate?

        public init(start: CalendarDate, end: CalendarDate?) {
            self.start = start
            self.end = end
        }
    }

    /// The limit in working days.
    public let limit: Int
    public let runs: [Run]
    /// The day the clock was stopped by the work being done (dispatch, ready for collection).
    public let completedOn: CalendarDate?
    /// The application left the process without the work being done (withdrawn, rejected).
    public let abandoned: Bool

    public init(limit: Int, runs: [Run], completedOn: CalendarDate? = nil, abandoned: Bool = false) {
        self.limit = limit
        self.runs = runs
        self.completedOn = completedOn
        self.abandoned = abandoned
    }

    public var isRunning: Bool { runs.last.map { $0.end == nil } ?? false }

    /// Working days used up to and including `date`.
    public func workingDaysUsed(through date: CalendarDate, calendar: WorkingDayCalendar) -> Int {
        runs.reduce(0) { used, run in
            let end = min(run.end ?? date, date)
            return used + calendar.workingDays(after: run.start, through: end)
        }
    }

    /// The day the limit falls: when it has been reached already, the day it was reached; while the
    /// clock runs, the day it will be reached if nothing pauses it; nil while paused with days left.
    public func dueDate(calendar: WorkingDayCalendar) -> CalendarDate? {
        var used = 0
        for run in runs {
            guard let end = run.end else {
                return calendar.adding(workingDays: limit - used, to: run.start)
            }
            let days = calendar.workingDays(after: run.start, through: end)
            if used + days >= limit { return calendar.adding(workingDays: limit - used, to: run.start) }
            used += days
        }
        return nil
    }

    /// The state on `date` for dashboards ("due today", "late").
    public func state(on date: CalendarDate, calendar: WorkingDayCalendar) -> ServiceClockState {
        let due = dueDate(calendar: calendar)
        if let completedOn {
            guard let due else { return .met(on: completedOn) }
            return completedOn <= due ? .met(on: completedOn) : .missed(due: due, completedOn: completedOn)
        }
        if abandoned { return .stopped }
        guard isRunning else {
            guard let due else {
                return .paused(remaining: limit - workingDaysUsed(through: date, calendar: calendar))
            }
            return .pausedLate(due: due)
        }
        guard let due else { return .stopped }
        if date < due {
            return .running(due: due, remaining: calendar.workingDays(after: date, through: due))
        }
        if date == due { return .dueToday }
        return .late(due: due, workingDaysLate: calendar.workingDays(after: due, through: date))
    }
}

public enum ServiceClockState: Hashable, Sendable {
    case running(due: CalendarDate, remaining: Int)
    case dueToday
    case late(due: CalendarDate, workingDaysLate: Int)
    /// Waiting on the applicant with `remaining` working days left.
    case paused(remaining: Int)
    /// Waiting on the applicant, but the limit had already passed before the wait began.
    case pausedLate(due: CalendarDate)
    case met(on: CalendarDate)
    case missed(due: CalendarDate, completedOn: CalendarDate)
    /// Withdrawn or rejected: the limit no longer applies.
    case stopped

    /// Stable code for dashboards and the API.
    public var code: String {
        switch self {
        case .running: "running"
        case .dueToday: "due-today"
        case .late: "late"
        case .paused: "paused"
        case .pausedLate: "paused-late"
        case .met: "met"
        case .missed: "missed"
        case .stopped: "stopped"
        }
    }

    /// For supervisors: still open and at or past the limit.
    public var needsAttention: Bool {
        switch self {
        case .dueToday, .late: true
        default: false
        }
    }
}

/// The two time limits of an online renewal (domain-facts §4.3) and its fee, from the event log:
/// - issue within 7 working days of acceptance (submission), stopped by dispatch or readiness for
///   collection, paused while returned for correction and while approved but unpaid;
/// - production within 3 working days of payment, stopped the same way.
public struct RenewalClocks: Hashable, Sendable {
    public var calendar: WorkingDayCalendar
    public var issueLimit: Int
    public var productionLimit: Int
    /// Office time zone: events are instants, limits count office days (China has no daylight saving).
    public var timeZone: TimeZone

    public init(
        calendar: WorkingDayCalendar, issueLimit: Int = 7, productionLimit: Int = 3,
        timeZone: TimeZone = RenewalClocks.chinaStandardTime
    ) {
        self.calendar = calendar
        self.issueLimit = issueLimit
        self.productionLimit = productionLimit
        self.timeZone = timeZone
    }

    /// UTC+8 (Asia/Shanghai, which has had no daylight saving since 1991).
    public static var chinaStandardTime: TimeZone {
        TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? TimeZone.current
    }

    public func day(of instant: Date) -> CalendarDate {
        CalendarDate.today(in: timeZone, now: instant)
    }

    /// The application date: the day of the submission in China. The fee and the rules apply as of it.
    public func applicationDate(of history: ApplicationHistory) -> CalendarDate {
        day(of: history.submittedAt)
    }

    /// The fee in effect on the application date for the document (the rate that started on or before
    /// it, even if a later rate applies on the payment day).
    public func fee(
        for document: RenewalDocument, history: ApplicationHistory, schedule: FeeSchedule
    ) throws(FeeLookupError) -> FeeRate {
        try schedule.rate(for: document.feeItemCode, on: applicationDate(of: history))
    }

    /// Issue: 7 working days from acceptance, paused while returned or unpaid.
    public func issueClock(_ history: ApplicationHistory) -> ServiceClock {
        var runs: [ServiceClock.Run] = []
        var completed: CalendarDate?
        var abandoned = false
        for event in history.events {
            let date = day(of: event.at)
            switch event.kind {
            case .submitted, .resubmitted, .paid:
                if runs.last?.end != nil || runs.isEmpty { runs.append(.init(start: date, end: nil)) }
            case .returned, .approved:
                closeLast(&runs, on: date)
            case .dispatched, .readyForCollection:
                closeLast(&runs, on: date)
                completed = completed ?? date
            case .withdrawn, .rejected:
                closeLast(&runs, on: date)
                abandoned = completed == nil
            default: break
            }
        }
        return ServiceClock(limit: issueLimit, runs: runs, completedOn: completed, abandoned: abandoned)
    }

    /// Production: 3 working days from payment; nil before payment.
    public func productionClock(_ history: ApplicationHistory) -> ServiceClock? {
        guard let paid = history.events(of: .paid).first else { return nil }
        var run = ServiceClock.Run(start: day(of: paid.at), end: nil)
        var completed: CalendarDate?
        var abandoned = false
        for event in history.events where event.at >= paid.at {
            switch event.kind {
            case .dispatched, .readyForCollection:
                let date = day(of: event.at)
                if completed == nil {
                    run.end = date
                    completed = date
                }
            case .withdrawn:
                if completed == nil {
                    run.end = day(of: event.at)
                    abandoned = true
                }
            default: break
            }
        }
        return ServiceClock(limit: productionLimit, runs: [run], completedOn: completed, abandoned: abandoned)
    }

    private func closeLast(_ runs: inout [ServiceClock.Run], on date: CalendarDate) {
        guard let last = runs.indices.last, runs[last].end == nil else { return }
        runs[last].end = max(date, runs[last].start)
    }
}
