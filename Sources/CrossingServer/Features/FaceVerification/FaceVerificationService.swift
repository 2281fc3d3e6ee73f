import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Vapor

/// Face verification ("real-person authentication") of the signed-in applicant: a liveness
/// challenge from the `FaceVerifier` provider, the provider's outcome judged by the domain's
/// policy (our threshold, not the provider's), and passes kept in `face_verifications` so that
/// high-assurance actions can ask for a fresh one. The captured sample is never stored or logged.
struct FaceVerificationService: Sendable {
    var services: AppServices
    var database: any Database
    var language: Language
    var client: ClientContext
    var policy: FaceVerificationPolicy = .standard

    init(_ request: Request) {
        self.init(
            services: request.services, database: request.db, language: request.language,
            client: request.clientContext)
    }

    init(services: AppServices, database: any Database, language: Language, client: ClientContext) {
        self.services = services
        self.database = database
        self.language = language
        self.client = client
    }

    /// What a verification attempt came to, as the API reports it.
    struct Verdict: Sendable {
        var passed: Bool
        var score: Double?
        var failure: FaceVerificationFailure?
        var verifiedAt: Date?
    }

    /// Starts a liveness challenge for the account's registry person. The sandbox provider is given
    /// the reference photo the registry says is on file (a real provider already holds it).
    func start(account: AuthenticatedAccount) async throws -> LivenessChallenge {
        let person = try await registryPerson(of: account)
        guard person.referencePhotoOnFile else { throw problem(.noReferencePhoto) }
        if let sandbox = services.faceVerifier as? SandboxFaceVerifier {
            await sandbox.enrol(person.id, referenceToken: Self.sandboxReferenceToken(person.id))
        }
        do {
            return try await services.faceVerifier.startChallenge(for: person.id, now: services.now())
        } catch {
            let failure = FaceVerificationFailure(error)
            try await audit(account, outcome: "failure", details: ["reason": failure.code, "stage": "start"])
            throw problem(failure)
        }
    }

    /// Sends the capture to the provider and judges the outcome. A pass is stored and audited in one
    /// transaction; a failed judgement is audited and answered (not thrown); provider trouble is
    /// audited and thrown as a problem (503, or 422 when there is no reference photo).
    func verify(account: AuthenticatedAccount, nonce: String, sample: Data) async throws -> Verdict {
        guard let personID = account.personID else { throw Self.notForThisAccount }
        // The challenge may have been started on another instance, whose sandbox enrolled the photo there.
        if let sandbox = services.faceVerifier as? SandboxFaceVerifier,
            try await registryPerson(of: account).referencePhotoOnFile
        {
            await sandbox.enrol(personID, referenceToken: Self.sandboxReferenceToken(personID))
        }
        let now = services.now()
        let outcome: FaceVerificationOutcome
        do {
            outcome = try await services.faceVerifier.verify(
                FaceCapture(nonce: nonce, sample: sample), for: personID, now: now)
        } catch {
            let failure = FaceVerificationFailure(error)
            try await audit(account, outcome: "failure", details: ["reason": failure.code, "stage": "verify"])
            throw problem(failure)
        }
        switch policy.judge(outcome) {
        case .passed(let score):
            let row = FaceVerificationRecordRow()
            row.id = UUID()
            row.accountID = account.accountID
            row.personKey = personID.rawValue
            row.verifiedAt = now
            row.score = score
            try await database.transaction { transaction in
                try await row.create(on: transaction)
                try await audit(
                    account, outcome: "success", details: ["score": String(format: "%.2f", score)], on: transaction)
            }
            return Verdict(passed: true, score: score, failure: nil, verifiedAt: now)
        case .failed(let failure):
            try await audit(account, outcome: "failure", details: ["reason": failure.code, "stage": "verify"])
            return Verdict(passed: false, score: nil, failure: failure, verifiedAt: nil)
        }
    }

    /// The account's latest pass, if any.
    func lastPass(
        for account: AuthenticatedAccount, on database: any Database
    ) async throws
        -> FaceVerificationRecord?
    {
        guard
            let row = try await FaceVerificationRecordRow.query(on: database)
                .filter(\.$accountID == account.accountID)
                .sort(\.$verifiedAt, .descending).first()
        else { return nil }
        return FaceVerificationRecord(subject: PersonID(row.personKey), verifiedAt: row.verifiedAt, score: row.score)
    }

    /// Throws a 403 `face-verification-required` problem unless the account's person passed face
    /// verification within the policy's freshness window (the person at the keyboard, also when
    /// acting for a dependent).
    func requireFresh(
        _ action: HighAssuranceAction, for account: AuthenticatedAccount, on database: any Database
    ) async throws {
        let last = try await lastPass(for: account, on: database)
        let matchesPerson = last.map { $0.subject == account.personID } ?? false
        let verdict = HighAssurance.require(
            action, lastVerification: matchesPerson ? last : nil, now: services.now(), policy: policy)
        if let error = verdict.error {
            throw Problem(.faceVerificationRequired, detail: error.message.text(in: language))
        }
    }

    /// The sandbox's stand-in for the photo on file: a real capture of the person is this token.
    static func sandboxReferenceToken(_ person: PersonID) -> String { "ref:" + person.rawValue }

    static let notForThisAccount = Problem(
        .forbidden, detail: "Face verification is for accounts of people in the registry.")

    private func registryPerson(of account: AuthenticatedAccount) async throws -> RegistryPerson {
        guard let personID = account.personID,
            let person = try await RegistryStore(database: database, services: services).person(id: personID)
        else { throw Self.notForThisAccount }
        return person
    }

    /// 422 for a missing reference photo (only a counter visit helps), 503 for provider trouble.
    func problem(_ failure: FaceVerificationFailure) -> Problem {
        let text = failure.message.text(in: language)
        switch failure {
        case .noReferencePhoto:
            return Problem(
                .validationFailed, detail: text, errors: [.init(field: "face", code: failure.code, message: text)])
        case .timedOut, .providerUnavailable:
            return Problem(.serviceUnavailable, detail: text)
        case .livenessFailed, .noMatch, .challengeRejected:
            return Problem(
                .validationFailed, detail: text, errors: [.init(field: "sample", code: failure.code, message: text)])
        }
    }

    private func audit(
        _ account: AuthenticatedAccount, outcome: String, details: [String: String], on database: (any Database)? = nil
    ) async throws {
        let draft = AuditEntryDraft(
            occurredAt: services.now(), actor: "account:" + account.accountID.uuidString, onBehalfOf: nil,
            action: "face-verification." + (outcome == "success" ? "passed" : "failed"),
            subject: account.accountID.uuidString, outcome: outcome,
            details: details.merging(["device": client.device, "clientAddress": client.address]) { first, _ in first })
        try await services.auditLog.append(draft, on: database ?? self.database)
    }
}
