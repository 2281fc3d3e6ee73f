import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Face verification API: sandbox liveness challenge, match threshold, freshness")
struct FaceVerificationAPITests {
    typealias Key = DemoRegistry.Key
    typealias Inputs = SandboxFaceVerifier.TestInputs

    @Test func theFullSandboxFlowPassesAndIsStoredAndAudited() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let user = try await FaceTesting.user(app, Key.beijingCitizen)
            let challenge = try await FaceTesting.challenge(app, user)
            #expect(challenge.nonce.count == 32)
            #expect((2...3).contains(challenge.actions.count))
            #expect(challenge.expiresAt == "2026-11-22T04:02:00Z")
            let response = try await FaceTesting.capture(
                app, user, nonce: challenge.nonce, face: FaceTesting.ownFace(user), actions: challenge.actions)
            #expect(response.status == .ok)
            let verdict = try response.json(FaceVerdict.self)
            #expect(verdict.passed && verdict.score == Inputs.matchScore && verdict.reason == nil)
            #expect(verdict.verifiedAt == "2026-11-22T04:00:00Z")
            let rows = try await FaceVerificationRecordRow.query(on: app.db).all()
            #expect(rows.count == 1)
            #expect(rows.first?.accountID == user.accountID && rows.first?.personKey == Key.beijingCitizen.rawValue)
            let audit = try await FaceTesting.audit(app, action: "face-verification.passed")
            #expect(audit.count == 1 && audit.first?.actor == "account:\(user.accountID.uuidString)")
            #expect(audit.first?.details.contains("0.97") == true)
        }
    }

    @Test(arguments: [
        (Inputs.spoof, "face-liveness-failed"), (Inputs.low, "face-no-match"), ("someone-else", "face-no-match"),
    ])
    func documentedFailuresAnswerNotPassedWithAReason(face: String, reason: String) async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let user = try await FaceTesting.user(app, Key.shanghaiCitizen)
            let challenge = try await FaceTesting.challenge(app, user)
            let response = try await FaceTesting.capture(
                app, user, nonce: challenge.nonce, face: face, actions: challenge.actions)
            #expect(response.status == .ok)
            let verdict = try response.json(FaceVerdict.self)
            #expect(!verdict.passed && verdict.reason == reason && verdict.score == nil && verdict.verifiedAt == nil)
            #expect(verdict.message?.isEmpty == false)
            #expect(try await FaceVerificationRecordRow.query(on: app.db).count() == 0)
            let audit = try await FaceTesting.audit(app, action: "face-verification.failed")
            #expect(audit.count == 1 && audit.first?.details.contains(reason) == true)
        }
    }

    @Test func theBorderlineScorePassesAtExactlyTheThreshold() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let user = try await FaceTesting.user(app, Key.shenzhenCitizen)
            let challenge = try await FaceTesting.challenge(app, user)
            let response = try await FaceTesting.capture(
                app, user, nonce: challenge.nonce, face: Inputs.borderline, actions: challenge.actions)
            let verdict = try response.json(FaceVerdict.self)
            #expect(verdict.passed && verdict.score == 0.80)
        }
    }

    @Test(arguments: [Inputs.timeout, Inputs.unavailable])
    func providerTroubleIs503WithARetryMessage(face: String) async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let user = try await FaceTesting.user(app, Key.wuhanCitizen)
            let challenge = try await FaceTesting.challenge(app, user)
            let response = try await FaceTesting.capture(
                app, user, nonce: challenge.nonce, face: face, actions: challenge.actions)
            #expect(response.status == .serviceUnavailable)
            #expect(response.mediaType == "application/problem+json")
            let problem = try response.json(ProblemDocument.self)
            #expect(problem.type.hasSuffix("/service-unavailable"))
            #expect(problem.detail.contains("again"))
            let audit = try await FaceTesting.audit(app, action: "face-verification.failed")
            let reason = face == Inputs.timeout ? "face-timed-out" : "face-unavailable"
            #expect(audit.count == 1 && audit.first?.details.contains(reason) == true)
        }
    }

    @Test func aNonceIsGoodForOneTryAndExpires() async throws {
        try await FaceTesting.withFaceApp { app, clock in
            let user = try await FaceTesting.user(app, Key.beijingCitizen)
            let first = try await FaceTesting.challenge(app, user)
            let face = FaceTesting.ownFace(user)
            _ = try await FaceTesting.capture(app, user, nonce: first.nonce, face: face, actions: first.actions)
            let replay = try await FaceTesting.capture(
                app, user, nonce: first.nonce, face: face, actions: first.actions)
            #expect(try replay.json(FaceVerdict.self).reason == "face-challenge-rejected")

            let second = try await FaceTesting.challenge(app, user)
            clock.advance(121)
            let late = try await FaceTesting.capture(
                app, user, nonce: second.nonce, face: face, actions: second.actions)
            let verdict = try late.json(FaceVerdict.self)
            #expect(!verdict.passed && verdict.reason == "face-challenge-rejected")
            #expect(try await FaceVerificationRecordRow.query(on: app.db).count() == 1)
        }
    }

    @Test func anotherPersonsNonceIsRejected() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let owner = try await FaceTesting.user(app, Key.beijingCitizen)
            let thief = try await FaceTesting.user(app, Key.shanghaiCitizen)
            let challenge = try await FaceTesting.challenge(app, owner)
            // Even the owner's own face, sent from the other account, does not pass.
            let response = try await FaceTesting.capture(
                app, thief, nonce: challenge.nonce, face: FaceTesting.ownFace(owner), actions: challenge.actions)
            let verdict = try response.json(FaceVerdict.self)
            #expect(!verdict.passed && verdict.reason == "face-challenge-rejected")
            #expect(try await FaceVerificationRecordRow.query(on: app.db).count() == 0)
        }
    }

    @Test func noReferencePhotoExplainsTheCounterVisit() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            var person = try FaceTesting.person(Key.firstTimer)
            person.referencePhotoOnFile = false
            try await RegistryStore(database: app.db, services: app.services).save(person)
            let user = try await FaceTesting.user(app, Key.firstTimer)
            let response = try await FaceTesting.start(app, user)
            #expect(response.status == .unprocessableEntity)
            let problem = try response.json(ProblemDocument.self)
            #expect(problem.errors?.first?.code == "face-no-reference-photo")
            #expect(problem.detail.contains("counter"))
        }
    }

    @Test func signedOutAndBadInputAreRefused() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            #expect(try await app.send(.POST, "/api/v1/face-verifications").status == .unauthorized)
            let user = try await FaceTesting.user(app, Key.beijingCitizen)
            let challenge = try await FaceTesting.challenge(app, user)
            let bad = try await app.post(
                json: #"{"sample":"%%%"}"#, to: "/api/v1/face-verifications/\(challenge.nonce)", headers: user.headers)
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.json(ProblemDocument.self).fields == ["sample"])
            let missing = try await app.post(
                json: "{}", to: "/api/v1/face-verifications/\(challenge.nonce)", headers: user.headers)
            #expect(missing.status == .unprocessableEntity)
        }
    }

    @Test func freshnessLastsTenMinutes() async throws {
        try await FaceTesting.withFaceApp { app, clock in
            let user = try await FaceTesting.user(app, Key.beijingCitizen)
            let account = try #require(
                try await PrincipalLoader.load(accountID: user.accountID, method: .bearer(tokenID: "t"), on: app.db))
            let service = FaceVerificationService(
                services: app.services, database: app.db, language: .en,
                client: ClientContext(address: "test", device: "test"))
            await #expect(throws: Problem.self) {
                try await service.requireFresh(.downloadRecords, for: account, on: app.db)
            }
            try await FaceTesting.pass(app, user)
            try await service.requireFresh(.downloadRecords, for: account, on: app.db)
            clock.advance(9 * 60 + 59)
            try await service.requireFresh(.submitApplication, for: account, on: app.db)
            clock.advance(2)
            do {
                try await service.requireFresh(.submitApplication, for: account, on: app.db)
                Issue.record("a pass 10 minutes old still counted")
            } catch let problem as Problem {
                #expect(problem.kind == .faceVerificationRequired && problem.kind.status == .forbidden)
            }
        }
    }

    @Test func auditEntriesNeverHoldTheSample() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let user = try await FaceTesting.user(app, Key.beijingCitizen)
            let challenge = try await FaceTesting.challenge(app, user)
            let sample = try SandboxFaceVerifier.sample(face: FaceTesting.ownFace(user), actions: challenge.actions)
            _ = try await FaceTesting.capture(
                app, user, nonce: challenge.nonce, face: FaceTesting.ownFace(user), actions: challenge.actions)
            let texts = try await FaceTesting.auditText(app)
            #expect(!texts.isEmpty)
            for text in texts {
                #expect(!text.contains(sample.base64EncodedString()))
                #expect(!text.contains(FaceTesting.ownFace(user)) && !text.contains(challenge.nonce))
            }
        }
    }
}
