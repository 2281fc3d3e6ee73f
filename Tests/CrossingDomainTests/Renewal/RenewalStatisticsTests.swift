import CrossingDomain
import Foundation
import Testing

/// Supervisors' figures from the applications' event logs.
struct RenewalStatisticsTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? .current

    /// A history of `kinds` after the submission, one per `step` hours (the first at `first` hours).
    static func history(
        _ kinds: [ApplicationEventKind], handover: HandoverMethod = .courier, submittedAt hours: Double = 0,
        first: Double = 1, step: Double = 1
    ) throws -> ApplicationHistory {
        var events = [Lifecycle.event(.submitted, hours: hours, handover: handover)]
        for (index, kind) in kinds.enumerated() {
            events.append(Lifecycle.event(kind, hours: hours + first + Double(index) * step, handover: handover))
        }
        return try ApplicationHistory(events: events)
    }

    static var day: CalendarDate { CalendarDate.today(in: shanghai, now: Lifecycle.start) }

    static func statistics(
        _ inputs: [RenewalStatistics.Input], from: CalendarDate = day, through: CalendarDate = day
    )
        -> RenewalStatistics
    {
        RenewalStatistics(inputs, from: from, through: through, timeZone: shanghai)
    }

    @Test func nearestRankPercentilesOfApprovalHours() throws {
        let inputs = try (1...10).map {
            RenewalStatistics.Input(cityCode: "110100", history: try Self.history([.approved], first: Double($0)))
        }
        let figures = Self.statistics(inputs)
        #expect(figures.approvalHours.count == 10)
        #expect(figures.approvalHours.median == 5)
        #expect(figures.approvalHours.p90 == 9)
        #expect(figures.approved == 10)
    }

    @Test func oneValueIsItsOwnMedianAndP90AndNoneIsNil() throws {
        let one = Self.statistics([
            RenewalStatistics.Input(cityCode: "110100", history: try Self.history([.approved], first: 3))
        ])
        #expect(one.approvalHours.median == 3 && one.approvalHours.p90 == 3)
        let none = Self.statistics([RenewalStatistics.Input(cityCode: "110100", history: try Self.history([]))])
        #expect(none.approvalHours.count == 0 && none.approvalHours.median == nil && none.approvalHours.p90 == nil)
        #expect(none.deliveryDays.count == 0)
        let empty = Self.statistics([])
        #expect(empty.submitted == 0 && empty.perCityAndDay.isEmpty && empty.counterVisitsSaved == 0)
    }

    @Test func approvalTimeIncludesTheWaitForCorrections() throws {
        let history = try Self.history([.returned, .resubmitted, .approved], first: 1, step: 10)
        let figures = Self.statistics([RenewalStatistics.Input(cityCode: "110100", history: history)])
        #expect(figures.approvalHours.median == 21)
        #expect(figures.returned == 1)
    }

    @Test func deliveryDaysRunFromPaymentToDeliveryOrCollection() throws {
        let courier = try Self.history(
            [.approved, .paid, .inProduction, .dispatched, .outForDelivery, .delivered], first: 1, step: 24)
        let collection = try Self.history(
            [.approved, .paid, .inProduction, .readyForCollection, .collected], handover: .collection, first: 1,
            step: 12)
        let figures = Self.statistics([
            RenewalStatistics.Input(cityCode: "110100", history: courier),
            RenewalStatistics.Input(cityCode: "110100", history: collection),
        ])
        #expect(figures.deliveryDays.count == 2)
        #expect(figures.deliveryDays.median == 1.5)  // collection: 3 steps of 12 hours
        #expect(figures.deliveryDays.p90 == 4)  // courier: 4 steps of 24 hours
        #expect(figures.delivered == 1 && figures.collected == 1)
    }

    @Test func counterVisitsSaved() throws {
        let cases: [([ApplicationEventKind], HandoverMethod, Int)] = [
            ([.approved, .paid, .inProduction, .dispatched, .delivered], .courier, 2),
            ([.approved, .paid, .inProduction, .readyForCollection, .collected], .collection, 1),
            ([], .courier, 2),
            ([], .collection, 1),
            ([.withdrawn], .courier, 0),
            ([.rejected], .courier, 0),
            ([.approved, .paid, .withdrawn, .refunded], .courier, 0),
        ]
        for (kinds, handover, visits) in cases {
            let figures = Self.statistics([
                RenewalStatistics.Input(cityCode: "110100", history: try Self.history(kinds, handover: handover))
            ])
            #expect(figures.counterVisitsSaved == visits, "\(kinds) \(handover)")
        }
    }

    @Test func countsEachKindOncePerApplication() throws {
        let twice = try Self.history([.returned, .resubmitted, .returned, .resubmitted, .approved])
        let figures = Self.statistics([RenewalStatistics.Input(cityCode: "110100", history: twice)])
        #expect(figures.returned == 1)
        #expect(figures.approved == 1)
    }

    @Test func theDateRangeIsInclusiveAndInOfficeTime() throws {
        // Lifecycle.start is 14:13 in Shanghai; 10 hours later is the next office day.
        let today = try Self.history([])
        let tomorrow = try Self.history([], submittedAt: 10)
        let inputs = [
            RenewalStatistics.Input(cityCode: "110100", history: today),
            RenewalStatistics.Input(cityCode: "310100", history: tomorrow),
            RenewalStatistics.Input(cityCode: "110100", history: try Self.history([], submittedAt: 48)),
        ]
        #expect(Self.statistics(inputs).submitted == 1)
        let two = Self.statistics(inputs, through: Self.day.adding(days: 1))
        #expect(two.submitted == 2)
        #expect(
            two.perCityAndDay.map { "\($0.date.iso) \($0.cityCode) \($0.submitted)" } == [
                "\(Self.day.iso) 110100 1", "\(Self.day.adding(days: 1).iso) 310100 1",
            ])
        let later = Self.statistics(inputs, from: Self.day.adding(days: 1), through: Self.day.adding(days: 2))
        #expect(later.submitted == 2)
        #expect(later.from == Self.day.adding(days: 1))
    }

    @Test func perCityAndDayGroupsAndSorts() throws {
        let inputs = try ["440300", "110100", "440300", "110100", "110100"].map {
            RenewalStatistics.Input(cityCode: $0, history: try Self.history([]))
        }
        let rows = Self.statistics(inputs).perCityAndDay
        #expect(rows.map(\.cityCode) == ["110100", "440300"])
        #expect(rows.map(\.submitted) == [3, 2])
    }
}
