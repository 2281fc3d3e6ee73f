import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

enum NotificationTesting {
    static let dispatched = ["applicationNumber": "R2026112200017", "waybill": "EA123456785CN"]

    /// An app with the demo Beijing citizen registered and verified (account language `en`).
    static func withRecipient(_ body: (Application, TestClock, UUID) async throws -> Void) async throws {
        try await AccountTesting.withAccountsApp { app, clock, applicant in
            let account = try await AccountTesting.registerVerified(app, applicant)
            try await body(app, clock, account)
        }
    }

    static func wechat(_ app: Application) throws -> SandboxWeChatNotifier {
        try #require(app.notificationAdapters.wechat as? SandboxWeChatNotifier)
    }

    static func alipay(_ app: Application) throws -> SandboxAlipayNotifier {
        try #require(app.notificationAdapters.alipay as? SandboxAlipayNotifier)
    }

    /// Sandbox SMS messages of the notification catalogue (not the one-time codes).
    static func notificationSMS(_ app: Application) async throws -> [SentSMS] {
        try await AccountTesting.sandbox(app).outbox().filter { NotificationTemplateID(rawValue: $0.template) != nil }
    }

    /// Saves preferences as the page would (validated, audited).
    static func prefer(
        _ app: Application, account: UUID, channels: [String], language: String = "zh", wechat: String? = nil,
        alipay: String? = nil
    ) async throws {
        let result = try await NotificationPreferenceStore(services: app.services, database: app.db).apply(
            NotificationPreferenceChange(
                channels: channels, language: language, weChatOpenID: wechat, alipayUserID: alipay),
            accountID: account, client: ClientContext(address: "test", device: "test"))
        _ = try result.get()
    }

    @discardableResult
    static func enqueue(
        _ app: Application, to recipient: NotificationRecipient, template: NotificationTemplateID = .dispatched,
        parameters: [String: String] = dispatched, key: String = "application:R2026112200017:dispatched"
    ) async throws -> Bool {
        try await app.db.transaction { transaction in
            try await Notifications.enqueue(
                to: recipient, template: template, parameters: parameters, dedupeKey: key, on: transaction,
                now: app.services.now())
        }
    }

    static func deliveries(_ app: Application) async throws -> [NotificationDeliveryRecord] {
        try await NotificationDeliveryRecord.query(on: app.db).sort(\.$channel).all()
    }

    static func jobs(_ app: Application) async throws -> [OutboxJobRecord] {
        try await OutboxJobRecord.query(on: app.db).filter(\.$kind == Notifications.jobKind).all()
    }

    /// What a second worker would see after a crash or a lost lease: the job pending and due again.
    static func resetJobs(_ app: Application, now: Date) async throws {
        try await OutboxJobRecord.query(on: app.db).filter(\.$kind == Notifications.jobKind)
            .set(\.$status, to: OutboxJobStatus.pending.rawValue).set(\.$availableAt, to: now)
            .set(\.$completedAt, to: nil).update()
    }

    /// Signs a browser in through the portal form.
    static func signedInBrowser(_ app: Application, _ applicant: Applicant) async throws -> Browser {
        let browser = Browser(app)
        let response = try await browser.submit(
            page: "/account/sign-in", to: "/account/sign-in",
            form: ["identifier": applicant.idNumber, "password": applicant.password])
        #expect(response.status == .seeOther, "\(response.text)")
        return browser
    }

    static func bearer(_ app: Application, _ applicant: Applicant) async throws -> HTTPHeaders {
        let response = try await AccountTesting.token(app, identifier: applicant.mobile, password: applicant.password)
        #expect(response.status == .ok, "\(response.text)")
        return ["Authorization": "Bearer \(try response.json(Tokens.self).accessToken)"]
    }
}
