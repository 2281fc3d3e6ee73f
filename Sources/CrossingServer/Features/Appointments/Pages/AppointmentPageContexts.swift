import CrossingDomain
import Foundation
import Vapor

/// Display-ready values for the appointment pages; templates hold no rules.
struct AppointmentRowView: Encodable, Sendable {
    var id: String
    var when: String
    var service: String
    var office: String
    var status: String
    var statusCode: String
    var person: String
}

struct MyAppointmentsContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AppointmentStrings
    var notice: String
    var rows: [AppointmentRowView]
}

struct OfficeChoiceView: Encodable, Sendable {
    var code: String
    var name: String
    var address: String
    var mapURL: String
    var href: String
    var selected: Bool
}

struct DayView: Encodable, Sendable {
    var date: String
    var label: String
    var href: String
    var note: String
    var selectable: Bool
    var selected: Bool
}

struct SlotView: Encodable, Sendable {
    var time: String
    var label: String
    var free: Int
}

struct NewAppointmentContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AppointmentStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var people: [OptionView]
    var services: [OptionView]
    var city: String
    var forValue: String
    var serviceValue: String
    var searched: Bool
    var offices: [OfficeChoiceView]
    var officeCode: String
    var officeName: String
    var days: [DayView]
    var date: String
    var dateLabel: String
    var slots: [SlotView]
    /// Where the slot forms post (a new booking, or a reschedule).
    var action: String
    var buttonLabel: String
    var heading: String
    var intro: String
}

struct AppointmentDetailContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AppointmentStrings
    var csrfToken: String
    var notice: String
    var id: String
    var status: String
    var isHeld: Bool
    var isConfirmed: Bool
    var holdUntil: String
    var code: String
    var when: String
    var service: String
    var office: String
    var address: String
    var mapURL: String
    var person: String
    var reschedulesLeft: Int
    var canReschedule: Bool
}

enum AppointmentPageFormat {
    static func when(_ record: AppointmentRecord, policy: AppointmentPolicy, language: Language) -> String {
        let end = SlotTime.text(minute: record.startMinute + policy.slotMinutes)
        return "\(day(record.calendarDate, language: language)) \(SlotTime.text(minute: record.startMinute))–\(end)"
    }

    static func day(_ date: CalendarDate?, language: Language) -> String {
        guard let date else { return "" }
        let weekdays =
            language == .zh
            ? ["周一", "周二", "周三", "周四", "周五", "周六", "周日"] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let name = weekdays[date.weekday - 1]
        return language == .zh ? "\(date.year)年\(date.month)月\(date.day)日（\(name)）" : "\(name) \(date.iso)"
    }

    static func localTime(_ date: Date, timeZone: TimeZone) -> String {
        let slot = SlotTime.at(date, in: timeZone)
        let seconds = Int(date.timeIntervalSince1970) % 60
        return SlotTime.text(minute: slot.minute) + ":" + (seconds < 10 ? "0" : "") + String(seconds)
    }
}
