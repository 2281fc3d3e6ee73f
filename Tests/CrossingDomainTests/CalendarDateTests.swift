import CrossingDomain
import Foundation
import Testing

struct CalendarDateTests {
    @Test(arguments: [
        (2024, 2, 29, true), (2025, 2, 29, false), (1900, 2, 29, false), (2000, 2, 29, true),
        (2025, 4, 31, false), (2025, 12, 31, true), (2025, 13, 1, false), (2025, 0, 1, false),
        (2025, 1, 0, false), (0, 1, 1, false), (10_000, 1, 1, false),
    ])
    func componentValidation(year: Int, month: Int, day: Int, isValid: Bool) {
        #expect((CalendarDate(year: year, month: month, day: day) != nil) == isValid)
    }

    @Test(arguments: [
        "2025-1-01", "2025/01/01", "20250101", "2025-01-01 ", " 2025-01-01", "2025-02-30", "２０２５-01-01",
        "+025-01-01", "2025-01-0a", "",
    ])
    func strictISORejects(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func isoRoundTripAndDescription() throws {
        let date = try #require(CalendarDate(iso: "0987-03-04"))
        #expect(date.year == 987 && date.month == 3 && date.day == 4)
        #expect(date.iso == "0987-03-04")
        #expect(date.description == "0987-03-04")
    }

    @Test(arguments: [
        ("1970-01-01", 4), ("2024-05-06", 1), ("2025-09-30", 2), ("2025-10-11", 6), ("2026-02-28", 6),
        ("2000-01-01", 6), ("1949-10-01", 6), ("2026-01-04", 7),
    ])
    func weekday(iso: String, expected: Int) {
        #expect(Fixtures.date(iso).weekday == expected)
    }

    @Test func dayArithmeticMatchesKnownDistances() {
        #expect(Fixtures.date("1970-01-01").daysSince1970 == 0)
        #expect(Fixtures.date("2000-03-01").daysSince1970 == 11_017)
        #expect(Fixtures.date("2024-03-01").daysSince(Fixtures.date("2024-02-28")) == 2)
        #expect(Fixtures.date("2025-03-01").daysSince(Fixtures.date("2025-02-28")) == 1)
        #expect(Fixtures.date("2025-12-31").adding(days: 1) == Fixtures.date("2026-01-01"))
        #expect(Fixtures.date("1969-12-31").daysSince1970 == -1)
        #expect(Fixtures.date("2026-01-01").adding(days: -366) == Fixtures.date("2024-12-31"))
    }

    @Test func conversionRoundTripsOverFourCenturies() {
        var expected = Fixtures.date("1800-01-01")
        for days in expected.daysSince1970...Fixtures.date("2200-12-31").daysSince1970 {
            let date = CalendarDate(daysSince1970: days)
            #expect(date == expected)
            #expect(date.daysSince1970 == days)
            let nextDay = expected.day + 1
            if let sameMonth = CalendarDate(year: expected.year, month: expected.month, day: nextDay) {
                expected = sameMonth
            } else if let nextMonth = CalendarDate(year: expected.year, month: expected.month + 1, day: 1) {
                expected = nextMonth
            } else if let nextYear = CalendarDate(year: expected.year + 1, month: 1, day: 1) {
                expected = nextYear
            }
        }
    }

    @Test func ordering() {
        #expect(Fixtures.date("2025-01-31") < Fixtures.date("2025-02-01"))
        #expect(Fixtures.date("2024-12-31") < Fixtures.date("2025-01-01"))
        #expect(!(Fixtures.date("2025-01-01") < Fixtures.date("2025-01-01")))
    }

    @Test func todayUsesTheGivenTimeZone() throws {
        // 2025-12-31T17:30:00Z is already 1 January 2026 in Shanghai (UTC+8).
        let instant = Date(timeIntervalSince1970: 1_767_202_200)
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(CalendarDate.today(in: shanghai, now: instant) == Fixtures.date("2026-01-01"))
        #expect(CalendarDate.today(in: utc, now: instant) == Fixtures.date("2025-12-31"))
        #expect(CalendarDate.today(in: utc, now: Date(timeIntervalSince1970: -1)) == Fixtures.date("1969-12-31"))
    }

    @Test func codableAsISOString() throws {
        let encoded = try JSONEncoder().encode([Fixtures.date("2026-02-28")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["2026-02-28"]"#)
        let decoded = try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2024-02-29"]"#.utf8))
        #expect(decoded == [Fixtures.date("2024-02-29")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2025-02-29"]"#.utf8))
        }
    }
}
