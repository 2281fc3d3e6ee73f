import CrossingDomain
import Foundation
import Vapor

// Display-ready values for the renewal templates; templates hold no rules.

/// One row of a summary list; `changeHref` is "" when the row cannot be changed.
struct SummaryRowView: Encodable, Sendable {
    var label: String
    var value: String
    var changeHref: String = ""
    /// An uploaded image to show next to the value ("" for none).
    var imageHref: String = ""
}

/// A one-question page with radio buttons.
struct RenewalQuestionContext: Encodable, Sendable {
    var meta: PageMeta
    var t: RenewalPageStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var heading: String
    var hint: String
    var field: String
    var options: [OptionView]
    var action: String
    var backHref: String
    var change: Bool
}

struct RenewalFailureView: Encodable, Sendable {
    var message: String
    var alternative: String
    var href: String
}

struct RenewalEligibilityContext: Encodable, Sendable {
    var meta: PageMeta
    var t: RenewalPageStrings
    var eligible: Bool
    var rows: [SummaryRowView]
    var failures: [RenewalFailureView]
    var continueHref: String
    var backHref: String
    var changeHref: String
}

struct RenewalFaceContext: Encodable, Sendable {
    var meta: PageMeta
    var t: RenewalPageStrings
    var fresh: Bool
    var passedAt: String
    var faceHref: String
    var continueHref: String
    var backHref: String
}

struct RenewalDetailsContext: Encodable, Sendable {
    var meta: PageMeta
    var t: RenewalPageStrings
    var csrfToken: String
    var rows: [SummaryRowView]
    var counterHref: String
    var action: String
    var backHref: String
    var change: Bool
}

struct RenewalUploadContext: Encodable, Sendable {
    var meta: PageMeta
    var t: RenewalPageStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var heading: String
    var rules: [String]
    var uploaded: String
    var imageHref: String
    var action: String
    var backHref: String
    var continueHref: String
    var change: Bool
}

struct RenewalAddressContext: Encodable, Sendable {
    var meta: PageMeta
    var t: RenewalPageStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var recipientName: FieldView
    var recipientPhone: FieldView
    var recipientAddress: FieldView
    var action: String
    var backHref: String
    var change: Bool
}

struct RenewalCheckContext: Encodable, Sendable {
    var meta: PageMeta
    var t: RenewalPageStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var rows: [SummaryRowView]
    var fileRows: [SummaryRowView]
    var idempotencyKey: String
    var faceHref: String
    var action: String
    var backHref: String
}

struct RenewalConfirmationContext: Encodable, Sendable {
    var meta: PageMeta
    var t: RenewalPageStrings
    var number: String
    var statusHref: String
}

struct RenewalRowView: Encodable, Sendable {
    var number: String
    var document: String
    var person: String
    var submitted: String
    var status: String
    var statusCode: String
}

struct RenewalListContext: Encodable, Sendable {
    var meta: PageMeta
    var t: RenewalPageStrings
    var rows: [RenewalRowView]
    var hasDraft: Bool
    var draftHref: String
}

struct RenewalEventView: Encodable, Sendable {
    var name: String
    var at: String
    var actor: String
}

struct RenewalCorrectionView: Encodable, Sendable {
    var title: String
    var note: String
}

/// A file input of the correction form.
struct RenewalFileFieldView: Encodable, Sendable {
    var field: String
    var label: String
    var error: String
}

struct RenewalStatusContext: Encodable, Sendable {
    var meta: PageMeta
    var t: RenewalPageStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var notice: String
    var number: String
    var heading: String
    var status: String
    var statusCode: String
    var next: String
    var waitingUntil: String
    var rows: [SummaryRowView]
    var payHref: String
    var paymentHref: String
    var fee: String
    var pickupCode: String
    var corrections: [RenewalCorrectionView]
    var fileFields: [RenewalFileFieldView]
    var askAddress: Bool
    var recipientName: FieldView
    var recipientPhone: FieldView
    var recipientAddress: FieldView
    var canWithdraw: Bool
    var events: [RenewalEventView]
    var liveHref: String
    var lastPosition: Int
}

struct RenewalWithdrawContext: Encodable, Sendable {
    var meta: PageMeta
    var t: RenewalPageStrings
    var csrfToken: String
    var number: String
}

enum RenewalPageFormat {
    /// "2026-11-22 12:00" in the service's time zone.
    static func time(_ date: Date, _ zone: TimeZone) -> String { PaymentTime.text(date, zone) }

    /// Identity numbers with the middle hidden: 110101********1234.
    static func identity(_ number: String) -> String {
        guard number.count > 10 else { return number }
        return String(number.prefix(6)) + String(repeating: "*", count: number.count - 10) + String(number.suffix(4))
    }

    static func rules(_ text: String) -> [String] { text.split(separator: "|").map(String.init) }

    static func actor(_ actor: String, _ t: RenewalPageStrings) -> String {
        switch actor.split(separator: ":").first.map(String.init) ?? actor {
        case "applicant": t.actorYou
        case "helper": t.actorHelper
        case "officer": t.actorOfficer
        case "system" where actor == "system:payments": t.actorPayments
        case "system" where actor == "system:courier": t.actorCourier
        default: t.actorSystem
        }
    }
}
