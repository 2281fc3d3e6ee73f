import CrossingDomain
import Foundation
import Vapor

struct StaffBookingRowView: Encodable, Sendable {
    var id: String
    var time: String
    var name: String
    var service: String
    var code: String
    var status: String
    var statusCode: String
    var canMarkNoShow: Bool
}

struct CheckedInView: Encodable, Sendable {
    var name: String
    var document: String
    var service: String
    var time: String
    var code: String
}

struct StaffNavView: Encodable, Sendable {
    var counter: Bool
    var capacity: Bool
    var investigate: Bool
}

struct StaffCounterContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AppointmentStrings
    var csrfToken: String
    var nav: StaffNavView
    var errors: [FieldErrorView]
    var notice: String
    var officeCode: String
    var officeName: String
    var offices: [OptionView]
    var date: String
    var dateLabel: String
    var code: FieldView
    var checkedIn: CheckedInView?
    var rows: [StaffBookingRowView]
}

struct CapacityRowView: Encodable, Sendable {
    var group: String
    var groupName: String
    var slots: Int
    var capacity: String
    var booked: Int
}

struct ClosureRowView: Encodable, Sendable {
    var from: String
    var to: String
    var reason: String
}

struct StaffCapacityContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AppointmentStrings
    var csrfToken: String
    var nav: StaffNavView
    var errors: [FieldErrorView]
    var notice: String
    var officeCode: String
    var officeName: String
    var offices: [OptionView]
    var date: String
    var dateLabel: String
    var closedNote: String
    var rows: [CapacityRowView]
    var closures: [ClosureRowView]
}

struct ClusterRowView: Encodable, Sendable {
    var kind: String
    var key: String
    var bookings: Int
    var people: Int
    var href: String
}

struct InvestigationRowView: Encodable, Sendable {
    var id: String
    var created: String
    var office: String
    var when: String
    var service: String
    var status: String
    var statusCode: String
    var booker: String
    var client: String
    var active: Bool
}

struct StaffInvestigationContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AppointmentStrings
    var csrfToken: String
    var nav: StaffNavView
    var errors: [FieldErrorView]
    var notice: String
    var offices: [OptionView]
    var date: String
    var client: String
    var booker: String
    var filtered: Bool
    var clusters: [ClusterRowView]
    var rows: [InvestigationRowView]
}
