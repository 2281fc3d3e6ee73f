import CrossingDomain
import Foundation
import Testing

/// Clocks over the real 2025 and 2026 calendars (Fixtures, transcribed from the State Council notices).
struct RenewalClockTests {
    let clocks = RenewalClocks(calendar: Fixtures.workingDays)
    static let applicant = ApplicationActor.applicant(PersonID("p-1"))
    static let officer = ApplicationActor.officer("s-1")

    /// An instant in China Standard Time, "2025-09-30 10:00".
    static func cst(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        let iso = text.replacingOccurrences(of: " ", with: "T") + ":00+08:00"
        guard let date = formatter.date(from: iso) else { preconditionFailure("bad instant \(text)") }
        return date
    }

    static func history(_ steps: [(ApplicationEventType, String)]) throws -> ApplicationHistory {
        let events = steps.map { type, time in
            let actor: ApplicationActor
            switch type {
            case .submitted, .resubmitted, .withdrawn(.byApplicant): actor = applicant
            case .paid, .refunded: actor = .payments
            case .withdrawn: actor = .system("auto-withdrawal")
            default: actor = officer
            }
            return ApplicationEvent(type, by: actor, at: cst(time))
        }
        return try ApplicationHistory(events: events)
    }

    // MARK: Issue within 7 working days of acceptance

    @Test func nationalDay2025WithoutPauses() throws {
        let history = try Self.history([(.submitted(handover: .courier), "2025-09-30 10:00")])
        let clock = clocks.issueClock(history)
        #expect(clock.dueDate(calendar: Fixtures.workingDays) == Fixtures.date("2025-10-16"))
        #expect(clock.isRunning)
    }

    /// Returned on the first working day after the holiday and resubmitted the next Monday: the
    /// return day counts, 10-10, the make-up Saturday 10-11 and the resubmission day do not.
    @Test func timeReturnedForCorrectionDoesNotCount() throws {
        let history = try Self.history([
            (.submitted(handover: .courier), "2025-09-30 10:00"),
            (.returned(corrections: [CorrectionRequest(item: .photo)]), "2025-10-09 09:00"),
            (.resubmitted, "2025-10-13 20:00"),
        ])
        let clock = clocks.issueClock(history)
        #expect(clock.runs.count == 2)
        #expect(clock.workingDaysUsed(through: Fixtures.date("2025-10-13"), calendar: Fixtures.workingDays) == 1)
        #expect(clock.dueDate(calendar: Fixtures.workingDays) == Fixtures.date("2025-10-21"))
    }

    @Test func whileReturnedTheClockIsPaused() throws {
        let history = try Self.history([
            (.submitted(handover: .courier), "2025-09-30 10:00"),
            (.returned(corrections: [CorrectionRequest(item: .signature)]), "2025-10-09 09:00"),
        ])
        let clock = clocks.issueClock(history)
        #expect(clock.dueDate(calendar: Fixtures.workingDays) == nil)
        #expect(clock.state(on: Fixtures.date("2025-10-20"), calendar: Fixtures.workingDays) == .paused(remaining: 6))
    }

    /// Approved on 09-30 (day 1), paid on 10-10: the unpaid days do not count; the make-up Saturday does.
    @Test func timeWaitingForPaymentDoesNotCount() throws {
        let history = try Self.history([
            (.submitted(handover: .courier), "2025-09-29 10:00"),
            (.approved, "2025-09-30 15:00"),
            (.paid(amount: Money(yuan: 120)), "2025-10-10 08:30"),
        ])
        #expect(clocks.issueClock(history).dueDate(calendar: Fixtures.workingDays) == Fixtures.date("2025-10-17"))
        let production = try #require(clocks.productionClock(history))
        #expect(production.dueDate(calendar: Fixtures.workingDays) == Fixtures.date("2025-10-14"))
    }

    @Test func springFestival2026() throws {
        let history = try Self.history([
            (.submitted(handover: .courier), "2026-02-12 09:00"),
            (.approved, "2026-02-12 11:00"),
            (.paid(amount: Money(yuan: 120)), "2026-02-12 12:00"),
        ])
        // The wait for payment started and ended on 02-12, which counts for neither run.
        #expect(clocks.issueClock(history).dueDate(calendar: Fixtures.workingDays) == Fixtures.date("2026-02-28"))
        let production = try #require(clocks.productionClock(history))
        #expect(production.dueDate(calendar: Fixtures.workingDays) == Fixtures.date("2026-02-24"))
    }

    // MARK: Due today, late, met

    @Test(arguments: [
        ("2026-02-13", ServiceClockState.running(due: Fixtures.date("2026-02-24"), remaining: 2)),
        ("2026-02-20", .running(due: Fixtures.date("2026-02-24"), remaining: 1)),
        ("2026-02-23", .running(due: Fixtures.date("2026-02-24"), remaining: 1)),
        ("2026-02-24", .dueToday),
        ("2026-02-25", .late(due: Fixtures.date("2026-02-24"), workingDaysLate: 1)),
        ("2026-02-28", .late(due: Fixtures.date("2026-02-24"), workingDaysLate: 4)),
        ("2026-03-01", .late(due: Fixtures.date("2026-02-24"), workingDaysLate: 4)),
    ])
    func productionStateOnAGivenDay(day: String, expected: ServiceClockState) throws {
        let history = try Self.history([
            (.submitted(handover: .courier), "2026-02-10 09:00"), (.approved, "2026-02-11 09:00"),
            (.paid(amount: Money(yuan: 120)), "2026-02-12 12:00"), (.inProduction, "2026-02-13 09:00"),
        ])
        let clock = try #require(clocks.productionClock(history))
        let state = clock.state(on: Fixtures.date(day), calendar: Fixtures.workingDays)
        #expect(state == expected)
        #expect(state.needsAttention == (day >= "2026-02-24"))
    }

    @Test(arguments: [("2026-02-24 16:00", true), ("2026-02-25 09:00", false)])
    func dispatchStopsTheClocks(dispatchedAt: String, onTime: Bool) throws {
        let history = try Self.history([
            (.submitted(handover: .courier), "2026-02-12 09:00"), (.approved, "2026-02-12 11:00"),
            (.paid(amount: Money(yuan: 120)), "2026-02-12 12:00"), (.inProduction, "2026-02-13 09:00"),
            (.dispatched(trackingNumber: nil), dispatchedAt),
        ])
        let production = try #require(clocks.productionClock(history))
        let day = clocks.day(of: Self.cst(dispatchedAt))
        let expected: ServiceClockState =
            onTime ? .met(on: day) : .missed(due: Fixtures.date("2026-02-24"), completedOn: day)
        #expect(production.state(on: Fixtures.date("2026-03-10"), calendar: Fixtures.workingDays) == expected)
        #expect(!production.isRunning)
        // The issue limit (02-28) is met either way.
        let issue = clocks.issueClock(history)
        #expect(issue.state(on: Fixtures.date("2026-03-10"), calendar: Fixtures.workingDays) == .met(on: day))
    }

    @Test func collectionIsReadinessNotPickup() throws {
        let history = try Self.history([
            (.submitted(handover: .collection), "2025-09-30 10:00"), (.approved, "2025-09-30 11:00"),
            (.paid(amount: Money(yuan: 120)), "2025-09-30 12:00"), (.inProduction, "2025-10-09 09:00"),
            (.readyForCollection, "2025-10-11 10:00"), (.collected, "2025-11-03 10:00"),
        ])
        let production = try #require(clocks.productionClock(history))
        #expect(production.completedOn == Fixtures.date("2025-10-11"))
        #expect(
            production.state(on: Fixtures.date("2025-11-03"), calendar: Fixtures.workingDays)
                == .met(on: Fixtures.date("2025-10-11")))
    }

    @Test func withdrawnApplicationsStopTheirClocks() throws {
        let history = try Self.history([
            (.submitted(handover: .courier), "2025-09-30 10:00"), (.withdrawn(.byApplicant), "2025-10-20 10:00"),
        ])
        let clock = clocks.issueClock(history)
        #expect(clock.state(on: Fixtures.date("2025-10-30"), calendar: Fixtures.workingDays) == .stopped)
        #expect(clocks.productionClock(history) == nil)
    }

    @Test func aLimitPassedBeforeAPauseStaysLate() throws {
        let history = try Self.history([
            (.submitted(handover: .courier), "2025-09-30 10:00"),
            (.returned(corrections: [CorrectionRequest(item: .photo)]), "2025-10-20 09:00"),
        ])
        let state = clocks.issueClock(history).state(on: Fixtures.date("2025-10-22"), calendar: Fixtures.workingDays)
        #expect(state == .pausedLate(due: Fixtures.date("2025-10-16")))
    }

    // MARK: Days and fees

    @Test func theOfficeDayIsTheDayInChina() {
        #expect(clocks.day(of: Self.cst("2026-02-13 00:30")) == Fixtures.date("2026-02-13"))
        // 2026-02-12 17:00 UTC is already 02-13 in Beijing.
        #expect(clocks.day(of: Date(timeIntervalSince1970: 1_770_915_600)) == Fixtures.date("2026-02-13"))
    }

    /// 发改价格〔2019〕914号: ¥160 until 30 June 2019, ¥120 from 1 July.
    @Test(arguments: [("2019-06-30 23:59", Money(yuan: 160)), ("2019-07-01 00:00", Money(yuan: 120))])
    func theFeeIsTheOneInEffectOnTheApplicationDate(submittedAt: String, fee: Money) throws {
        let schedule = try FeeSchedule(items: Fixtures.feeItems)
        let history = try Self.history([
            (.submitted(handover: .courier), submittedAt), (.approved, "2019-07-02 09:00"),
        ])
        let rate = try clocks.fee(for: .ordinaryPassport, history: history, schedule: schedule)
        #expect(rate.amount == fee)
    }

    @Test func permitFeesUseTheReferenceDataCodes() throws {
        let schedule = try FeeSchedule(items: [
            FeeItem(
                code: "hkmo-permit.card", nameZh: "往来港澳通行证", nameEn: "HK/Macao permit", unitZh: "证", unitEn: "card",
                rates: [Fixtures.rate("2019-07-01", yuan: 60, "发改价格〔2019〕914号")]),
            FeeItem(
                code: "taiwan-permit.card", nameZh: "往来台湾通行证", nameEn: "Taiwan permit", unitZh: "证", unitEn: "card",
                rates: [Fixtures.rate("2020-01-01", yuan: 60, "发改价格规〔2019〕1931号")]),
        ])
        let history = try Self.history([(.submitted(handover: .courier), "2026-03-02 10:00")])
        #expect(try clocks.fee(for: .hkMacaoPermit, history: history, schedule: schedule).amount == Money(yuan: 60))
        #expect(try clocks.fee(for: .taiwanPermit, history: history, schedule: schedule).amount == Money(yuan: 60))
        #expect(throws: FeeLookupError.unknownItem(code: "passport.ordinary")) {
            try clocks.fee(for: .ordinaryPassport, history: history, schedule: schedule)
        }
    }
}
