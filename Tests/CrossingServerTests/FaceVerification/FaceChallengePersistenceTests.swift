import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Face-verification challenges in the database: several instances, single use under races")
struct FaceChallengePersistenceTests {
    typealias Key = DemoRegistry.Key

    /// A sandbox provider as a freshly started second server instance has it: nothing in memory,
    /// the same database.
    static func secondInstance(_ app: Application) throws -> SandboxFaceVerifier {
        SandboxFaceVerifier(
            referencePhotos: [:],
            challenges: DatabaseLivenessChallengeStore(
                application: app, digest: try HMACKeyedDigest(key: Data(repeating: 7, count: 32), purpose: "face-nonce")
            ))
    }

    @Test func aChallengeStartedOnOneInstanceIsAnsweredOnAnother() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let user = try await FaceTesting.user(app, Key.beijingCitizen)
            let first = try Self.secondInstance(app)
            app.services.faceVerifier = first
            let challenge = try await FaceTesting.challenge(app, user)
            let stored = try #require(try await FaceChallengeRecord.query(on: app.db).first())
            // Only a keyed digest of the nonce is stored, with the person and the actions.
            #expect(stored.nonceDigest != challenge.nonce && stored.personKey == Key.beijingCitizen.rawValue)
            #expect(stored.actions == challenge.actions.joined(separator: ",") && stored.consumedAt == nil)

            app.services.faceVerifier = try Self.secondInstance(app)
            let response = try await FaceTesting.capture(
                app, user, nonce: challenge.nonce, face: FaceTesting.ownFace(user), actions: challenge.actions)
            let verdict = try response.json(FaceVerdict.self)
            #expect(response.status == .ok && verdict.passed, "\(response.text)")
            #expect(try await FaceChallengeRecord.query(on: app.db).first()?.consumedAt != nil)

            // Back on the first instance, the nonce is used up there too.
            app.services.faceVerifier = first
            let replay = try await FaceTesting.capture(
                app, user, nonce: challenge.nonce, face: FaceTesting.ownFace(user), actions: challenge.actions)
            #expect(try replay.json(FaceVerdict.self).reason == "face-challenge-rejected")
        }
    }

    @Test("concurrent submissions of one nonce: exactly one verdict, one pass stored, one audit entry")
    func concurrentSubmissions() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let user = try await FaceTesting.user(app, Key.beijingCitizen)
            let challenge = try await FaceTesting.challenge(app, user)
            let results = try await withThrowingTaskGroup(of: FaceVerdict.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let response = try await FaceTesting.capture(
                            app, user, nonce: challenge.nonce, face: FaceTesting.ownFace(user),
                            actions: challenge.actions)
                        return try response.json(FaceVerdict.self)
                    }
                }
                var all: [FaceVerdict] = []
                for try await verdict in group { all.append(verdict) }
                return all
            }
            #expect(results.filter(\.passed).count == 1, "\(results)")
            #expect(results.filter { $0.reason == "face-challenge-rejected" }.count == 7)
            #expect(try await FaceVerificationRecordRow.query(on: app.db).count() == 1)
            #expect(try await FaceTesting.audit(app, action: "face-verification.passed").count == 1)
            #expect(try await FaceTesting.audit(app, action: "face-verification.failed").count == 7)
        }
    }

    @Test func expiredChallengesAreDeletedAfterADay() async throws {
        try await FaceTesting.withFaceApp { app, clock in
            let user = try await FaceTesting.user(app, Key.beijingCitizen)
            _ = try await FaceTesting.challenge(app, user)
            clock.advance(86_400 + 121)
            _ = try await FaceTesting.challenge(app, try await ConsentTesting.fresh(app, user))
            #expect(try await FaceChallengeRecord.query(on: app.db).count() == 1)
        }
    }
}
