import CrossingDomain
import Foundation
import Vapor

/// The notification pages' wording; the values live in Resources/Localization/notifications/zh.json
/// and en.json (a missing key fails start-up, not a page).
struct NotificationStrings: Codable, Sendable {
    let heading: String
    let intro: String
    let backToAccount: String
    let savedNotice: String
    let channelsLegend: String
    let channelsHint: String
    let smsLabel: String
    let wechatLabel: String
    let alipayLabel: String
    let boundTo: String
    let notBound: String
    let mobileNotVerified: String
    let languageLabel: String
    let chinese: String
    let english: String
    let bindHeading: String
    let bindIntro: String
    let wechatOpenIdLabel: String
    let wechatOpenIdHint: String
    let alipayUserIdLabel: String
    let alipayUserIdHint: String
    let testInputsHeading: String
    let testPermanent: String
    let testFailsOnce: String
    let testTimesOut: String
    let bindInApp: String
    let saveButton: String
    let effectiveNote: String
    let noChannelNote: String
    let historyHeading: String
    let historyCaption: String
    let timeColumn: String
    let channelColumn: String
    let messageColumn: String
    let recipientColumn: String
    let statusColumn: String
    let statusSent: String
    let statusFailed: String
    let noHistory: String
    let devHeading: String
    let devIntro: String
    let noMessages: String
    let textColumn: String
    let linkColumn: String

    func channel(_ channel: NotificationChannel) -> String {
        switch channel {
        case .sms: smsLabel
        case .wechat: wechatLabel
        case .alipay: alipayLabel
        }
    }
}

struct NotificationStringTables: Sendable {
    var zh: NotificationStrings
    var en: NotificationStrings

    subscript(language: Language) -> NotificationStrings { language == .zh ? zh : en }

    static func load(from directory: String) throws -> NotificationStringTables {
        func read(_ language: Language) throws -> NotificationStrings {
            let path = directory + "notifications/" + language.rawValue + ".json"
            do {
                return try JSONDecoder().decode(
                    NotificationStrings.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw StartupError(description: "Cannot read the notification strings in \(path): \(error)")
            }
        }
        return NotificationStringTables(zh: try read(.zh), en: try read(.en))
    }
}
