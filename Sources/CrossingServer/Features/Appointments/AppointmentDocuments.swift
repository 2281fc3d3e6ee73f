import CrossingDomain
import Foundation
import Vapor

/// One appointment as the API shows it. The confirmation code appears once the booking is confirmed.
struct AppointmentDocument: Content {
    var id: String
    var status: String
    var code: String?
    var officeCode: String
    var officeName: String
    var officeAddress: String
    var mapUrl: String?
    var serviceCode: String
    var serviceName: String
    var date: String
    var time: String
    var endTime: String
    /// ISO 8601, UTC.
    var startsAt: String
    var holdExpiresAt: String?
    var reschedulesLeft: Int
    /// Set when a helper booked for a dependent (the delegation's ID).
    var dependentId: String?
    var calendarUrl: String?
    var qrUrl: String?

    init(_ record: AppointmentRecord, snapshot: ReferenceSnapshot?, policy: AppointmentPolicy, language: Language) {
        let formatter = ISO8601DateFormatter()
        let office = snapshot?.directory.office(code: record.officeCode)
        let id = record.id?.uuidString ?? ""
        let shown = [AppointmentStatus.confirmed, .checkedIn].contains(record.appointmentStatus)
        self.id = id
        status = record.status
        code = shown ? record.confirmationCode?.display : nil
        officeCode = record.officeCode
        officeName = office?.name.text(in: language) ?? record.officeCode
        officeAddress = office?.address.text(in: language) ?? ""
        mapUrl = office?.mapURL
        serviceCode = record.serviceCode
        serviceName = snapshot?.catalogue.guide(code: record.serviceCode)?.name.text(in: language) ?? record.serviceCode
        date = record.date
        time = SlotTime.text(minute: record.startMinute)
        endTime = SlotTime.text(minute: record.startMinute + policy.slotMinutes)
        startsAt = formatter.string(from: record.startsAt)
        holdExpiresAt = record.appointmentStatus == .held ? record.holdExpiresAt.map(formatter.string(from:)) : nil
        reschedulesLeft = max(0, policy.maxReschedules - record.reschedules)
        dependentId = record.delegationID
        calendarUrl = shown ? "/api/v1/appointments/\(id)/calendar.ics" : nil
        qrUrl = shown ? "/api/v1/appointments/\(id)/qr.svg" : nil
    }
}

struct AppointmentList: Content {
    var items: [AppointmentDocument]
}

struct AvailabilityDocument: Content {
    struct Day: Content {
        var date: String
        /// holiday | not-opening | closure, when the office is closed that day.
        var closed: String?
        var slots: [Slot]
    }

    struct Slot: Content {
        var time: String
        var endTime: String
        var free: Int
    }

    var officeCode: String
    var serviceCode: String
    var days: [Day]

    init(officeCode: String, serviceCode: String, days: [BookingService.DayAvailability]) {
        self.officeCode = officeCode
        self.serviceCode = serviceCode
        self.days = days.map { day in
            let closed: String? =
                switch day.closedReason {
                case .holiday: "holiday"
                case .notOpeningDay: "not-opening"
                case .closure: "closure"
                case nil: nil
                }
            return Day(
                date: day.date.iso, closed: closed,
                slots: day.slots.map {
                    Slot(
                        time: SlotTime.text(minute: $0.startMinute), endTime: SlotTime.text(minute: $0.endMinute),
                        free: $0.free)
                })
        }
    }
}

/// Reads and checks the fields of a booking form or body, collecting every mistake.
struct BookingInput {
    var officeCode: String?
    var serviceCode: String?
    var date: String?
    var time: String?

    func request(language: Language, requireService: Bool = true) throws -> BookingRequest {
        var errors: [Problem.FieldError] = []
        func missing(_ field: String, _ text: LocalizedText) {
            errors.append(.init(field: field, code: "required", message: text.text(in: language)))
        }
        let office = officeCode?.trimmingCharacters(in: .whitespaces) ?? ""
        let service = serviceCode?.trimmingCharacters(in: .whitespaces) ?? ""
        if office.isEmpty { missing("officeCode", LocalizedText(zh: "请选择办事机构", en: "Choose an office")) }
        if service.isEmpty && requireService {
            missing("serviceCode", LocalizedText(zh: "请选择业务", en: "Choose a service"))
        }
        let parsedDate = date.flatMap { CalendarDate(iso: $0.trimmingCharacters(in: .whitespaces)) }
        if parsedDate == nil {
            errors.append(
                .init(
                    field: "date", code: "invalid-date",
                    message: LocalizedText(zh: "请选择日期（格式为 YYYY-MM-DD）", en: "Choose a date (YYYY-MM-DD)").text(
                        in: language)))
        }
        let minute = time.flatMap { SlotTime.minute(of: $0.trimmingCharacters(in: .whitespaces)) }
        if minute == nil {
            errors.append(
                .init(
                    field: "time", code: "invalid-time",
                    message: LocalizedText(zh: "请选择时段（格式为 HH:MM）", en: "Choose a time (HH:MM)").text(in: language)))
        }
        guard errors.isEmpty, let parsedDate, let minute else { throw AppointmentFailure.invalid(errors) }
        return BookingRequest(officeCode: office, serviceCode: service, date: parsedDate, startMinute: minute)
    }
}
