import CrossingDomain
import Fluent
import Foundation

/// One slot of one service group at one office: its capacity and the places taken (held, confirmed,
/// or cancelled but not yet returned to the pool).
final class AppointmentSlotRecord: Model, @unchecked Sendable {
    static let schema = "appointment_slots"

    @ID(key: .id) var id: UUID?
    @Field(key: "office_code") var officeCode: String
    @Field(key: "service_group") var serviceGroup: String
    /// YYYY-MM-DD, local date of the office.
    @Field(key: "date") var date: String
    @Field(key: "start_minute") var startMinute: Int
    @Field(key: "end_minute") var endMinute: Int
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "capacity") var capacity: Int
    @Field(key: "booked") var booked: Int

    init() {}

    var free: Int { max(0, capacity - booked) }
}

final class AppointmentRecord: Model, @unchecked Sendable {
    static let schema = "appointments"

    @ID(key: .id) var id: UUID?
    /// The confirmation code, compact (12 symbols).
    @Field(key: "code") var code: String
    @Field(key: "slot_id") var slotID: UUID
    @Field(key: "office_code") var officeCode: String
    @Field(key: "service_code") var serviceCode: String
    @Field(key: "service_group") var serviceGroup: String
    @Field(key: "date") var date: String
    @Field(key: "start_minute") var startMinute: Int
    @Field(key: "starts_at") var startsAt: Date
    /// The registry person the appointment is for (bound to them: not transferable).
    @Field(key: "person_key") var personKey: String
    @Field(key: "booked_by_account_id") var bookedByAccountID: UUID
    @Field(key: "booked_by_person_key") var bookedByPersonKey: String
    /// Set when a helper booked for a dependent under this delegation.
    @OptionalField(key: "delegation_id") var delegationID: String?
    @Field(key: "status") var status: String
    /// "person|group" while active, NULL afterwards; unique.
    @OptionalField(key: "active_key") var activeKey: String?
    @OptionalField(key: "hold_expires_at") var holdExpiresAt: Date?
    @Field(key: "reschedules") var reschedules: Int
    /// Keyed digest of the client address the booking came from (for finding scripted bookings).
    @Field(key: "client_digest") var clientDigest: String
    /// "account|Idempotency-Key" of the creating request.
    @OptionalField(key: "idempotency_key") var idempotencyKey: String?
    @Field(key: "language") var language: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    /// When it was cancelled, expired, checked in or marked as a no-show, and by whom.
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalField(key: "ended_by") var endedBy: String?

    init() {}

    var appointmentStatus: AppointmentStatus { AppointmentStatus(rawValue: status) ?? .cancelled }
    var calendarDate: CalendarDate? { CalendarDate(iso: date) }
    var confirmationCode: ConfirmationCode? { try? ConfirmationCode.parse(code) }

    static func activeKey(person: String, group: AppointmentServiceGroup) -> String { person + "|" + group.rawValue }
}

final class AppointmentClosureRecord: Model, @unchecked Sendable {
    static let schema = "appointment_closures"

    @ID(key: .id) var id: UUID?
    @Field(key: "office_code") var officeCode: String
    @Field(key: "date") var date: String
    @OptionalField(key: "from_minute") var fromMinute: Int?
    @OptionalField(key: "to_minute") var toMinute: Int?
    @Field(key: "reason") var reason: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var closure: OfficeClosure? {
        CalendarDate(iso: date).map {
            OfficeClosure(officeCode: officeCode, date: $0, fromMinute: fromMinute, toMinute: toMinute)
        }
    }
}

/// A place given back to a slot's pool; its uniqueness makes the return happen once.
final class AppointmentPlaceReturnRecord: Model, @unchecked Sendable {
    static let schema = "appointment_place_returns"

    @ID(key: .id) var id: UUID?
    @Field(key: "appointment_id") var appointmentID: UUID
    @Field(key: "slot_id") var slotID: UUID
    @Field(key: "returned_at") var returnedAt: Date

    init() {}
}
