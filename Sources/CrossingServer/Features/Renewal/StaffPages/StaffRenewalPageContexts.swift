import CrossingDomain
import Foundation
import Vapor

// Display-ready contexts of the renewal back-office pages. Templates only lay them out.

/// The links between the renewal pages, each shown only to those who may open it.
struct StaffRenewalNavView: Encodable, Sendable {
    var queue: Bool
    var clocks: Bool
    var statistics: Bool
}

/// A label and its value, for summary lists.
struct StaffRenewalRowView: Encodable, Sendable {
    var label: String
    var value: String
}

struct StaffRenewalTabView: Encodable, Sendable {
    var status: String
    var label: String
    var count: Int
    var href: String
    var current: Bool
}

struct StaffRenewalQueueRowView: Encodable, Sendable {
    var number: String
    var href: String
    var document: String
    var reason: String
    var handover: String
    var submitted: String
    var claim: String
    /// "me", "other" or "none", for styling.
    var claimCode: String
    var due: String
    /// The issue clock's state code ("running", "due-today", "late", ...).
    var dueState: String
    var dueBadge: String
}

struct StaffRenewalQueueContext: Encodable, Sendable {
    var meta: PageMeta
    var t: StaffRenewalStrings
    var nav: StaffRenewalNavView
    var offices: String
    var tabs: [StaffRenewalTabView]
    var currentLabel: String
    var rows: [StaffRenewalQueueRowView]
}

struct StaffRenewalFileView: Encodable, Sendable {
    var kind: String
    var label: String
    var src: String
}

struct StaffRenewalEventView: Encodable, Sendable {
    var when: String
    var name: String
    var actor: String
    var detail: String
}

/// One correction checkbox of the return form, with what was entered.
struct StaffRenewalItemView: Encodable, Sendable {
    var value: String
    var label: String
    var checked: Bool
    var note: FieldView
}

struct StaffRenewalReviewContext: Encodable, Sendable {
    var meta: PageMeta
    var t: StaffRenewalStrings
    var nav: StaffRenewalNavView
    var csrfToken: String
    var errors: [FieldErrorView]
    var notice: String
    /// A conflict (changed meanwhile, claimed by another) in the reader's language.
    var conflict: String
    var number: String
    var statusCode: String
    var statusName: String
    var version: Int
    var summary: [StaffRenewalRowView]
    var details: [StaffRenewalRowView]
    var files: [StaffRenewalFileView]
    var handover: [StaffRenewalRowView]
    var clocks: [StaffRenewalRowView]
    var corrections: [String]
    var payments: [StaffRenewalRowView]
    var events: [StaffRenewalEventView]
    var claim: String
    var canClaim: Bool
    var claimedByOther: Bool
    var canDecide: Bool
    var items: [StaffRenewalItemView]
    var correctionsField: FieldView
    var reason: FieldView
    var canIssue: Bool
    var issued: [StaffRenewalRowView]
    var waybillRequested: Bool
    var canCollect: Bool
    var pickupCode: FieldView
    var hasActions: Bool
}

struct StaffRenewalClockRowView: Encodable, Sendable {
    var number: String
    var href: String
    var clock: String
    var status: String
    var office: String
    var due: String
    var daysLate: String
}

struct StaffRenewalClocksContext: Encodable, Sendable {
    var meta: PageMeta
    var t: StaffRenewalStrings
    var nav: StaffRenewalNavView
    var date: String
    var dueToday: [StaffRenewalClockRowView]
    var late: [StaffRenewalClockRowView]
}

struct StaffRenewalCityRowView: Encodable, Sendable {
    var city: String
    var date: String
    var submitted: Int
}

struct StaffRenewalStatisticsContext: Encodable, Sendable {
    var meta: PageMeta
    var t: StaffRenewalStrings
    var nav: StaffRenewalNavView
    var errors: [FieldErrorView]
    var from: FieldView
    var to: FieldView
    var scope: String
    /// False when the dates were not valid: only the form is shown.
    var hasReport: Bool
    var period: String
    var totals: [StaffRenewalRowView]
    var approvalHours: [StaffRenewalRowView]
    var deliveryDays: [StaffRenewalRowView]
    var counterVisitsSaved: Int
    var cities: [StaffRenewalCityRowView]
}

/// Times on the back-office pages: minutes in the service's time zone.
enum StaffRenewalFormat {
    static func time(_ date: Date, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    static func colon(_ language: Language) -> String { language == .zh ? "：" : ": " }

    static func yuan(_ fen: Int) -> String {
        String(format: "¥%d.%02d", fen / 100, fen % 100)
    }

    static func number(_ value: Double?, none: String) -> String {
        guard let value else { return none }
        return String(format: "%.1f", value)
    }
}
