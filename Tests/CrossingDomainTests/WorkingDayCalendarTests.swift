import CrossingDomain
import Testing

struct WorkingDayCalendarTests {
    let calendar = Fixtures.workingDays

    @Test(arguments: [2025, 2026])
    func eachYearHas248WorkingDays(year: Int) {
        #expect(calendar.workingDays(inYear: year) == 248)
    }

    @Test(arguments: [
        ("2025-09-30", 3, "2025-10-11"), ("2025-09-30", 7, "2025-10-16"),
        ("2026-02-12", 3, "2026-02-24"), ("2026-02-12", 7, "2026-02-28"),
    ])
    func workedExamples(start: String, days: Int, expected: String) {
        #expect(calendar.adding(workingDays: days, to: Fixtures.date(start)) == Fixtures.date(expected))
    }

    /// Weekday of every first and last holiday day and every make-up day, as printed in the notices
    /// (1 = Monday ... 7 = Sunday).
    @Test(arguments: [
        ("2025-01-01", 3), ("2025-01-28", 2), ("2025-02-04", 2), ("2025-01-26", 7), ("2025-02-08", 6),
        ("2025-04-04", 5), ("2025-04-06", 7), ("2025-05-01", 4), ("2025-05-05", 1), ("2025-04-27", 7),
        ("2025-05-31", 6), ("2025-06-02", 1), ("2025-10-01", 3), ("2025-10-08", 3), ("2025-09-28", 7),
        ("2025-10-11", 6), ("2026-01-01", 4), ("2026-01-03", 6), ("2026-01-04", 7), ("2026-02-15", 7),
        ("2026-02-23", 1), ("2026-02-14", 6), ("2026-02-28", 6), ("2026-04-04", 6), ("2026-04-06", 1),
        ("2026-05-01", 5), ("2026-05-05", 2), ("2026-05-09", 6), ("2026-06-19", 5), ("2026-06-21", 7),
        ("2026-09-25", 5), ("2026-09-27", 7), ("2026-10-01", 4), ("2026-10-07", 3), ("2026-09-20", 7),
        ("2026-10-10", 6),
    ])
    func tableWeekdays(iso: String, weekday: Int) {
        #expect(Fixtures.date(iso).weekday == weekday)
    }

    @Test func makeUpDaysAreWorkingDays() {
        for period in Fixtures.holidays2025 + Fixtures.holidays2026 {
            for day in period.makeUpWorkdays {
                #expect(day.isWeekend, "\(day) should be a weekend day")
                #expect(calendar.isMakeUpWorkday(day))
                #expect(calendar.isWorkingDay(day))
                #expect(!calendar.isHoliday(day))
            }
        }
    }

    @Test func holidaysAreNotWorkingDays() {
        for period in Fixtures.holidays2025 + Fixtures.holidays2026 {
            #expect(!period.days.isEmpty)
            for day in period.days {
                #expect(calendar.isHoliday(day))
                #expect(!calendar.isWorkingDay(day), "\(day) is in \(period.nameEn)")
                #expect(calendar.holiday(on: day) == period)
            }
        }
    }

    @Test func ordinaryDays() {
        #expect(calendar.isWorkingDay(Fixtures.date("2025-03-03")))  // Monday
        #expect(!calendar.isWorkingDay(Fixtures.date("2025-03-08")))  // Saturday
        #expect(!calendar.isWorkingDay(Fixtures.date("2025-03-09")))  // Sunday
        #expect(calendar.holiday(on: Fixtures.date("2025-03-03")) == nil)
    }

    @Test func countingAcrossTheYearBoundary() {
        // 2025-12-31 (Wed) → 2026-01-01..03 off, 04 (Sun) make-up, 05 Mon, 06 Tue.
        let start = Fixtures.date("2025-12-31")
        #expect(calendar.adding(workingDays: 1, to: start) == Fixtures.date("2026-01-04"))
        #expect(calendar.adding(workingDays: 3, to: start) == Fixtures.date("2026-01-06"))
        #expect(calendar.workingDays(after: Fixtures.date("2025-12-30"), through: Fixtures.date("2026-01-05")) == 3)
    }

    @Test(arguments: [0, 1, 3, 7, 15, 30, 100, 248, 365])
    func addingThenCountingRoundTrips(days: Int) {
        for start in ["2025-01-01", "2025-09-30", "2026-02-12", "2025-12-26", "2026-02-14"].map(Fixtures.date) {
            let end = calendar.adding(workingDays: days, to: start)
            #expect(calendar.workingDays(after: start, through: end) == days)
            #expect(days == 0 || calendar.isWorkingDay(end))
            #expect(calendar.adding(workingDays: -days, to: end) <= start)
        }
    }

    @Test func countIsZeroForEmptyOrReversedIntervals() {
        let day = Fixtures.date("2025-06-03")
        #expect(calendar.workingDays(after: day, through: day) == 0)
        #expect(calendar.workingDays(after: day, through: Fixtures.date("2025-06-01")) == 0)
    }

    @Test func coverage() {
        #expect(calendar.covers(Fixtures.date("2026-12-31")))
        #expect(!calendar.covers(Fixtures.date("2027-01-01")))
        #expect(calendar.periods(inYear: 2026).count == 7)
        // Outside covered years only weekends are known.
        #expect(calendar.workingDays(inYear: 2027) == 261)
    }
}
