import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// Records what the payments feature told the `application` subject, and answers `wantsPayment`.
final class SubjectRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [String] = []
    private var wanted = true

    var calls: [String] { lock.withLock { events } }
    func count(_ name: String) -> Int { calls.filter { $0 == name }.count }
    func withdraw() { lock.withLock { wanted = false } }

    var handler: PaymentSubjectCallbacks {
        PaymentSubjectCallbacks(
            wants: { [self] _, _ in
                lock.withLock {
                    events.append("wants"); return wanted
                }
            },
            paid: { [self] _, _ in lock.withLock { events.append("paid") } },
            refunded: { [self] _, _ in lock.withLock { events.append("refunded") } },
            closed: { [self] _, _ in lock.withLock { events.append("closed") } })
    }
}

struct PaymentWorld {
    var app: Application
    var clock: TestClock
    var applicant: Applicant
    var subject: SubjectRecorder

    var worker: OutboxWorker { OutboxWorker(application: app, workerID: "test-worker") }

    /// Moves the clock `seconds` on, then runs every job due by then.
    @discardableResult
    func drain(after seconds: TimeInterval = 0) async throws -> Int {
        clock.advance(seconds)
        return try await worker.drain(now: clock.now)
    }

    /// A payable order of 120 yuan for an application of `owner` (the applicant by default).
    func order(
        owner: PersonID? = nil, subjectID: String = "app-1", amount: Money = Money(yuan: 120), at: Date? = nil
    ) async throws -> PaymentSnapshot {
        let service = PaymentService(application: app, now: at ?? clock.now)
        let draft = PaymentService.PaymentDraft(
            subjectType: "application", subjectID: subjectID, owner: owner ?? applicant.person.id, accountID: UUID(),
            amount: amount, description: "护照换发 Passport renewal")
        return try await app.db.transaction { tx in try await service.createOrder(draft, on: tx) }
    }

    /// Opens the order at the sandbox gateway (as "Pay now" does) and answers the hosted page's path.
    func open(_ payment: PaymentSnapshot) async throws -> String {
        let url = try await PaymentService(application: app, now: clock.now).payURL(for: payment, language: .en)
        return String(url.prefix { $0 != "?" })
    }

    /// The payer's choice on the sandbox's hosted page.
    func checkout(
        _ payment: PaymentSnapshot, outcome: String = "pay", scenario: String = "normal"
    ) async throws
        -> TestingHTTPResponse
    {
        let page = try await open(payment)
        return try await app.send(
            .POST, page + "?lang=en", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: "outcome=\(outcome)&scenario=\(scenario)")
    }

    func status(_ payment: PaymentSnapshot) async throws -> PaymentStatus? {
        try await PaymentRecord.find(payment.id, on: app.db)?.paymentStatus
    }

    func timelineKinds(_ subjectID: String = "app-1") async throws -> [String] {
        try await TimelineEventRecord.query(on: app.db).filter(\.$subjectType == "application")
            .filter(\.$subjectID == subjectID).sort(\.$position).all().map(\.kind)
    }

    func audits(_ action: String) async throws -> [AuditEntry] {
        try await AuditLogRecord.query(on: app.db).filter(\.$action == action).sort(\.$sequence).all()
            .map { try $0.entry() }
    }

    func notificationCount() async throws -> Int {
        try await PaymentNotificationRecord.query(on: app.db).count()
    }

    func jobs(_ kind: String) async throws -> [OutboxJobRecord] {
        try await OutboxJobRecord.query(on: app.db).filter(\.$kind == kind).all()
    }

    /// A notification signed with `key` (the sandbox's own by default), as the gateway would send it.
    func notificationBody(
        _ payment: PaymentSnapshot, notifyID: String = "manual-1", status: GatewayTradeStatus = .success,
        amount: Money? = nil, tradeNumber: String = "2026112200000000000001", notifyTime: Date? = nil,
        key: PaymentSigningKey? = nil
    ) throws -> String {
        let body = try PaymentNotificationFormat.body(
            notifyID: notifyID, notifyTime: notifyTime ?? clock.now, orderNumber: payment.orderNumber,
            tradeNumber: tradeNumber, status: status, amount: amount ?? payment.amount, currency: "CNY",
            paidAt: clock.now, key: key ?? app.payments.signingKey)
        return String(decoding: body, as: UTF8.self)
    }

    func notify(_ body: String) async throws -> TestingHTTPResponse {
        try await app.send(
            .POST, PaymentNotifyController.path, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: body)
    }
}

enum PaymentTesting {
    /// The accounts app (movable clock, the demo Beijing citizen in the registry) with a recorder
    /// registered for the `application` subject type.
    static func withPayments(_ body: (PaymentWorld) async throws -> Void) async throws {
        try await AccountTesting.withAccountsApp { app, clock, applicant in
            let subject = SubjectRecorder()
            app.paymentSubjects.register(type: "application", subject.handler)
            try await body(PaymentWorld(app: app, clock: clock, applicant: applicant, subject: subject))
        }
    }

    /// A portal browser signed in as the applicant.
    static func applicantBrowser(_ world: PaymentWorld) async throws -> Browser {
        try await AccountTesting.registerVerified(world.app, world.applicant)
        let browser = Browser(world.app)
        let signedIn = try await browser.submit(
            page: "/account/sign-in", to: "/account/sign-in",
            form: ["identifier": world.applicant.mobile, "password": world.applicant.password])
        #expect(signedIn.status == .seeOther, "\(signedIn.text)")
        return browser
    }

    /// A back-office browser signed in with a fresh staff account of `role`.
    static func staffBrowser(_ app: Application, role: Role, username: String) async throws -> Browser {
        let created = try await StaffTesting.create(
            app, username: username, role: role, office: role == .administrator ? nil : StaffTesting.office)
        let browser = Browser(app)
        let signedIn = try await browser.submit(
            page: "/staff/sign-in?lang=en", to: "/staff/sign-in",
            form: ["username": username, "password": created.initialPassword, "code": StaffTesting.code(app, created)])
        #expect(signedIn.status == .seeOther, "\(signedIn.text)")
        return browser
    }
}
