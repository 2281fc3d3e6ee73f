import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// The world of a renewal test: a movable clock, the demo registry, an applicant (the demo Beijing
/// citizen, whose applications go to bj-dongcheng) with a bearer token, and helpers to drive the
/// application through uploads, review, payment, production and delivery.
struct RenewalWorld {
    var app: Application
    var clock: ControlledClock
    var applicant: FaceUser

    var worker: OutboxWorker { OutboxWorker(application: app, workerID: "renewal-test") }

    static let office = "bj-dongcheng"

    static func with(
        person: PersonID = DemoRegistry.Key.beijingCitizen, _ body: (RenewalWorld) async throws -> Void
    ) async throws {
        try await FaceTesting.withFaceApp { app, clock in
            let applicant = try await FaceTesting.user(app, person)
            try await body(RenewalWorld(app: app, clock: clock, applicant: applicant))
        }
    }

    var json: HTTPHeaders {
        var headers = applicant.headers
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        return headers
    }

    /// Runs every job due by now (after moving the clock `seconds` on).
    @discardableResult
    func drain(after seconds: TimeInterval = 0) async throws -> Int {
        clock.advance(seconds)
        return try await worker.drain(now: clock.now)
    }

    func upload(
        _ kind: RenewalUploadKind, _ data: Data, as user: FaceUser? = nil, dependentID: String? = nil
    ) async throws -> TestingHTTPResponse {
        var headers = (user ?? applicant).headers
        headers.replaceOrAdd(name: .contentType, value: "image/jpeg")
        let query = dependentID.map { "&dependentId=\($0)" } ?? ""
        return try await app.testing().sendRequest(
            .POST, "/api/v1/renewals/uploads?kind=\(kind.rawValue)\(query)", headers: headers,
            body: ByteBuffer(bytes: Array(data)))
    }

    /// Uploads good samples of all four files; answers their keys by kind.
    func uploadAll(as user: FaceUser? = nil, dependentID: String? = nil) async throws -> [RenewalUploadKind: String] {
        var keys: [RenewalUploadKind: String] = [:]
        let samples: [(RenewalUploadKind, Data)] = [
            (.photo, try SampleUploads.photoJPEG()), (.signature, try SampleUploads.signatureJPEG()),
            (.idCardFront, try SampleUploads.idCardJPEG()), (.idCardBack, try SampleUploads.idCardJPEG()),
        ]
        for (kind, data) in samples {
            let response = try await upload(kind, data, as: user, dependentID: dependentID)
            #expect(response.status == .created, "\(kind): \(response.text)")
            keys[kind] = try response.json(UploadDoc.self).key
        }
        return keys
    }

    static func body(
        _ keys: [RenewalUploadKind: String], document: String = "ordinary-passport", reason: String = "damaged",
        handover: String = "courier", lossKind: String? = nil, dependentID: String? = nil,
        recipient: String = #"{"name":"王小明","phone":"13812345678","address":"北京市朝阳区建国路88号1单元101"}"#
    ) -> String {
        var fields = [
            #""document":"\#(document)""#, #""reason":"\#(reason)""#, #""handover":"\#(handover)""#,
            #""photo":"\#(keys[.photo] ?? "")""#, #""signature":"\#(keys[.signature] ?? "")""#,
            #""idCardFront":"\#(keys[.idCardFront] ?? "")""#, #""idCardBack":"\#(keys[.idCardBack] ?? "")""#,
        ]
        if handover == "courier" { fields.append(#""recipient":\#(recipient)"#) }
        if let lossKind { fields.append(#""lossKind":"\#(lossKind)""#) }
        if let dependentID { fields.append(#""dependentId":"\#(dependentID)""#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    func submit(
        _ body: String, key: String = UUID().uuidString, as user: FaceUser? = nil
    ) async throws
        -> TestingHTTPResponse
    {
        var headers = (user ?? applicant).headers
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        headers.replaceOrAdd(name: "Idempotency-Key", value: key)
        return try await app.send(.POST, "/api/v1/renewals", headers: headers, body: body)
    }

    /// Passes face verification, uploads the files and submits; answers the application.
    func submitted(
        handover: String = "courier", reason: String = "damaged", lossKind: String? = nil
    ) async throws
        -> ApplicationDoc
    {
        try await FaceTesting.pass(app, applicant)
        let keys = try await uploadAll()
        let response = try await submit(Self.body(keys, reason: reason, handover: handover, lossKind: lossKind))
        #expect(response.status == .created, "\(response.text)")
        return try response.json(ApplicationDoc.self)
    }

    func staff(_ role: Role = .officer, username: String = "officer.wang") async throws -> HTTPHeaders {
        var headers = try await StaffTesting.bearer(app, role: role, username: username)
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        headers.replaceOrAdd(name: "Accept-Language", value: "en")
        return headers
    }

    func staffView(_ number: String, _ officer: HTTPHeaders) async throws -> StaffApplicationDoc {
        let response = try await app.send(.GET, "/api/v1/staff/renewals/\(number)", headers: officer)
        #expect(response.status == .ok, "\(response.text)")
        return try response.json(StaffApplicationDoc.self)
    }

    func decide(_ number: String, _ officer: HTTPHeaders, _ json: String) async throws -> TestingHTTPResponse {
        try await app.send(.POST, "/api/v1/staff/renewals/\(number)/decision", headers: officer, body: json)
    }

    /// Claims and approves as `officer`.
    func approve(_ number: String, _ officer: HTTPHeaders) async throws -> StaffApplicationDoc {
        let claimed = try await app.send(.POST, "/api/v1/staff/renewals/\(number)/claim", headers: officer)
        #expect(claimed.status == .ok, "\(claimed.text)")
        let version = try claimed.json(StaffApplicationDoc.self).application.version
        let decided = try await decide(number, officer, #"{"decision":"approve","version":\#(version)}"#)
        #expect(decided.status == .ok, "\(decided.text)")
        return try decided.json(StaffApplicationDoc.self)
    }

    func show(_ number: String, as user: FaceUser? = nil) async throws -> TestingHTTPResponse {
        try await app.send(.GET, "/api/v1/renewals/\(number)", headers: try await fresh(user ?? applicant).headers)
    }

    /// The user with a new access token (tests move the clock past the 15 minutes of the first).
    func fresh(_ user: FaceUser) async throws -> FaceUser {
        var user = user
        let tokens = try await TokenService(services: app.services).issue(accountID: user.accountID, on: app.db)
        user.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(tokens.accessToken)")
        return user
    }

    func application(_ number: String) async throws -> ApplicationDoc {
        let response = try await show(number)
        #expect(response.status == .ok, "\(response.text)")
        return try response.json(ApplicationDoc.self)
    }

    /// Pays the application's open order at the sandbox gateway's hosted page and lets the gateway's
    /// signed notification arrive.
    func pay(_ number: String, outcome: String = "pay") async throws {
        guard
            let snapshot = try await PaymentService(application: app, now: clock.now)
                .payments(subjectType: "application", subjectID: number, on: app.db).last
        else {
            Issue.record("no payment for \(number)")
            return
        }
        let url = try await PaymentService(application: app, now: clock.now).payURL(for: snapshot, language: .en)
        let page = String(url.prefix { $0 != "?" })
        let paid = try await app.send(
            .POST, page + "?lang=en", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: "outcome=\(outcome)&scenario=normal")
        #expect(paid.status.code < 400, "\(paid.text)")
        for _ in 0..<4 { try await drain(after: 5) }
    }

    func record(_ number: String) async throws -> RenewalApplicationRecord {
        guard let record = try await RenewalApplicationRecord.query(on: app.db).filter(\.$number == number).first()
        else { throw Abort(.notFound) }
        return record
    }

    func timelineKinds(_ number: String) async throws -> [String] {
        try await TimelineEventRecord.query(on: app.db).filter(\.$subjectType == "application")
            .filter(\.$subjectID == number).sort(\.$position).all().map(\.kind)
    }

    func notifications(_ number: String) async throws -> [String] {
        try await OutboxJobRecord.query(on: app.db).filter(\.$kind == Notifications.jobKind).all()
            .compactMap { job -> String? in
                guard let payload = try? JSONDecoder.outbox.decode(NotificationJob.self, from: Data(job.payload.utf8)),
                    payload.dedupeKey.hasPrefix("application:\(number):")
                else { return nil }
                return payload.template
            }
    }

    func audits(_ action: String) async throws -> [AuditEntry] {
        try await AuditLogRecord.query(on: app.db).filter(\.$action == action).sort(\.$sequence).all()
            .map { try $0.entry() }
    }

    func registryPerson(_ key: PersonID = DemoRegistry.Key.beijingCitizen) async throws -> RegistryPerson? {
        try await RegistryStore(database: app.db, services: app.services).person(id: key)
    }
}

struct UploadDoc: Decodable {
    var key: String
    var kind: String
    var bytes: Int
    var width: Int
    var height: Int
}

struct ApplicationDoc: Decodable {
    struct Event: Decodable {
        var kind: String
        var actor: String
    }

    struct Payment: Decodable {
        var orderNumber: String
        var status: String
        var amountFen: Int
    }

    struct Correction: Decodable {
        var item: String
        var note: String?
    }

    var number: String
    var status: String
    var document: String
    var officeCode: String
    var feeFen: Int
    var version: Int
    var actingFor: Bool
    var pickupCode: String?
    var newDocumentNumber: String?
    var corrections: [Correction]
    var payments: [Payment]
    var events: [Event]
}

struct StaffApplicationDoc: Decodable {
    struct Details: Decodable {
        var name: String
        var identityNumber: String
    }

    var application: ApplicationDoc
    var details: Details
    var claimedBy: String?
    var newDocumentNumber: String?
}

// MARK: Bad input and races

/// Good sample files, encoded once per test process (encoding searches JPEG qualities).
enum RenewalSamples {
    static let photo: Data = (try? SampleUploads.photoJPEG()) ?? Data()
    static let signature: Data = (try? SampleUploads.signatureJPEG()) ?? Data()
    static let idCard: Data = (try? SampleUploads.idCardJPEG()) ?? Data()
}

/// How many rows the renewal feature and its side effects hold: a refused request changes none.
struct RenewalFootprint: Equatable, CustomStringConvertible {
    var applications: Int
    var jobs: Int
    var timeline: Int
    var audits: Int
    var payments: Int

    var description: String {
        "applications \(applications), jobs \(jobs), timeline \(timeline), audits \(audits), payments \(payments)"
    }
}

extension RenewalWorld {
    /// The world with the demo registry and an applicant account of `person` (no uploads yet).
    func user(_ person: PersonID) async throws -> FaceUser {
        try await FaceTesting.user(app, person)
    }

    func footprint() async throws -> RenewalFootprint {
        RenewalFootprint(
            applications: try await RenewalApplicationRecord.query(on: app.db).count(),
            jobs: try await OutboxJobRecord.query(on: app.db).count(),
            timeline: try await TimelineEventRecord.query(on: app.db).count(),
            audits: try await AuditLogRecord.query(on: app.db).filter(\.$action ~~ Self.renewalAuditActions).count(),
            payments: try await PaymentRecord.query(on: app.db).count())
    }

    static let renewalAuditActions = [
        "renewal.submitted", "renewal.approved", "renewal.returned", "renewal.rejected", "renewal.withdrawn",
        "renewal.resubmitted", "renewal.paid", "renewal.refunded",
    ]

    func eligibility(_ json: String, as user: FaceUser? = nil) async throws -> TestingHTTPResponse {
        var headers = (user ?? applicant).headers
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        return try await app.send(.POST, "/api/v1/renewals/eligibility", headers: headers, body: json)
    }

    /// Uploads the good samples (cached) for `user`; answers their keys by kind.
    func uploadSamples(as user: FaceUser? = nil, dependentID: String? = nil) async throws -> [RenewalUploadKind: String]
    {
        var keys: [RenewalUploadKind: String] = [:]
        for (kind, data) in [
            (RenewalUploadKind.photo, RenewalSamples.photo), (.signature, RenewalSamples.signature),
            (.idCardFront, RenewalSamples.idCard), (.idCardBack, RenewalSamples.idCard),
        ] {
            let response = try await upload(kind, data, as: user, dependentID: dependentID)
            #expect(response.status == .created, "\(kind): \(response.text)")
            keys[kind] = try response.json(UploadDoc.self).key
        }
        return keys
    }

    /// Face verification, good uploads and a submission by the applicant; answers the application.
    func quickSubmit(
        handover: String = "courier", reason: String = "damaged", lossKind: String? = nil,
        document: String = "ordinary-passport"
    ) async throws -> ApplicationDoc {
        let me = try await fresh(applicant)
        try await FaceTesting.pass(app, me)
        let keys = try await uploadSamples(as: me)
        let response = try await submit(
            Self.body(keys, document: document, reason: reason, handover: handover, lossKind: lossKind), as: me)
        #expect(response.status == .created, "\(response.text)")
        return try response.json(ApplicationDoc.self)
    }

    /// A staff account of `role` at `office`, optionally a registry person too (conflict of interest).
    func staff(
        _ role: Role, username: String, office: String?, person: PersonID? = nil
    ) async throws -> HTTPHeaders {
        let created = try await StaffTesting.create(app, username: username, role: role, office: office)
        if let person {
            created.account.personKey = person.rawValue
            try await created.account.save(on: app.db)
        }
        let response = try await StaffTesting.token(
            app, username, created.initialPassword, StaffTesting.code(app, created))
        #expect(response.status == .ok, "\(response.text)")
        let tokens = try response.json(Tokens.self)
        return [
            "Authorization": "Bearer \(tokens.accessToken)", "Content-Type": "application/json",
            "Accept-Language": "en",
        ]
    }

    func claim(_ number: String, _ officer: HTTPHeaders) async throws -> TestingHTTPResponse {
        try await app.send(.POST, "/api/v1/staff/renewals/\(number)/claim", headers: officer)
    }

    func withdraw(_ number: String, as user: FaceUser? = nil) async throws -> TestingHTTPResponse {
        try await app.send(
            .POST, "/api/v1/renewals/\(number)/withdraw", headers: try await fresh(user ?? applicant).headers)
    }

    func payments(_ number: String) async throws -> [PaymentRecord] {
        try await PaymentRecord.query(on: app.db).filter(\.$subjectType == "application")
            .filter(\.$subjectID == number).sort(\.$createdAt).all()
    }

    func jobs(_ kind: String) async throws -> [OutboxJobRecord] {
        try await OutboxJobRecord.query(on: app.db).filter(\.$kind == kind).all()
    }

    func delegate(helper: PersonID, dependent: PersonID) async throws -> String {
        try await AppointmentTesting.delegate(app, helper: helper.rawValue, dependent: dependent.rawValue)
    }

    func revoke(_ delegationID: String) async throws {
        guard let record = try await DelegationRecord.find(UUID(uuidString: delegationID), on: app.db) else {
            throw Abort(.notFound)
        }
        record.revokedAt = clock.now
        record.revokedBy = record.dependentPersonKey
        try await record.save(on: app.db)
    }
}

extension TestingHTTPResponse {
    /// The problem+json body (fails the test if the body is not one).
    func problem(sourceLocation: SourceLocation = #_sourceLocation) throws -> ProblemDoc {
        #expect(mediaType == "application/problem+json", "\(text)", sourceLocation: sourceLocation)
        return try json(ProblemDoc.self)
    }
}

struct EligibilityDoc: Decodable {
    struct Failure: Decodable {
        var code: String
        var message: String
        var alternative: String
        var alternativeLabel: String
        var link: String?
    }

    var eligible: Bool
    var document: String
    var reason: String
    var feeFen: Int?
    var failures: [Failure]

    var codes: Set<String> { Set(failures.map(\.code)) }
}
