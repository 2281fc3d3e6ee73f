import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Notification preferences: page, API and sandbox outbox")
struct NotificationPreferencesPagesTests {
    typealias T = NotificationTesting
    static let openID = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"

    @Test func thePageNeedsSignInAndShowsTheDefaultsInBothLanguages() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let anonymous = try await app.get("/account/notifications")
            #expect(anonymous.status == .seeOther)
            try await AccountTesting.registerVerified(app, applicant)
            let browser = try await T.signedInBrowser(app, applicant)
            let zh = try await browser.get("/account/notifications?lang=zh")
            #expect(zh.status == .ok)
            #expect(zh.text.contains("消息通知") && zh.text.contains("已绑定：138****5678"))
            #expect(zh.text.contains(#"id="channel-sms" name="sms" type="checkbox" value="on" checked"#))
            #expect(zh.text.contains(#"<option value="en" selected>"#))
            #expect(zh.text.contains(SandboxWeChatNotifier.TestOpenIDs.busyOnce))
            let en = try await browser.get("/account/notifications?lang=en")
            #expect(en.text.contains("Messages now go to: <strong>SMS</strong>"))
        }
    }

    @Test func savingChoosesChannelsBindsSealedIDsAndIsAudited() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let account = try await AccountTesting.registerVerified(app, applicant)
            let browser = try await T.signedInBrowser(app, applicant)
            let saved = try await browser.submit(
                page: "/account/notifications", to: "/account/notifications",
                form: ["wechat": "on", "sms": "on", "language": "zh", "wechatOpenId": Self.openID, "alipayUserId": ""])
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == "/account/notifications?done=saved")
            let page = try await browser.get("/account/notifications?done=saved&lang=en")
            #expect(
                page.text.contains("Saved.")
                    && page.text.contains("Bound: oAbC" + String(repeating: "*", count: 20) + "xYz0"))
            let record = try #require(try await NotificationPreferenceRecord.query(on: app.db).first())
            #expect(record.accountID == account && record.channels == "sms,wechat" && record.language == "zh")
            #expect(record.weChatOpenIDSealed?.contains(Self.openID) == false)
            #expect(try app.services.cipher.open(try #require(record.weChatOpenIDSealed)) == Self.openID)
            let audit = try await AuditLogRecord.query(on: app.db).filter(
                \.$action == "notification-preferences.update"
            )
            .all()
            #expect(audit.count == 1)
            #expect(try await AccountTesting.auditText(app).allSatisfy { !$0.contains(Self.openID) })
        }
    }

    @Test func invalidChoicesRerenderWithFieldErrorsAndSaveNothing() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            try await AccountTesting.registerVerified(app, applicant)
            let browser = try await T.signedInBrowser(app, applicant)
            let bad = try await browser.submit(
                page: "/account/notifications?lang=en", to: "/account/notifications",
                form: ["alipay": "on", "language": "fr", "wechatOpenId": "not-an-open-id", "alipayUserId": ""])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("A WeChat open ID is 28 letters, digits, - or _"))
            #expect(bad.text.contains("Choose Chinese (zh) or English (en)"))
            #expect(bad.text.contains(#"value="not-an-open-id""#))
            let unbound = try await browser.submit(
                page: "/account/notifications?lang=en", to: "/account/notifications",
                form: ["alipay": "on", "language": "en", "wechatOpenId": "", "alipayUserId": ""])
            #expect(unbound.status == .unprocessableEntity)
            #expect(unbound.text.contains("Bind an Alipay account before choosing Alipay"))
            let none = try await browser.submit(
                page: "/account/notifications?lang=en", to: "/account/notifications", form: ["language": "en"])
            #expect(none.text.contains("Choose at least one way to receive messages"))
            #expect(try await NotificationPreferenceRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("a form without the right CSRF token is refused", arguments: [nil, "forged"])
    func csrf(token: String?) async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            try await AccountTesting.registerVerified(app, applicant)
            let browser = try await T.signedInBrowser(app, applicant)
            var form = ["sms": "on", "language": "zh"]
            form["csrfToken"] = token
            let response = try await browser.post("/account/notifications", form: form)
            #expect(response.status == .forbidden)
            #expect(try await NotificationPreferenceRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func theAPIReadsAndWritesOnlyTheCallersOwnPreferences() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            try await AccountTesting.registerVerified(app, applicant)
            let other = Applicant(
                person: try RegistryTesting.demo(DemoRegistry.Key.shanghaiCitizen), mobile: "13812345679")
            try await RegistryTesting.store(app).save(other.person)
            try await AccountTesting.registerVerified(app, other)
            let mine = try await T.bearer(app, applicant)
            let theirs = try await T.bearer(app, other)

            #expect(try await app.get("/api/v1/account/notification-preferences").status == .unauthorized)
            let defaults = try await app.get("/api/v1/account/notification-preferences", headers: mine)
            #expect(defaults.status == .ok)
            let document = try defaults.json(PreferencesDocument.self)
            #expect(document.channels == ["sms"] && document.language == "en" && !document.saved)
            #expect(document.bindings.sms == "138****5678" && document.bindings.wechat == nil)
            #expect(document.effectiveChannels == ["sms"])

            var headers = mine
            headers.replaceOrAdd(name: .contentType, value: "application/json")
            let put = try await app.send(
                .PUT, "/api/v1/account/notification-preferences", headers: headers,
                body: #"{"channels":["alipay"],"language":"zh","alipayUserId":"2088123456789012"}"#)
            #expect(put.status == .ok, "\(put.text)")
            let updated = try put.json(PreferencesDocument.self)
            #expect(updated.channels == ["alipay"] && updated.saved)
            #expect(updated.bindings.alipay == "2088********9012" && updated.effectiveChannels == ["alipay"])

            let theirDocument = try await app.get("/api/v1/account/notification-preferences", headers: theirs)
            let theirPreferences = try theirDocument.json(PreferencesDocument.self)
            #expect(!theirPreferences.saved && theirPreferences.bindings.alipay == nil)
            #expect(theirPreferences.bindings.sms == "138****5679")
        }
    }

    @Test func theAPIAnswersProblemsForBadInput() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            try await AccountTesting.registerVerified(app, applicant)
            var headers = try await T.bearer(app, applicant)
            let plain = try await app.send(
                .PUT, "/api/v1/account/notification-preferences", headers: headers, body: "channels=sms")
            #expect(plain.status == .unsupportedMediaType)
            headers.replaceOrAdd(name: .contentType, value: "application/json")
            let bad = try await app.send(
                .PUT, "/api/v1/account/notification-preferences", headers: headers,
                body: #"{"channels":["fax","sms"],"language":"fr","wechatOpenId":"x"}"#)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.mediaType == "application/problem+json")
            let problem = try bad.json(ProblemShape.self)
            #expect(Set(problem.errors.map(\.field)) == ["channels", "language", "wechatOpenId"])
            #expect(problem.errors.contains { $0.code == "unknown-channel" })
            let empty = try await app.send(
                .PUT, "/api/v1/account/notification-preferences", headers: headers, body: "{}")
            #expect(empty.status == .unprocessableEntity)
            #expect(
                try empty.json(ProblemShape.self).errors.map(\.code).sorted() == ["no-channel", "unknown-language"])
            #expect(try await NotificationPreferenceRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func theDevelopmentOutboxShowsEveryChannel() async throws {
        try await T.withRecipient { app, _, account in
            try await T.prefer(
                app, account: account, channels: ["sms", "wechat", "alipay"], language: "en", wechat: Self.openID,
                alipay: "2088123456789012")
            try await T.enqueue(app, to: .account(account))
            try await OutboxWorker(application: app).drain()
            let json = try await app.get("/dev/notifications.json")
            #expect(json.status == .ok)
            let rows = try json.json([SandboxMessageRow].self)
            #expect(Set(rows.map(\.channel)) == ["sms", "wechat", "alipay"])
            #expect(rows.first { $0.channel == "wechat" }?.link == "http://localhost:8080/renewals")
            let page = try await app.get("/dev/notifications?lang=en")
            #expect(page.status == .ok)
            #expect(page.text.contains("Sandbox message outbox") && page.text.contains(Self.openID))
        }
    }

    struct PreferencesDocument: Decodable {
        struct Bindings: Decodable {
            var sms: String?
            var wechat: String?
            var alipay: String?
        }
        var channels: [String]
        var language: String
        var saved: Bool
        var bindings: Bindings
        var effectiveChannels: [String]
    }

    struct ProblemShape: Decodable {
        struct FieldError: Decodable {
            var field: String
            var code: String
            var message: String
        }
        var status: Int
        var errors: [FieldError]
    }
}
