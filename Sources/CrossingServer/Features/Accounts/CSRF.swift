import CrossingDomain
import Foundation
import Vapor

/// CSRF protection for every POST form of the portal. Signed-in forms carry the session's CSRF token;
/// anonymous forms (register, sign-in) use a double-submit cookie whose value the form repeats. A
/// missing or wrong token is a 403 with a friendly page. API routes (bearer tokens) are not covered.
enum CSRF {
    static let cookieName = "crossing_csrf"
    static let fieldName = "csrfToken"

    /// The token a form should carry; sets the double-submit cookie when an anonymous visitor has none.
    static func token(for request: Request, response: Response? = nil) -> String {
        if case .session(_, let csrfToken) = request.account?.method { return csrfToken }
        return request.cookies[cookieName]?.string ?? request.storage[PendingTokenKey.self]
            ?? {
                let token = RandomToken.make()
                request.storage[PendingTokenKey.self] = token
                return token
            }()
    }

    /// Adds the double-submit cookie chosen while rendering (if any) to the response.
    static func attachCookie(to response: Response, for request: Request) {
        guard let token = request.storage[PendingTokenKey.self] else { return }
        response.cookies[cookieName] = HTTPCookies.Value(
            string: token, path: "/", isSecure: request.services.config.hstsEnabled, isHTTPOnly: true,
            sameSite: .strict)
    }

    static func isValid(_ request: Request) -> Bool {
        guard let sent = try? request.content.get(String.self, at: fieldName), !sent.isEmpty else { return false }
        let expected: String?
        if case .session(_, let csrfToken) = request.account?.method {
            expected = csrfToken
        } else {
            expected = request.cookies[cookieName]?.string
        }
        guard let expected, !expected.isEmpty else { return false }
        return constantTimeEquals(sent, expected)
    }

    private static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private struct PendingTokenKey: StorageKey {
        typealias Value = String
    }
}

/// Refuses POSTs whose CSRF token is missing or wrong, before any handler runs.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method == .POST, !CSRF.isValid(request) {
            throw Problem(
                .forbidden,
                detail: LocalizedText(
                    zh: "页面已过期或来源不明，请返回上一页刷新后重新提交",
                    en: "This form has expired or did not come from our site. Go back, reload the page and try again"
                ).text(in: request.language))
        }
        return try await next.respond(to: request)
    }
}
