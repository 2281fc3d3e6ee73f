import CrossingDomain
import Foundation
import Vapor

/// The renewal pages' wording, one property per string; the values live in
/// Resources/Localization/renewals/zh.json and en.json (a missing key fails start-up). Rules lists
/// (`photoRules` and the like) are one string with the items separated by "|".
struct RenewalPageStrings: Codable, Sendable {
    let listHeading: String
    let listIntro: String
    let startButton: String
    let continueDraft: String
    let noApplications: String
    let listCaption: String
    let numberColumn: String
    let documentColumn: String
    let forColumn: String
    let submittedColumn: String
    let statusColumn: String
    let openLink: String
    let forSelf: String
    let back: String
    let continueButton: String
    let saveButton: String
    let backToList: String
    let documentHeading: String
    let documentHint: String
    let documentRequired: String
    let reasonHeading: String
    let reasonRequired: String
    let lossKindHeading: String
    let lossKindHint: String
    let lossLost: String
    let lossStolen: String
    let lossKindRequired: String
    let forWhomHeading: String
    let forWhomHint: String
    let forWhomRequired: String
    let locationHeading: String
    let locationHint: String
    let locationYes: String
    let locationNo: String
    let locationRequired: String
    let eligibleHeading: String
    let eligibleIntro: String
    let feeRow: String
    let documentRow: String
    let reasonRow: String
    let currentExpiryRow: String
    let ineligibleHeading: String
    let ineligibleIntro: String
    let whatToDo: String
    let changeAnswers: String
    let faceHeading: String
    let faceIntro: String
    let faceFresh: String
    let faceNeeded: String
    let faceLink: String
    let faceExpiredAtSubmit: String
    let detailsHeading: String
    let detailsIntro: String
    let detailsWrong: String
    let detailsCounterLink: String
    let nameRow: String
    let nameLatinRow: String
    let sexRow: String
    let sexMale: String
    let sexFemale: String
    let birthDateRow: String
    let identityRow: String
    let householdRow: String
    let currentDocumentRow: String
    let validUntil: String
    let detailsConfirm: String
    let photoHeading: String
    let photoRules: String
    let signatureHeading: String
    let signatureRules: String
    let idFrontHeading: String
    let idBackHeading: String
    let idCardRules: String
    let fileLabel: String
    let fileRequired: String
    let fileTooLarge: String
    let uploadButton: String
    let uploadedNote: String
    let replaceHint: String
    let pixels: String
    let deliveryHeading: String
    let deliveryCourier: String
    let deliveryCollection: String
    let deliveryRequired: String
    let addressHeading: String
    let addressIntro: String
    let recipientName: String
    let recipientPhone: String
    let recipientAddress: String
    let checkHeading: String
    let checkIntro: String
    let change: String
    let forRow: String
    let locationRow: String
    let yes: String
    let no: String
    let lossKindRow: String
    let photoRow: String
    let signatureRow: String
    let idFrontRow: String
    let idBackRow: String
    let deliveryRow: String
    let addressRow: String
    let declaration: String
    let submitButton: String
    let incomplete: String
    let confirmationHeading: String
    let confirmationNumber: String
    let confirmationNext: String
    let viewStatus: String
    let statusHeading: String
    let statusRow: String
    let numberRow: String
    let submittedRow: String
    let officeRow: String
    let dueRow: String
    let whatNext: String
    let nextUnderReview: String
    let nextReturned: String
    let nextApproved: String
    let nextPaid: String
    let nextInProduction: String
    let nextDispatched: String
    let nextDelivered: String
    let nextReadyForCollection: String
    let nextCollected: String
    let nextClosed: String
    let waitingUntil: String
    let payHeading: String
    let payButton: String
    let paymentDetails: String
    let correctionsHeading: String
    let resubmitHeading: String
    let resubmitButton: String
    let resubmittedNotice: String
    let pickupHeading: String
    let pickupHint: String
    let waybillRow: String
    let newDocumentRow: String
    let timelineHeading: String
    let liveNote: String
    let withdrawButton: String
    let withdrawHeading: String
    let withdrawText: String
    let withdrawConfirm: String
    let withdrawCancel: String
    let withdrawnNotice: String
    let actorYou: String
    let actorHelper: String
    let actorOfficer: String
    let actorPayments: String
    let actorCourier: String
    let actorSystem: String
}

struct RenewalPageStringTables: Sendable {
    var zh: RenewalPageStrings
    var en: RenewalPageStrings

    subscript(language: Language) -> RenewalPageStrings { language == .zh ? zh : en }

    static func load(from directory: String) throws -> RenewalPageStringTables {
        func read(_ language: Language) throws -> RenewalPageStrings {
            let path = directory + "renewals/" + language.rawValue + ".json"
            do {
                return try JSONDecoder().decode(
                    RenewalPageStrings.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw StartupError(description: "Cannot read the renewal page strings in \(path): \(error)")
            }
        }
        return RenewalPageStringTables(zh: try read(.zh), en: try read(.en))
    }
}

private struct RenewalPageStringsKey: StorageKey {
    typealias Value = RenewalPageStringTables
}

extension Application {
    var renewalPageStrings: RenewalPageStringTables {
        get {
            guard let strings = storage[RenewalPageStringsKey.self] else {
                preconditionFailure("RenewalPages.register must run before the renewal pages are used")
            }
            return strings
        }
        set { storage[RenewalPageStringsKey.self] = newValue }
    }
}

extension Request {
    var renewalStrings: RenewalPageStrings { application.renewalPageStrings[language] }
}
