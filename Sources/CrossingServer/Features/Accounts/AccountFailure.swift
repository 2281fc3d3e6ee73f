import CrossingDomain
import Foundation
import Vapor

/// What the account use cases refuse, as problems in the reader's language. Rate limits and
/// lock-outs carry their wait so the answer can say Retry-After.
enum AccountFailure: Error, Sendable {
    /// Field errors (domain errors keyed by the form field they belong to).
    case invalid([FieldFailure])
    /// Wrong identifier or password: one answer for both, so it does not reveal which accounts exist.
    case invalidCredentials
    case rateLimited(retryAfter: TimeInterval)
    case locked(retryAfter: TimeInterval)
    /// The holder switched the password sign-in method off.
    case methodLocked
    case mobileNotVerified

    struct FieldFailure: Sendable {
        var field: String
        var error: any DomainError
    }

    static func field(_ field: String, _ error: any DomainError) -> AccountFailure {
        .invalid([FieldFailure(field: field, error: error)])
    }

    var retryAfter: TimeInterval? {
        switch self {
        case .rateLimited(let seconds), .locked(let seconds): seconds
        default: nil
        }
    }

    func problem(in language: Language) -> Problem {
        switch self {
        case .invalid(let failures):
            return .validation(
                failures.map {
                    .init(field: $0.field, code: $0.error.code, message: $0.error.message.text(in: language))
                })
        case .invalidCredentials:
            let text = LocalizedText(
                zh: "账号或密码不正确，请核对后重试",
                en: "The sign-in name or password is not correct. Check them and try again"
            ).text(in: language)
            return Problem(
                .unauthorized, detail: text,
                errors: [.init(field: "identifier", code: "invalid-credentials", message: text)])
        case .rateLimited(let seconds):
            return Problem(.tooManyRequests, detail: RateLimitError(retryAfter: seconds).message.text(in: language))
        case .locked(let seconds):
            let error = LockoutError(retryAfter: seconds)
            return Problem(
                .tooManyRequests, detail: error.message.text(in: language),
                errors: [.init(field: "identifier", code: error.code, message: error.message.text(in: language))])
        case .methodLocked:
            let text = LocalizedText(
                zh: "您已关闭密码登录。如需重新开启，请联系出入境管理机构",
                en: "You switched off signing in with a password. To switch it back on, contact an exit-entry office"
            ).text(in: language)
            return Problem(
                .forbidden, detail: text, errors: [.init(field: "identifier", code: "method-locked", message: text)])
        case .mobileNotVerified:
            let text = LocalizedText(zh: "请先验证手机号码", en: "Verify your mobile number first").text(in: language)
            return Problem(
                .forbidden, detail: text, errors: [.init(field: "mobile", code: "mobile-not-verified", message: text)])
        }
    }

    /// The Retry-After header value: whole seconds, rounded up; nil for "start again" limits.
    static func retryAfterHeader(_ seconds: TimeInterval) -> String? {
        guard seconds.isFinite else { return nil }
        return String(max(1, Int(seconds.rounded(.up))))
    }
}

/// Answers AccountFailure (thrown by the use cases) as a problem, adding Retry-After to 429s. It sits
/// on the account routes only, inside the global ProblemMiddleware that renders everything else.
struct AccountFailureMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let failure as AccountFailure {
            let response = try await ProblemMiddleware.answer(failure.problem(in: request.language), for: request)
            if let seconds = failure.retryAfter, let header = AccountFailure.retryAfterHeader(seconds) {
                response.headers.replaceOrAdd(name: .retryAfter, value: header)
            }
            return response
        }
    }
}
