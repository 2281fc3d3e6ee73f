import CrossingDomain
import Foundation
import Vapor

/// The renewal back-office pages' wording, one property per string; the values live in
/// Resources/Localization/staff-renewals/zh.json and en.json (a missing key fails start-up).
struct StaffRenewalStrings: Codable, Sendable {
    let navLabel: String
    let navQueue: String
    let navClocks: String
    let navStatistics: String
    let backOffice: String
    let queueHeading: String
    let queueIntro: String
    let statusTabsLabel: String
    let queueCaption: String
    let numberColumn: String
    let documentColumn: String
    let reasonColumn: String
    let handoverColumn: String
    let submittedColumn: String
    let claimColumn: String
    let dueColumn: String
    let claimMe: String
    let claimOther: String
    let claimNobody: String
    let noApplications: String
    let handoverCourier: String
    let handoverCollection: String
    let lateBadge: String
    let dueTodayBadge: String
    let statusUnderReview: String
    let statusReturned: String
    let statusApproved: String
    let statusPaid: String
    let statusInProduction: String
    let statusReadyForCollection: String
    let statusDispatched: String
    let statusOutForDelivery: String
    let statusDelivered: String
    let statusCollected: String
    let statusWithdrawn: String
    let statusRejected: String
    let statusRefunded: String
    let reviewHeading: String
    let summaryHeading: String
    let statusRow: String
    let documentRow: String
    let reasonRow: String
    let officeRow: String
    let feeRow: String
    let applicationDateRow: String
    let submittedRow: String
    let claimRow: String
    let detailsHeading: String
    let detailsNote: String
    let nameRow: String
    let nameLatinRow: String
    let sexRow: String
    let sexMale: String
    let sexFemale: String
    let birthDateRow: String
    let identityNumberRow: String
    let householdAddressRow: String
    let currentDocumentRow: String
    let currentExpiryRow: String
    let mobileRow: String
    let filesHeading: String
    let openFullSize: String
    let handoverHeading: String
    let recipientNameRow: String
    let recipientPhoneRow: String
    let recipientAddressRow: String
    let collectionRow: String
    let clocksHeading: String
    let issueClockRow: String
    let productionClockRow: String
    let clockRunning: String
    let clockDueToday: String
    let clockLate: String
    let clockPaused: String
    let clockPausedLate: String
    let clockMet: String
    let clockMissed: String
    let clockStopped: String
    let dueOn: String
    let correctionsHeading: String
    let paymentsHeading: String
    let historyHeading: String
    let historyCaption: String
    let whenColumn: String
    let eventColumn: String
    let actorColumn: String
    let detailColumn: String
    let actorApplicant: String
    let actorHelper: String
    let actorPayments: String
    let actorCourier: String
    let actorSystem: String
    let actorOfficerUnknown: String
    let trackingNumber: String
    let actionsHeading: String
    let claimIntro: String
    let claimButton: String
    let claimedByOther: String
    let claimedByMe: String
    let approveHeading: String
    let approveIntro: String
    let approveButton: String
    let returnHeading: String
    let returnIntro: String
    let itemsLegend: String
    let noteLabel: String
    let returnButton: String
    let rejectHeading: String
    let rejectIntro: String
    let reasonLabel: String
    let rejectButton: String
    let itemPhoto: String
    let itemSignature: String
    let itemIdCardPhotos: String
    let itemPersonalDetails: String
    let itemDeliveryAddress: String
    let itemOther: String
    let issueHeading: String
    let issueIntro: String
    let issueButton: String
    let newDocumentRow: String
    let pickupCodeRow: String
    let waybillRequested: String
    let collectHeading: String
    let collectIntro: String
    let pickupCodeLabel: String
    let collectButton: String
    let noActions: String
    let conflictTitle: String
    let doneClaimed: String
    let doneApproved: String
    let doneReturned: String
    let doneRejected: String
    let doneIssued: String
    let doneCollected: String
    let correctionsMissing: String
    let otherNoteMissing: String
    let noteTooLong: String
    let reasonMissing: String
    let pickupCodeMissing: String
    let clocksPageHeading: String
    let clocksIntro: String
    let asOf: String
    let dueTodayHeading: String
    let lateHeading: String
    let noneDueToday: String
    let noneLate: String
    let clockColumn: String
    let statusColumn: String
    let officeColumn: String
    let daysLateColumn: String
    let clockIssue: String
    let clockProduction: String
    let statisticsHeading: String
    let statisticsIntro: String
    let scopeRow: String
    let allOffices: String
    let fromLabel: String
    let toLabel: String
    let dateHint: String
    let showButton: String
    let totalsHeading: String
    let submittedTotal: String
    let approvedTotal: String
    let returnedTotal: String
    let withdrawnTotal: String
    let rejectedTotal: String
    let deliveredTotal: String
    let collectedTotal: String
    let approvalHoursHeading: String
    let deliveryDaysHeading: String
    let countRow: String
    let medianRow: String
    let p90Row: String
    let counterVisitsRow: String
    let counterVisitsHint: String
    let perCityHeading: String
    let perCityCaption: String
    let cityColumn: String
    let dateColumn: String
    let submittedCountColumn: String
    let noRows: String
    let dateInvalid: String
    let rangeInvalid: String
    let none: String

    func status(_ status: ApplicationStatus) -> String {
        switch status {
        case .underReview: statusUnderReview
        case .returned: statusReturned
        case .approved: statusApproved
        case .paid: statusPaid
        case .inProduction: statusInProduction
        case .dispatched: statusDispatched
        case .outForDelivery: statusOutForDelivery
        case .delivered: statusDelivered
        case .readyForCollection: statusReadyForCollection
        case .collected: statusCollected
        case .withdrawn: statusWithdrawn
        case .rejected: statusRejected
        case .refunded: statusRefunded
        }
    }

    func item(_ item: CorrectionRequest.Item) -> String {
        switch item {
        case .photo: itemPhoto
        case .signature: itemSignature
        case .idCardPhotos: itemIdCardPhotos
        case .personalDetails: itemPersonalDetails
        case .deliveryAddress: itemDeliveryAddress
        case .other: itemOther
        }
    }

    /// The words for a clock state code of `ServiceClockState`.
    func clockState(_ code: String) -> String {
        switch code {
        case "running": clockRunning
        case "due-today": clockDueToday
        case "late": clockLate
        case "paused": clockPaused
        case "paused-late": clockPausedLate
        case "met": clockMet
        case "missed": clockMissed
        default: clockStopped
        }
    }

    func handover(_ method: HandoverMethod) -> String {
        method == .collection ? handoverCollection : handoverCourier
    }
}

struct StaffRenewalStringTables: Sendable {
    var zh: StaffRenewalStrings
    var en: StaffRenewalStrings

    subscript(language: Language) -> StaffRenewalStrings { language == .zh ? zh : en }

    static func load(from directory: String) throws -> StaffRenewalStringTables {
        func read(_ language: Language) throws -> StaffRenewalStrings {
            let path = directory + "staff-renewals/" + language.rawValue + ".json"
            do {
                return try JSONDecoder().decode(
                    StaffRenewalStrings.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw StartupError(description: "Cannot read the renewal back-office strings in \(path): \(error)")
            }
        }
        return StaffRenewalStringTables(zh: try read(.zh), en: try read(.en))
    }
}
