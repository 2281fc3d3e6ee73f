import CrossingDomain
import Foundation
import Vapor

/// POST /api/v1/face-verifications (start a liveness challenge) and
/// POST /api/v1/face-verifications/{nonce} (send the capture). Bearer-authenticated applicants only.
struct FaceVerificationController: RouteCollection {
    /// A capture is a short clip or a few frames; the sandbox's are tiny.
    static let maxBodySize: ByteCount = "4mb"

    func boot(routes: any RoutesBuilder) throws {
        let group = routes.grouped("face-verifications")
        group.post(use: start)
        group.on(.POST, ":nonce", body: .collect(maxSize: Self.maxBodySize), use: verify)
    }

    struct ChallengeDocument: Content {
        var nonce: String
        var actions: [String]
        /// ISO 8601, UTC.
        var expiresAt: String
    }

    struct CaptureRequest: Content {
        /// The capture, base64 (standard alphabet, padding optional).
        var sample: String
    }

    struct VerdictDocument: Content {
        var passed: Bool
        var score: Double?
        /// Failure code (face-liveness-failed, face-no-match, face-challenge-rejected) when not passed.
        var reason: String?
        /// What to do next, in the reader's language, when not passed.
        var message: String?
        /// ISO 8601, UTC, when passed.
        var verifiedAt: String?
    }

    func start(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let challenge = try await FaceVerificationService(request).start(account: account)
        let document = ChallengeDocument(
            nonce: challenge.nonce, actions: challenge.actions,
            expiresAt: ISO8601DateFormatter().string(from: challenge.expiresAt))
        let response = try await document.encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func verify(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        guard request.headers.contentType == .json else {
            throw Problem(.unsupportedMediaType, detail: "Send the request body as application/json.")
        }
        let nonce = request.parameters.get("nonce") ?? ""
        let body = try request.content.decode(CaptureRequest.self)
        guard let sample = Self.decodeBase64(body.sample), !sample.isEmpty else {
            throw Problem.validation([
                .init(field: "sample", code: "invalid-base64", message: "sample must be the capture in base64.")
            ])
        }
        let service = FaceVerificationService(request)
        let verdict = try await service.verify(account: account, nonce: String(nonce.prefix(128)), sample: sample)
        let document = VerdictDocument(
            passed: verdict.passed, score: verdict.score, reason: verdict.failure?.code,
            message: verdict.failure?.message.text(in: request.language),
            verifiedAt: verdict.verifiedAt.map { ISO8601DateFormatter().string(from: $0) })
        let response = try await document.encodeResponse(status: .ok, for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Standard or URL-safe base64, with or without padding.
    static func decodeBase64(_ text: String) -> Data? {
        var normalized = text.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let remainder = normalized.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { normalized += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: normalized)
    }
}
