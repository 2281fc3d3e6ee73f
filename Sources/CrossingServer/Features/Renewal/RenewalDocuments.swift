import CrossingDomain
import Foundation
import Vapor

/// An application as the applicant and the API see it.
struct RenewalApplicationDocument: Content {
    struct Event: Content {
        var kind: String
        var name: String
        var at: Date
        var actor: String
    }

    struct Correction: Content {
        var item: String
        var title: String
        var note: String?
    }

    struct Payment: Content {
        var orderNumber: String
        var status: String
        var amountFen: Int
        var expiresAt: Date
        /// Present while the order can be paid: where to pay (GET /api/v1/payments/{id}/pay-url gives it too).
        var paymentId: String
    }

    struct Clock: Content {
        var state: String
        var due: String?
    }

    var number: String
    var status: String
    var statusName: String
    var document: String
    var documentName: String
    var reason: String
    var reasonName: String
    var lossKind: String?
    var handover: String
    var officeCode: String
    var officeName: String?
    var feeFen: Int
    var applicationDate: String
    var submittedAt: Date
    var version: Int
    /// True when the signed-in account acts for the applicant.
    var actingFor: Bool
    var waitingDeadline: Date?
    var corrections: [Correction]
    var pickupCode: String?
    var newDocumentNumber: String?
    var payments: [Payment]
    var issueClock: Clock
    var productionClock: Clock?
    var events: [Event]

    init(
        _ record: RenewalApplicationRecord, payments: [PaymentSnapshot], snapshot: ReferenceSnapshot?,
        policy: WithdrawalPolicy, timeZone: TimeZone, now: Date, actingFor: Bool, language: Language
    ) throws {
        let history = try record.applicationHistory(policy: policy)
        number = record.number
        status = record.status
        statusName = history.status.name.text(in: language)
        document = record.document
        documentName = record.renewalDocument.name.text(in: language)
        reason = record.reason
        reasonName = record.renewalReason.name.text(in: language)
        lossKind = record.lossKind
        handover = record.handover
        officeCode = record.officeCode
        officeName = snapshot?.directory.office(code: record.officeCode)?.name.text(in: language)
        feeFen = record.feeFen
        applicationDate = record.applicationDate
        submittedAt = record.submittedAt
        version = record.version
        self.actingFor = actingFor
        waitingDeadline = record.waitingDeadline
        if history.status == .returned, case .returned(let items) = history.events(of: .returned).last?.type {
            corrections = items.map {
                Correction(item: $0.item.rawValue, title: $0.title.text(in: language), note: $0.note)
            }
        } else {
            corrections = []
        }
        pickupCode = history.status == .readyForCollection ? record.pickupCode : nil
        newDocumentNumber = record.newDocumentNumber.map(RenewalMasking.document)
        self.payments = payments.map {
            Payment(
                orderNumber: $0.orderNumber, status: $0.status.rawValue, amountFen: Int($0.amount.fen),
                expiresAt: $0.expiresAt, paymentId: $0.id.uuidString)
        }
        let calendar = snapshot?.calendar ?? WorkingDayCalendar(periods: [], coveredYears: [])
        let clocks = RenewalClocks(calendar: calendar, timeZone: timeZone)
        let today = clocks.day(of: now)
        let issue = clocks.issueClock(history)
        issueClock = Clock(
            state: issue.state(on: today, calendar: calendar).code, due: issue.dueDate(calendar: calendar)?.iso)
        productionClock = clocks.productionClock(history).map {
            Clock(state: $0.state(on: today, calendar: calendar).code, due: $0.dueDate(calendar: calendar)?.iso)
        }
        events = history.events.map {
            Event(
                kind: $0.kind.rawValue, name: $0.kind.name.text(in: language), at: $0.at,
                actor: RenewalTransitions.timelineActor($0.actor))
        }
    }
}

/// The order to pay an application with, and where the payer goes to pay it.
struct RenewalPaymentDocument: Content {
    var paymentId: String
    var orderNumber: String
    var status: String
    var amountFen: Int
    var expiresAt: Date
    var payable: Bool
    var payUrl: String?

    init(_ payment: PaymentSnapshot, now: Date) {
        paymentId = payment.id.uuidString
        orderNumber = payment.orderNumber
        status = payment.status.rawValue
        amountFen = Int(payment.amount.fen)
        expiresAt = payment.expiresAt
        payable = payment.isPayable(at: now)
        payUrl = payable ? PaymentPagesController.path(payment.id) + "/pay" : nil
    }
}

struct RenewalApplicationList: Content {
    var items: [RenewalApplicationDocument]
}

/// The eligibility answer: every failure with its code, words and alternative.
struct RenewalEligibilityDocument: Content {
    struct Failure: Content {
        var code: String
        var message: String
        var alternative: String
        var alternativeLabel: String
        var link: String?
    }

    var eligible: Bool
    var document: String
    var reason: String
    var applicationDate: String
    var currentDocumentExpiry: String?
    var feeFen: Int?
    var failures: [Failure]

    init(_ eligibility: RenewalEligibility, fee: Money?, language: Language) {
        eligible = eligibility.isEligible
        document = eligibility.request.document.rawValue
        reason = eligibility.request.reason.rawValue
        applicationDate = eligibility.request.applicationDate.iso
        currentDocumentExpiry = eligibility.currentDocument?.expiryDate.iso
        feeFen = fee.map { Int($0.fen) }
        failures = eligibility.failures.map { failure in
            Failure(
                code: failure.code, message: failure.message.text(in: language), alternative: failure.alternative.code,
                alternativeLabel: failure.alternative.label.text(in: language),
                link: RenewalAlternativeLinks.path(failure.alternative))
        }
    }
}

enum RenewalAlternativeLinks {
    /// Where the portal sends someone for an alternative, when there is a page for it.
    static func path(_ alternative: RenewalAlternative) -> String? {
        switch alternative {
        case .counterAppointment(let city), .guardianAtCounter(let city), .employerApproval(let city):
            if let city { return "/appointments/new?city=\(city)" }
            return "/appointments/new"
        case .setUpDelegation: return "/account/dependents"
        case .chooseAnotherReason: return "/renewals/new"
        default: return nil
        }
    }
}

enum RenewalMasking {
    /// Document numbers are shown with the middle hidden: E*****123.
    static func document(_ number: String) -> String {
        guard number.count > 4 else { return number }
        return String(number.prefix(1)) + String(repeating: "*", count: number.count - 4) + String(number.suffix(3))
    }
}

/// One accepted upload.
struct RenewalUploadDocument: Content {
    var key: String
    var kind: String
    var bytes: Int
    var width: Int
    var height: Int

    init(_ record: RenewalUploadRecord) {
        key = record.blobKey
        kind = record.kind
        bytes = record.bytes
        width = record.width
        height = record.height
    }
}
