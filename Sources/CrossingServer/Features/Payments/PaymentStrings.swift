import CrossingDomain
import Foundation

/// The payment pages' wording (applicant, sandbox checkout, reconciliation), one property per string;
/// the values live in Resources/Localization/payments/zh.json and en.json (a missing key fails start-up).
struct PaymentStrings: Codable, Sendable {
    let paymentHeading: String
    let paymentIntro: String
    let descriptionRow: String
    let orderNumberRow: String
    let amountRow: String
    let statusRow: String
    let createdRow: String
    let expiresRow: String
    let paidRow: String
    let refundedRow: String
    let refundReasonRow: String
    let statusCreated: String
    let statusPaid: String
    let statusRefundRequested: String
    let statusRefunded: String
    let statusClosed: String
    let statusExpired: String
    let reasonSubjectWithdrawn: String
    let reasonSubjectRejected: String
    let reasonLatePayment: String
    let reasonManual: String
    let payNowButton: String
    let payNowHint: String
    let gatewayUnavailable: String
    let notPayable: String
    let backToAccount: String
    let sandboxHeading: String
    let sandboxNotice: String
    let sandboxPayee: String
    let sandboxPayeeName: String
    let tradeNumberRow: String
    let scenarioLabel: String
    let scenarioHint: String
    let scenarioNormal: String
    let scenarioDuplicate: String
    let scenarioOutOfOrder: String
    let scenarioLate: String
    let scenarioGatewayTimeout: String
    let payButton: String
    let declineButton: String
    let abandonButton: String
    let paidHeading: String
    let paidText: String
    let declinedHeading: String
    let declinedText: String
    let notPayableText: String
    let returnToMerchant: String
    let outcomeInvalid: String
    let reconHeading: String
    let reconIntro: String
    let openHeading: String
    let resolvedHeading: String
    let runsHeading: String
    let dateColumn: String
    let orderColumn: String
    let kindColumn: String
    let ourColumn: String
    let gatewayColumn: String
    let foundColumn: String
    let actionColumn: String
    let resolvedByColumn: String
    let noteColumn: String
    let linesColumn: String
    let differencesColumn: String
    let ranColumn: String
    let kindMissingOnOurSide: String
    let kindMissingAtGateway: String
    let kindAmountMismatch: String
    let kindStatusMismatch: String
    let noDifferences: String
    let noteLabel: String
    let noteRequired: String
    let resolveButton: String
    let resolvedNotice: String
    let runHeading: String
    let runIntro: String
    let runDateLabel: String
    let runButton: String
    let runQueuedNotice: String
    let runDateInvalid: String

    func status(_ status: PaymentStatus) -> String {
        switch status {
        case .created: statusCreated
        case .paid: statusPaid
        case .refundRequested: statusRefundRequested
        case .refunded: statusRefunded
        case .closed: statusClosed
        case .expired: statusExpired
        }
    }

    func reason(_ reason: PaymentRefundReason) -> String {
        switch reason {
        case .subjectWithdrawn: reasonSubjectWithdrawn
        case .subjectRejected: reasonSubjectRejected
        case .latePayment: reasonLatePayment
        case .manual: reasonManual
        }
    }

    func kind(_ kind: ReconciliationDifference.Kind) -> String {
        switch kind {
        case .missingOnOurSide: kindMissingOnOurSide
        case .missingAtGateway: kindMissingAtGateway
        case .amountMismatch: kindAmountMismatch
        case .statusMismatch: kindStatusMismatch
        }
    }
}

struct PaymentStringTables: Sendable {
    var zh: PaymentStrings
    var en: PaymentStrings

    subscript(language: Language) -> PaymentStrings { language == .zh ? zh : en }

    static func load(from directory: String) throws -> PaymentStringTables {
        func read(_ language: Language) throws -> PaymentStrings {
            let path = directory + "payments/" + language.rawValue + ".json"
            do {
                return try JSONDecoder().decode(PaymentStrings.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw StartupError(description: "Cannot read the payment strings in \(path): \(error)")
            }
        }
        return PaymentStringTables(zh: try read(.zh), en: try read(.en))
    }
}
