import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Vapor

/// /account/face-check: explains face verification, starts a challenge and, in the sandbox, takes a
/// typed face token and actions in place of a camera capture. Passing returns to `next` when given.
struct FaceCheckPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let face = routes.grouped("account", "face-check")
        face.get(use: page)
        face.post("start", use: start)
        face.post("verify", use: verify)
    }

    struct StartForm: Content {
        var next: String?
    }

    struct VerifyForm: Content {
        var nonce: String?
        var face: String?
        var actions: String?
        var next: String?
    }

    func page(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let next = Self.localNext(try? request.query.get(String.self, at: "next"))
        return try await renderIntro(request, account: account, next: next, errors: [])
    }

    func start(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let form = try request.content.decode(StartForm.self)
        let next = Self.localNext(form.next)
        let challenge: LivenessChallenge
        do {
            challenge = try await FaceVerificationService(request).start(account: account)
        } catch let problem as Problem {
            return try await renderResult(
                request, passed: false, heading: request.accountExtrasStrings.faceStartFailedHeading,
                message: problem.detail, next: next, status: problem.kind.status)
        }
        let person = account.personID ?? PersonID("")
        return try await renderChallenge(
            request, nonce: challenge.nonce, actions: challenge.actions, expiresAt: challenge.expiresAt, next: next,
            face: FaceVerificationService.sandboxReferenceToken(person),
            actionsText: challenge.actions.joined(separator: ", "), errors: [])
    }

    func verify(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let form = try request.content.decode(VerifyForm.self)
        let next = Self.localNext(form.next)
        let strings = request.accountExtrasStrings
        let face = (form.face ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let actions = (form.actions ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let nonce = String((form.nonce ?? "").prefix(128))
        if face.isEmpty || actions.isEmpty || nonce.isEmpty {
            var errors: [FieldErrorView] = []
            if face.isEmpty { errors.append(.init(field: "face", message: strings.faceTokenHint)) }
            if actions.isEmpty { errors.append(.init(field: "actions", message: strings.actionsHint)) }
            if nonce.isEmpty { errors.append(.init(field: "face", message: strings.faceTryAgain)) }
            return try await renderIntro(request, account: account, next: next, errors: errors, status: .badRequest)
        }
        let verdict: FaceVerificationService.Verdict
        do {
            let sample = try SandboxFaceVerifier.sample(face: face, actions: actions)
            verdict = try await FaceVerificationService(request).verify(account: account, nonce: nonce, sample: sample)
        } catch let problem as Problem {
            return try await renderResult(
                request, passed: false, heading: strings.faceFailedHeading, message: problem.detail, next: next,
                status: problem.kind.status)
        }
        guard verdict.passed else {
            return try await renderResult(
                request, passed: false, heading: strings.faceFailedHeading,
                message: verdict.failure?.message.text(in: request.language) ?? "", next: next,
                status: .unprocessableEntity)
        }
        if !next.isEmpty { return request.redirect(to: next, redirectType: .normal) }
        return try await renderResult(
            request, passed: true, heading: strings.facePassedHeading, message: strings.facePassedText, next: "")
    }

    /// A local path to return to, or "" when none (or an unsafe one) was given.
    static func localNext(_ next: String?) -> String {
        guard let next, !next.isEmpty else { return "" }
        let safe = AccountPage.safeNext(next)
        return safe == next ? safe : ""
    }

    // MARK: - Rendering

    private func formatted(_ date: Date, _ request: Request) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = request.services.config.serviceTimeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    private func renderIntro(
        _ request: Request, account: AuthenticatedAccount, next: String, errors: [FieldErrorView],
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let strings = request.accountExtrasStrings
        let last = try await FaceVerificationService(request).lastPass(for: account, on: request.db)
        let context = FaceCheckContext(
            meta: Portal.meta(request, title: strings.faceHeading, section: "account"), t: strings,
            csrfToken: CSRF.token(for: request), errors: errors, next: next,
            lastPassed: last.map { formatted($0.verifiedAt, request) } ?? "")
        return try await AccountPage.render("account/face/index", context, for: request, status: status)
    }

    private func renderChallenge(
        _ request: Request, nonce: String, actions: [String], expiresAt: Date, next: String, face: String,
        actionsText: String, errors: [FieldErrorView], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let strings = request.accountExtrasStrings
        let context = FaceChallengeContext(
            meta: Portal.meta(request, title: strings.faceChallengeHeading, section: "account"), t: strings,
            csrfToken: CSRF.token(for: request), errors: errors, next: next, nonce: nonce,
            actions: actions.map { AccountExtrasStrings.action($0, request.language) },
            expiresAt: formatted(expiresAt, request),
            sandbox: request.services.faceVerifier is SandboxFaceVerifier,
            face: FieldView(face, field: "face", errors: errors),
            actionsField: FieldView(actionsText, field: "actions", errors: errors))
        return try await AccountPage.render("account/face/challenge", context, for: request, status: status)
    }

    private func renderResult(
        _ request: Request, passed: Bool, heading: String, message: String, next: String,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let strings = request.accountExtrasStrings
        let context = FaceResultContext(
            meta: Portal.meta(request, title: heading, section: "account"), t: strings,
            csrfToken: CSRF.token(for: request), passed: passed, heading: heading, message: message, next: next)
        return try await AccountPage.render("account/face/result", context, for: request, status: status)
    }
}
