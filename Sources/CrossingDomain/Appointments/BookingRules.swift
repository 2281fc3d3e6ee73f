import Foundation

/// Where an appointment is in its life. Held and confirmed appointments are *active*: they occupy
/// a place and count toward "one active booking per person per service group".
public enum AppointmentStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case held
    case confirmed
    case checkedIn = "checked-in"
    case noShow = "no-show"
    case cancelled
    case expired

    public var isActive: Bool { self == .held || self == .confirmed }
}

/// What a person asks for, already parsed.
public struct BookingRequest: Hashable, Sendable {
    public var officeCode: String
    public var serviceCode: String
    public var date: CalendarDate
    public var startMinute: Int

    public init(officeCode: String, serviceCode: String, date: CalendarDate, startMinute: Int) {
        self.officeCode = officeCode
        self.serviceCode = serviceCode
        self.date = date
        self.startMinute = startMinute
    }
}

/// The rules a booking request must pass before a place is taken. Capacity itself is decided by
/// the database (a conditional update of the slot row), never here.
public enum BookingRules {
    /// Checks the request against the directory, the calendar, the release schedule and the
    /// person's history; returns the planned slot to take a place in.
    public static func check(
        _ request: BookingRequest, office: Office?, calendar: WorkingDayCalendar, closures: [OfficeClosure],
        policy: AppointmentPolicy, now: SlotTime
    ) throws(BookingError) -> PlannedSlot {
        guard let group = AppointmentCatalogue.group(of: request.serviceCode) else { throw .serviceNotBookable }
        guard let office else { throw .unknownOffice }
        guard office.services.contains(request.serviceCode) else { throw .serviceNotOffered }
        let start = SlotTime(date: request.date, minute: request.startMinute)
        guard start > now else { throw .slotInPast }
        guard ReleaseSchedule.isReleased(request.date, officeCode: office.code, policy: policy, now: now) else {
            throw .beyondHorizon
        }
        guard
            start.date > now.date
                || start.minute >= now.minute + policy.minimumLeadMinutes
        else { throw .tooSoon }
        if calendar.holiday(on: request.date) != nil, !calendar.isMakeUpWorkday(request.date) { throw .holiday }
        let slots = CapacityPlanner.plan(
            office, on: request.date, calendar: calendar, closures: closures, policy: policy)
        guard !slots.isEmpty else { throw .officeClosed }
        guard let slot = slots.first(where: { $0.group == group && $0.startMinute == request.startMinute }) else {
            // A time the office normally has, closed by a supervisor, says so.
            let open = CapacityPlanner.plan(office, on: request.date, calendar: calendar, closures: [], policy: policy)
            throw open.contains { $0.group == group && $0.startMinute == request.startMinute }
                ? .officeClosed : .noSuchSlot
        }
        return slot
    }

    /// The end of the cooling-off period after repeated no-shows, or nil when the person may book.
    /// `noShows` are the slot start times of the person's no-shows.
    public static func coolingOffUntil(noShows: [Date], policy: AppointmentPolicy, now: Date) -> Date? {
        guard policy.noShowLimit > 0 else { return nil }
        let windowStart = now.addingTimeInterval(-Double(policy.noShowWindowDays) * 86_400)
        let recent = noShows.filter { $0 > windowStart && $0 <= now }.sorted()
        guard recent.count >= policy.noShowLimit, let last = recent.last else { return nil }
        let until = last.addingTimeInterval(Double(policy.coolingOffDays) * 86_400)
        return until > now ? until : nil
    }

    /// Whether one more change of date or time is allowed.
    public static func mayReschedule(
        status: AppointmentStatus, reschedules: Int, policy: AppointmentPolicy
    ) throws(BookingError) {
        guard status == .confirmed else { throw .notChangeable }
        guard reschedules < policy.maxReschedules else { throw .tooManyChanges }
    }

    /// Cancelling is possible while the appointment is active and has not started.
    public static func mayCancel(status: AppointmentStatus, start: SlotTime, now: SlotTime) throws(BookingError) {
        guard status.isActive else { throw .notChangeable }
        guard start > now else { throw .slotInPast }
    }

    /// Officers check in confirmed appointments of their office on the appointment's day.
    public static func mayCheckIn(
        status: AppointmentStatus, date: CalendarDate, today: CalendarDate
    ) throws(BookingError) {
        guard status == .confirmed else { throw status == .checkedIn ? .alreadyCheckedIn : .notChangeable }
        guard date == today else { throw .notToday }
    }

    /// A no-show can be recorded once the slot is over and the person has not been checked in.
    public static func mayMarkNoShow(status: AppointmentStatus, end: SlotTime, now: SlotTime) throws(BookingError) {
        guard status == .confirmed else { throw .notChangeable }
        guard end <= now else { throw .notYetOver }
    }

    /// When the reminder should go out: 18:00 local on the day before (at once when that has passed).
    public static func reminderTime(for date: CalendarDate) -> SlotTime {
        SlotTime(date: date.adding(days: -1), minute: 18 * 60)
    }
}

public enum BookingError: DomainError, Hashable, CaseIterable {
    case serviceNotBookable
    case unknownOffice
    case serviceNotOffered
    case slotInPast
    case tooSoon
    case beyondHorizon
    case holiday
    case officeClosed
    case noSuchSlot
    case full
    case alreadyBooked
    case coolingOff
    case holdExpired
    case notChangeable
    case tooManyChanges
    case alreadyCheckedIn
    case notToday
    case notYetOver
    case identityRequired

    public var code: String {
        switch self {
        case .serviceNotBookable: "appointment-service-not-bookable"
        case .unknownOffice: "appointment-unknown-office"
        case .serviceNotOffered: "appointment-service-not-offered"
        case .slotInPast: "appointment-slot-in-past"
        case .tooSoon: "appointment-too-soon"
        case .beyondHorizon: "appointment-beyond-horizon"
        case .holiday: "appointment-holiday"
        case .officeClosed: "appointment-office-closed"
        case .noSuchSlot: "appointment-no-such-slot"
        case .full: "appointment-full"
        case .alreadyBooked: "appointment-already-booked"
        case .coolingOff: "appointment-cooling-off"
        case .holdExpired: "appointment-hold-expired"
        case .notChangeable: "appointment-not-changeable"
        case .tooManyChanges: "appointment-too-many-changes"
        case .alreadyCheckedIn: "appointment-already-checked-in"
        case .notToday: "appointment-not-today"
        case .notYetOver: "appointment-not-yet-over"
        case .identityRequired: "appointment-identity-required"
        }
    }

    /// The request field the error is about (nil: the request as a whole).
    public var field: String? {
        switch self {
        case .serviceNotBookable, .serviceNotOffered: "serviceCode"
        case .unknownOffice: "officeCode"
        case .slotInPast, .beyondHorizon, .holiday, .officeClosed: "date"
        case .tooSoon, .noSuchSlot: "time"
        default: nil
        }
    }

    public var message: LocalizedText {
        switch self {
        case .serviceNotBookable:
            LocalizedText(zh: "该业务不需要或不支持预约，请选择其他业务", en: "This service cannot be booked; choose another one")
        case .unknownOffice:
            LocalizedText(zh: "找不到该办事机构，请重新选择", en: "We cannot find that office; choose it again")
        case .serviceNotOffered:
            LocalizedText(
                zh: "该办事机构不办理此项业务，请选择其他办事机构", en: "That office does not offer this service; choose another office")
        case .slotInPast:
            LocalizedText(zh: "该时段已经过去，请选择以后的时段", en: "That time has passed; choose a later one")
        case .tooSoon:
            LocalizedText(
                zh: "开始前1小时内的时段不能预约，请选择更晚的时段",
                en: "Times starting within the next hour cannot be booked; choose a later one")
        case .beyondHorizon:
            LocalizedText(
                zh: "该日期尚未开放预约，请在开放后再来", en: "That date is not open for booking yet; come back when it opens")
        case .holiday:
            LocalizedText(zh: "该日期为法定节假日，办事机构不办公", en: "That date is a public holiday; offices are closed")
        case .officeClosed:
            LocalizedText(zh: "办事机构当天不办公，请选择其他日期", en: "The office is closed that day; choose another date")
        case .noSuchSlot:
            LocalizedText(zh: "当天没有该时段，请从列出的时段中选择", en: "There is no such time that day; choose one of those listed")
        case .full:
            LocalizedText(zh: "该时段已约满，请选择其他时段", en: "That time is fully booked; choose another time")
        case .alreadyBooked:
            LocalizedText(
                zh: "此人已有一个同类业务的有效预约，请先取消或改期",
                en: "This person already has an active booking for this kind of service; cancel or change it first")
        case .coolingOff:
            LocalizedText(
                zh: "因多次预约未到，暂时不能预约，请稍后再试或到现场取号",
                en: "After repeated missed appointments you cannot book for a while; try later or queue at the office")
        case .holdExpired:
            LocalizedText(
                zh: "保留时间已过，该时段已释放，请重新选择", en: "The hold has run out and the place was released; choose again")
        case .notChangeable:
            LocalizedText(zh: "此预约当前状态下不能进行该操作", en: "This appointment cannot be changed in its current state")
        case .tooManyChanges:
            LocalizedText(
                zh: "改期次数已达上限，如需更改请取消后重新预约",
                en: "You have changed this appointment as often as allowed; cancel it and book again")
        case .alreadyCheckedIn:
            LocalizedText(zh: "此预约已签到", en: "This appointment is already checked in")
        case .notToday:
            LocalizedText(zh: "此预约不是今天的，不能签到", en: "This appointment is not for today; it cannot be checked in")
        case .notYetOver:
            LocalizedText(zh: "预约时段尚未结束，不能标记为未到", en: "The time has not ended yet; it cannot be marked as missed")
        case .identityRequired:
            LocalizedText(
                zh: "预约需要实名认证的账户", en: "Booking needs an account verified with your real name")
        }
    }
}
