import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// Records what it is asked to send; stands in for a live WeChat or Alipay adapter.
actor RecordingNotifier: Notifier {
    private(set) var sent: [OutboundMessage] = []

    func send(_ message: OutboundMessage) throws(NotifierError) -> DeliveryReceipt {
        sent.append(message)
        return DeliveryReceipt(providerMessageID: "live-\(sent.count)", wasDuplicate: false)
    }
}

@Suite("Notifications: settings, production guards and live adapters")
struct NotificationSettingsTests {
    @Test func theLinkBaseDefaultsToTheLocalPortal() throws {
        let config = try AppConfig.load(from: [:], isProduction: false)
        #expect(config.notifications.linkBaseURL == "http://localhost:8080")
        let set = try AppConfig.load(
            from: ["NOTIFICATION_LINK_BASE_URL": "https://crossing.example/"], isProduction: false)
        #expect(set.notifications.linkBaseURL == "https://crossing.example")
    }

    @Test(arguments: ["crossing.example", "ftp://crossing.example", "https://crossing example"])
    func aBadLinkBaseIsNamed(value: String) {
        let error = #expect(throws: (any Error).self) {
            try AppConfig.load(from: ["NOTIFICATION_LINK_BASE_URL": value], isProduction: false)
        }
        #expect(String(describing: error).contains("NOTIFICATION_LINK_BASE_URL"))
    }

    @Test func theSandboxesAreRefusedInProductionUnlessAllowed() throws {
        var config = try AppConfig.load(from: [:], isProduction: false)
        try NotificationsFeature.sandboxAllowed(in: .development, config: config)
        #expect(throws: StartupError.self) { try NotificationsFeature.sandboxAllowed(in: .production, config: config) }
        config.allowSandboxInProduction = true
        try NotificationsFeature.sandboxAllowed(in: .production, config: config)
    }

    @Test func withLiveAdaptersMessagesGoToThemAndNothingSandboxIsOffered() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let wechat = RecordingNotifier()
            let alipay = RecordingNotifier()
            app.notificationAdapters = NotificationAdapters(wechat: wechat, alipay: alipay)
            let account = try await AccountTesting.registerVerified(app, applicant)
            let openID = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"
            try await NotificationTesting.prefer(app, account: account, channels: ["wechat"], wechat: openID)
            try await NotificationTesting.enqueue(app, to: .account(account))
            try await OutboxWorker(application: app).drain()
            let sent = await wechat.sent
            #expect(sent.map(\.recipient) == [openID])
            #expect(sent.first?.deduplicationKey == "application:R2026112200017:dispatched:wechat")
            #expect(sent.first?.template == "dispatched" && sent.first?.language == .zh)
            #expect(await alipay.sent.isEmpty)

            #expect(try await app.get("/dev/notifications").status == .notFound)
            let browser = try await NotificationTesting.signedInBrowser(app, applicant)
            let page = try await browser.get("/account/notifications?lang=en")
            #expect(page.text.contains("Bind them by authorising the 移民局12367 mini-program"))
            #expect(!page.text.contains(#"name="wechatOpenId""#))
            // A binding typed into the form is ignored; the existing one stays.
            let saved = try await browser.submit(
                page: "/account/notifications", to: "/account/notifications",
                form: ["wechat": "on", "language": "en", "wechatOpenId": ""])
            #expect(saved.status == .seeOther)
            let setup = try await NotificationPreferenceStore(services: app.services, database: app.db)
                .setup(accountID: account)
            #expect(setup?.addresses.weChatOpenID == openID)

            var headers = try await NotificationTesting.bearer(app, applicant)
            headers.replaceOrAdd(name: .contentType, value: "application/json")
            let refused = try await app.send(
                .PUT, "/api/v1/account/notification-preferences", headers: headers,
                body: #"{"channels":["wechat"],"language":"en","wechatOpenId":"oZzZzZzZzZzZzZzZzZzZzZzZzZz0"}"#)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("bind-in-mini-program"))
        }
    }
}
