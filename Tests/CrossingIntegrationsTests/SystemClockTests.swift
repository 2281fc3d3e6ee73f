import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

@Suite("System clock")
struct SystemClockTests {
    @Test func todayFollowsTheGivenTimeZone() throws {
        let clock = SystemClock()
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let expected = CalendarDate.today(in: shanghai, now: clock.now())
        #expect(clock.today(in: shanghai) == expected)
    }
}
