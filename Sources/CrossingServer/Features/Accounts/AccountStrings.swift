import CrossingDomain
import Foundation

/// The account pages' wording, one property per string; the values live in
/// Resources/Localization/account/zh.json and en.json, loaded like PortalStrings (a missing key fails
/// start-up, not a page).
struct AccountStrings: Codable, Sendable {
    let registerHeading: String
    let registerIntro: String
    let nameLabel: String
    let nameHint: String
    let documentKindLabel: String
    let chooseDocumentKind: String
    let documentNumberLabel: String
    let issuingCountryLabel: String
    let issuingCountryHint: String
    let mobileLabel: String
    let mobileHint: String
    let passwordLabel: String
    let passwordHint: String
    let registerButton: String
    let haveAccount: String
    let signInHeading: String
    let signInIntro: String
    let identifierLabel: String
    let identifierHint: String
    let signInButton: String
    let noAccount: String
    let verifyHeading: String
    let verifyIntro: String
    let sentTo: String
    let codeLabel: String
    let verifyButton: String
    let sendAgainButton: String
    let codeSentNotice: String
    let accountHeading: String
    let profileHeading: String
    let nameRow: String
    let documentRow: String
    let mobileRow: String
    let verified: String
    let notVerified: String
    let verifyNow: String
    let historyHeading: String
    let historyCaption: String
    let timeColumn: String
    let deviceColumn: String
    let addressColumn: String
    let outcomeColumn: String
    let outcomeSuccess: String
    let outcomeFailure: String
    let noHistory: String
    let methodsHeading: String
    let methodsIntro: String
    let passwordMethod: String
    let methodOn: String
    let methodOff: String
    let lockMethodButton: String
    let unlockMethodButton: String
    let signOutButton: String
    let signOutEverywhereHeading: String
    let signOutEverywhereHint: String
    let signOutEverywhereButton: String
    let devSMSHeading: String
    let devSMSIntro: String
    let smsRecipient: String
    let smsText: String
    let smsSentAt: String
    let noSMS: String
}

struct AccountStringTables: Sendable {
    var zh: AccountStrings
    var en: AccountStrings

    subscript(language: Language) -> AccountStrings { language == .zh ? zh : en }

    static func load(from directory: String) throws -> AccountStringTables {
        func read(_ language: Language) throws -> AccountStrings {
            let path = directory + "account/" + language.rawValue + ".json"
            do {
                return try JSONDecoder().decode(AccountStrings.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw StartupError(description: "Cannot read the account strings in \(path): \(error)")
            }
        }
        return AccountStringTables(zh: try read(.zh), en: try read(.en))
    }
}
