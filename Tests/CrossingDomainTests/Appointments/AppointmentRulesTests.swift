import CrossingDomain
import Foundation
import Testing

/// An office like the sample directory's Beijing hall: 12 counters, weekday mornings and afternoons,
/// Saturday mornings, every bookable service.
private let office = Office(
    code: "bj-dongcheng", name: LocalizedText(zh: "东城", en: "Dongcheng"), cityCode: "110100",
    cityName: LocalizedText(zh: "北京", en: "Beijing"), address: LocalizedText(zh: "地址", en: "Address"),
    latitude: 39.9, longitude: 116.4, phone: "010-1",
    hours: [
        OpeningHours(weekdays: [1, 2, 3, 4, 5], opens: "09:00", closes: "12:00"),
        OpeningHours(weekdays: [1, 2, 3, 4, 5], opens: "13:30", closes: "17:00"),
        OpeningHours(weekdays: [6], opens: "09:00", closes: "12:00"),
    ],
    counters: 12, services: AppointmentCatalogue.serviceCodes)

private let citizenOnly: Office = {
    var copy = office
    copy.code = "xa-yanta"
    copy.counters = 5
    copy.services = ["passport.first", "collection"]
    return copy
}()

private let calendar = Fixtures.workingDays
private let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? .current

private func at(_ iso: String, _ time: String) -> SlotTime {
    SlotTime(date: Fixtures.date(iso), minute: SlotTime.minute(of: time) ?? -1)
}

struct CapacityPlannerTests {
    @Test func countersAreSplitByWeightAmongTheOfferedGroups() {
        #expect(
            CapacityPlanner.counters(for: office) == [.citizenDocuments: 6, .collection: 3, .foreignerServices: 3])
        // 5 counters, 2 groups of weight 2 and 1: 3 and 1, the remainder to document applications.
        #expect(CapacityPlanner.counters(for: citizenOnly) == [.citizenDocuments: 4, .collection: 1])
    }

    @Test func aWeekdayHasSlotsFromBothOpeningPeriods() {
        // Monday 2026-11-23: 09:00-12:00 is 6 half hours, 13:30-17:00 is 7.
        let slots = CapacityPlanner.plan(
            office, on: Fixtures.date("2026-11-23"), calendar: calendar, closures: [], policy: .standard)
        let documents = slots.filter { $0.group == .citizenDocuments }
        #expect(documents.count == 13)
        #expect(documents.first?.startMinute == 9 * 60)
        #expect(documents.last?.startMinute == 16 * 60 + 30)
        #expect(!documents.contains { $0.startMinute == 12 * 60 })
        #expect(documents.allSatisfy { $0.capacity == 6 })
        #expect(slots.count == 13 * 3)
    }

    @Test func aSlotThatDoesNotFitBeforeClosingIsNotOffered() {
        var policy = AppointmentPolicy()
        policy.slotMinutes = 40
        let slots = CapacityPlanner.plan(
            office, on: Fixtures.date("2026-11-23"), calendar: calendar, closures: [], policy: policy
        )
        .filter { $0.group == .collection }
        // 09:00, 09:40, 10:40, 11:20? 11:20+40 = 12:00 fits; 13:30 ... 16:10 (16:50 does not fit).
        #expect(slots.map(\.startMinute) == [540, 580, 620, 660, 810, 850, 890, 930, 970])
    }

    @Test func holidaysCloseTheOfficeEvenOnItsOpeningWeekdays() {
        // 2026-10-01 (Thursday, National Day) and 2026-10-03 (Saturday inside the holiday).
        for day in ["2026-10-01", "2026-10-03", "2026-09-25"] {
            #expect(
                CapacityPlanner.plan(
                    office, on: Fixtures.date(day), calendar: calendar, closures: [], policy: .standard
                ).isEmpty)
            #expect(BookingRulesTests.closedReason(day) == "holiday")
        }
    }

    @Test func aMakeUpWorkingDayOpensWithMondayHours() {
        // Sunday 2026-09-20 and Saturday 2026-10-10 are make-up working days: full weekday hours.
        for day in ["2026-09-20", "2026-10-10"] {
            let slots = CapacityPlanner.plan(
                office, on: Fixtures.date(day), calendar: calendar, closures: [], policy: .standard)
            #expect(slots.filter { $0.group == .collection }.count == 13)
        }
        // An ordinary Sunday is closed, an ordinary Saturday has the morning only.
        #expect(
            CapacityPlanner.plan(
                office, on: Fixtures.date("2026-11-22"), calendar: calendar, closures: [], policy: .standard
            ).isEmpty)
        #expect(
            CapacityPlanner.plan(
                office, on: Fixtures.date("2026-11-28"), calendar: calendar, closures: [], policy: .standard
            )
            .filter { $0.group == .collection }.count == 6)
    }

    @Test func closuresRemoveTheSlotsTheyOverlap() {
        let day = Fixtures.date("2026-11-23")
        let afternoon = OfficeClosure(officeCode: office.code, date: day, fromMinute: 14 * 60, toMinute: 15 * 60 + 15)
        let slots = CapacityPlanner.plan(office, on: day, calendar: calendar, closures: [afternoon], policy: .standard)
            .filter { $0.group == .collection }.map(\.startMinute)
        // 14:00, 14:30 and 15:00 (which overlaps 15:00-15:15) are gone; 13:30 and 15:30 stay.
        #expect(slots.contains(13 * 60 + 30) && slots.contains(15 * 60 + 30))
        #expect(!slots.contains(14 * 60) && !slots.contains(14 * 60 + 30) && !slots.contains(15 * 60))
        let otherOffice = OfficeClosure(officeCode: "sh-pudong", date: day)
        #expect(
            CapacityPlanner.plan(office, on: day, calendar: calendar, closures: [otherOffice], policy: .standard).count
                == 39)
        let wholeDay = OfficeClosure(officeCode: office.code, date: day)
        #expect(
            CapacityPlanner.plan(office, on: day, calendar: calendar, closures: [wholeDay], policy: .standard).isEmpty)
    }
}

struct ReleaseScheduleTests {
    @Test func officesReleaseAtStaggeredTimesThatStayTheSame() {
        let policy = AppointmentPolicy.standard
        let offsets = ["bj-dongcheng", "sh-pudong", "gz-tianhe", "sz-futian", "cd-wuhou", "wh-jianghan"].map {
            ReleaseSchedule.staggerMinutes(officeCode: $0, policy: policy)
        }
        #expect(offsets.allSatisfy { (0..<policy.releaseStaggerMinutes).contains($0) && $0 % 5 == 0 })
        #expect(Set(offsets).count > 1, "not every office releases at the same minute")
        #expect(
            offsets
                == ["bj-dongcheng", "sh-pudong", "gz-tianhe", "sz-futian", "cd-wuhou", "wh-jianghan"].map {
                    ReleaseSchedule.staggerMinutes(officeCode: $0, policy: policy)
                })
    }

    @Test func aDayOpensAtTheReleaseTimeHorizonDaysBefore() {
        let policy = AppointmentPolicy.standard
        let day = Fixtures.date("2026-12-07")
        let release = ReleaseSchedule.releaseTime(of: day, officeCode: office.code, policy: policy)
        #expect(release.date == Fixtures.date("2026-11-23"))
        #expect(release.minute == 8 * 60 + ReleaseSchedule.staggerMinutes(officeCode: office.code, policy: policy))
        #expect(
            !ReleaseSchedule.isReleased(
                day, officeCode: office.code, policy: policy,
                now: SlotTime(date: release.date, minute: release.minute - 1)))
        #expect(ReleaseSchedule.isReleased(day, officeCode: office.code, policy: policy, now: release))
    }

    @Test func slotTimesConvertToInstantsInTheServiceTimeZone() {
        let time = at("2026-11-23", "09:30")
        // 09:30 in Beijing is 01:30 UTC.
        #expect(time.instant(in: shanghai) == Date(timeIntervalSince1970: 1_795_397_400))
        #expect(SlotTime.at(time.instant(in: shanghai), in: shanghai) == time)
        #expect(SlotTime.minute(of: "24:00") == nil && SlotTime.minute(of: "9:30") == nil)
        #expect(SlotTime.text(minute: 570) == "09:30")
    }
}

struct BookingRulesTests {
    static func closedReason(_ day: String) -> String {
        switch CapacityPlanner.closedReason(
            of: office, on: Fixtures.date(day), calendar: calendar, closures: [], policy: .standard)
        {
        case .holiday: "holiday"
        case .notOpeningDay: "not-opening"
        case .closure: "closure"
        case nil: "open"
        }
    }

    /// Sunday 22 November 2026, noon in Beijing (the server tests' fixed clock).
    let now = at("2026-11-22", "12:00")

    func check(
        _ day: String, _ time: String, service: String = "passport.first", at office: Office? = office,
        now: SlotTime? = nil
    ) -> Result<PlannedSlot, BookingError> {
        let request = BookingRequest(
            officeCode: office?.code ?? "nowhere", serviceCode: service, date: Fixtures.date(day),
            startMinute: SlotTime.minute(of: time) ?? -1)
        do {
            return .success(
                try BookingRules.check(
                    request, office: office, calendar: calendar, closures: [], policy: .standard, now: now ?? self.now))
        } catch {
            return .failure(error)
        }
    }

    func error(_ result: Result<PlannedSlot, BookingError>) -> BookingError? {
        if case .failure(let error) = result { return error }
        return nil
    }

    @Test func aReleasedSlotOnAWorkingDayIsAccepted() throws {
        let slot = try check("2026-11-23", "09:30").get()
        #expect(slot.group == .citizenDocuments && slot.capacity == 6 && slot.startMinute == 570)
        let foreign = try check("2026-11-23", "13:30", service: "foreigner.visa").get()
        #expect(foreign.group == .foreignerServices)
    }

    @Test func badRequestsAreRefusedWithTheirOwnReason() {
        #expect(error(check("2026-11-20", "09:30")) == .slotInPast)
        #expect(error(check("2026-11-23", "09:30", now: at("2026-11-23", "10:00"))) == .slotInPast)
        #expect(error(check("2026-11-23", "10:30", now: at("2026-11-23", "10:00"))) == .tooSoon)
        // 14 days ahead opens at about 08:00 on the day; 15 days ahead is beyond the horizon.
        #expect(error(check("2026-12-07", "09:30")) == .beyondHorizon)
        #expect(error(check("2026-12-04", "09:30")) == nil)
        #expect(error(check("2026-11-29", "09:30")) == .officeClosed)
        #expect(error(check("2026-11-23", "12:00")) == .noSuchSlot)
        #expect(error(check("2026-11-23", "09:30", service: "foreigner.visa", at: citizenOnly)) == .serviceNotOffered)
        #expect(error(check("2026-11-23", "09:30", service: "passport.renewal-online")) == .serviceNotBookable)
        #expect(error(check("2026-11-23", "09:30", at: nil)) == .unknownOffice)
    }

    @Test func aTimeClosedByTheOfficeSaysSoWhileAnUnknownTimeIsNoSuchSlot() {
        let day = Fixtures.date("2026-11-23")
        let closure = OfficeClosure(officeCode: office.code, date: day, fromMinute: 540, toMinute: 600)
        func check(_ time: String) -> BookingError? {
            do {
                _ = try BookingRules.check(
                    BookingRequest(
                        officeCode: office.code, serviceCode: "collection", date: day,
                        startMinute: SlotTime.minute(of: time) ?? -1),
                    office: office, calendar: calendar, closures: [closure], policy: .standard, now: now)
                return nil
            } catch {
                return error
            }
        }
        #expect(check("09:30") == .officeClosed)
        #expect(check("12:15") == .noSuchSlot)
        #expect(check("10:00") == nil)
    }

    @Test func aHolidayIsRefusedAsAHoliday() {
        // Mid-Autumn 2026: Friday 25 September is a holiday; the make-up Sunday 20 September is open.
        let before = at("2026-09-18", "12:00")
        #expect(error(check("2026-09-25", "09:30", now: before)) == .holiday)
        #expect(error(check("2026-09-20", "09:30", now: before)) == nil)
    }

    @Test func repeatedNoShowsStartACoolingOffPeriod() {
        let policy = AppointmentPolicy.standard
        let now = Date(timeIntervalSince1970: 1_795_320_000)
        let day: TimeInterval = 86_400
        #expect(BookingRules.coolingOffUntil(noShows: [now - 5 * day], policy: policy, now: now) == nil)
        let until = BookingRules.coolingOffUntil(noShows: [now - 100 * day, now - 5 * day], policy: policy, now: now)
        #expect(until == now - 5 * day + 30 * day)
        // Two no-shows, but the cooling-off after the later one is over.
        #expect(
            BookingRules.coolingOffUntil(noShows: [now - 100 * day, now - 40 * day], policy: policy, now: now) == nil)
        // One of them is older than the 180-day window.
        #expect(
            BookingRules.coolingOffUntil(noShows: [now - 200 * day, now - 5 * day], policy: policy, now: now) == nil)
    }

    @Test func changesAreLimited() {
        let policy = AppointmentPolicy.standard
        #expect(throws: Never.self) {
            try BookingRules.mayReschedule(status: .confirmed, reschedules: 1, policy: policy)
        }
        #expect(throws: BookingError.tooManyChanges) {
            try BookingRules.mayReschedule(status: .confirmed, reschedules: 2, policy: policy)
        }
        #expect(throws: BookingError.notChangeable) {
            try BookingRules.mayReschedule(status: .held, reschedules: 0, policy: policy)
        }
        #expect(throws: BookingError.notChangeable) {
            try BookingRules.mayCancel(status: .cancelled, start: at("2026-11-23", "09:00"), now: now)
        }
    }

    @Test func checkInAndNoShowFollowTheDay() {
        let day = Fixtures.date("2026-11-23")
        #expect(throws: BookingError.notToday) {
            try BookingRules.mayCheckIn(status: .confirmed, date: day, today: now.date)
        }
        #expect(throws: BookingError.alreadyCheckedIn) {
            try BookingRules.mayCheckIn(status: .checkedIn, date: day, today: day)
        }
        #expect(throws: BookingError.notYetOver) {
            try BookingRules.mayMarkNoShow(
                status: .confirmed, end: at("2026-11-23", "10:00"), now: at("2026-11-23", "09:45"))
        }
        #expect(throws: Never.self) {
            try BookingRules.mayMarkNoShow(
                status: .confirmed, end: at("2026-11-23", "10:00"), now: at("2026-11-23", "10:00"))
        }
        #expect(BookingRules.reminderTime(for: day) == at("2026-11-22", "18:00"))
    }

    @Test func everyErrorHasACodeAndBothLanguages() {
        for error in BookingError.allCases {
            #expect(error.code.hasPrefix("appointment-"))
            #expect(!error.message.zh.isEmpty && !error.message.en.isEmpty)
        }
        #expect(Set(BookingError.allCases.map(\.code)).count == BookingError.allCases.count)
    }
}

struct ConfirmationCodeTests {
    @Test func generatedCodesParseBackAndLookLikeTheExample() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let code = ConfirmationCode.generate(using: &generator)
            #expect(code.compact.count == 12)
            #expect(code.display.count == 14 && code.display.split(separator: "-").count == 3)
            #expect(try ConfirmationCode.parse(code.display) == code)
            #expect(try ConfirmationCode.parse(code.display.lowercased()) == code)
            #expect(try ConfirmationCode.parse(code.qrPayload) == code)
        }
    }

    @Test func everySingleWrongCharacterAndEveryNeighbourSwapIsCaught() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = ConfirmationCode.alphabet
        for _ in 0..<20 {
            let code = Array(ConfirmationCode.generate(using: &generator).compact)
            for index in code.indices {
                for replacement in alphabet where replacement != code[index] {
                    var typo = code
                    typo[index] = replacement
                    #expect(throws: ConfirmationCodeError.checkFailed) { try ConfirmationCode.parse(String(typo)) }
                }
                if index + 1 < code.count, code[index] != code[index + 1] {
                    var swapped = code
                    swapped.swapAt(index, index + 1)
                    #expect(throws: ConfirmationCodeError.checkFailed) { try ConfirmationCode.parse(String(swapped)) }
                }
            }
        }
    }

    @Test func lookAlikeLettersReadAsDigitsAndJunkIsRefused() throws {
        // The weighted sum of 1,1,0,0,... : check value computed by the rule, then typed with O and L.
        let values = [1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0]
        let sum = values.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }
        let check = ConfirmationCode.alphabet[(31 - sum % 31) % 31]
        let typed = "LIOO-1LOO-ILO" + String(check)
        #expect(try ConfirmationCode.parse(typed).compact == "110011001100".prefix(11) + String(check))
        #expect(throws: ConfirmationCodeError.wrongLength) { try ConfirmationCode.parse("ABCD-EFGH") }
        #expect(throws: ConfirmationCodeError.invalidCharacters) { try ConfirmationCode.parse("ABCD-EFGH-JKU!") }
    }
}

struct AppointmentCalendarFileTests {
    @Test func theFileHasOneEventInUTCWithEscapedFoldedText() {
        let file = AppointmentCalendarFile(
            uid: "abc@crossing", start: Date(timeIntervalSince1970: 1_795_397_400),
            end: Date(timeIntervalSince1970: 1_795_399_200), stamp: Date(timeIntervalSince1970: 1_795_320_000),
            summary: "Passport; first time, Beijing",
            location: String(repeating: "北京市东城区安定门东大街88号", count: 3), description: "Code: AB12-CD34-EF56")
        let text = file.text
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.contains("DTSTART:20261123T013000Z\r\n"))
        #expect(text.contains("DTEND:20261123T020000Z\r\n"))
        #expect(text.contains("DTSTAMP:20261122T040000Z\r\n"))
        #expect(text.contains("SUMMARY:Passport\\; first time\\, Beijing\r\n"))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(text.contains("\r\n "), "the long location is folded")
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
    }
}
