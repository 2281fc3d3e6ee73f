import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// A time the test moves forward; the app reads it through `services.now`.
final class ControlledClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = TestDefaults.now) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// A signed-in applicant of the tests: the account, its registry person and a bearer header.
struct FaceUser {
    var accountID: UUID
    var person: PersonID
    var headers: HTTPHeaders
}

struct Challenge: Decodable {
    var nonce: String
    var actions: [String]
    var expiresAt: String
}

struct FaceVerdict: Decodable {
    var passed: Bool
    var score: Double?
    var reason: String?
    var message: String?
    var verifiedAt: String?
}

enum FaceTesting {
    static var today: CalendarDate {
        CalendarDate.today(in: TimeZone(identifier: "Asia/Shanghai") ?? .current, now: TestDefaults.now)
    }

    /// Runs `body` with a movable clock and the demo registry seeded.
    static func withFaceApp(_ body: (Application, ControlledClock) async throws -> Void) async throws {
        try await withApp { app in
            let clock = ControlledClock()
            app.services.now = { clock.now }
            try await DemoRegistry.seedIfEmpty(
                on: app.db, store: RegistryStore(database: app.db, services: app.services), today: today)
            try await body(app, clock)
        }
    }

    static func person(_ key: PersonID) throws -> RegistryPerson {
        guard let person = DemoRegistry.people(today: today).first(where: { $0.id == key }) else {
            throw Abort(.notFound, reason: "no demo person \(key)")
        }
        return person
    }

    /// An applicant account of `person` and a bearer token for it.
    static func user(_ app: Application, _ person: PersonID) async throws -> FaceUser {
        let account = AccountRecord()
        account.personKey = person.rawValue
        account.kind = "applicant"
        account.passwordHash = "unused"
        account.language = "en"
        account.lockedMethods = ""
        account.lockCount = 0
        account.createdAt = app.services.now()
        try await account.create(on: app.db)
        let id = try account.requireID()
        let tokens = try await TokenService(services: app.services).issue(accountID: id, on: app.db)
        return FaceUser(
            accountID: id, person: person,
            headers: ["Authorization": "Bearer \(tokens.accessToken)", "Accept-Language": "en"])
    }

    static func start(_ app: Application, _ user: FaceUser) async throws -> TestingHTTPResponse {
        try await app.send(.POST, "/api/v1/face-verifications", headers: user.headers)
    }

    static func challenge(_ app: Application, _ user: FaceUser) async throws -> Challenge {
        let response = try await start(app, user)
        #expect(response.status == .created, "\(response.text)")
        return try response.json(Challenge.self)
    }

    /// Sends a capture of `face` doing `actions` (the challenge's by default) for `nonce`.
    static func capture(
        _ app: Application, _ user: FaceUser, nonce: String, face: String, actions: [String]
    ) async throws -> TestingHTTPResponse {
        let sample = try SandboxFaceVerifier.sample(face: face, actions: actions).base64EncodedString()
        return try await app.post(
            json: #"{"sample":"\#(sample)"}"#, to: "/api/v1/face-verifications/\(nonce)", headers: user.headers)
    }

    /// The person's own face, as the sandbox enrols it.
    static func ownFace(_ user: FaceUser) -> String { "ref:" + user.person.rawValue }

    /// A full sandbox pass for `user`.
    @discardableResult
    static func pass(_ app: Application, _ user: FaceUser) async throws -> FaceVerdict {
        let challenge = try await challenge(app, user)
        let response = try await capture(
            app, user, nonce: challenge.nonce, face: ownFace(user), actions: challenge.actions)
        let verdict = try response.json(FaceVerdict.self)
        #expect(response.status == .ok && verdict.passed, "\(response.text)")
        return verdict
    }

    static func audit(_ app: Application, action: String) async throws -> [AuditLogRecord] {
        try await AuditLogRecord.query(on: app.db).filter(\.$action == action).sort(\.$sequence).all()
    }

    /// Every stored audit column as one string per entry, to look for leaked secrets.
    static func auditText(_ app: Application) async throws -> [String] {
        try await AuditLogRecord.query(on: app.db).all().map {
            [$0.actor, $0.onBehalfOf ?? "", $0.action, $0.subject ?? "", $0.outcome, $0.details].joined(separator: "|")
        }
    }
}
