import Vapor

/// Headers that make the portal safe to open in a browser: a strict CSP (no inline script or style),
/// no framing, no MIME sniffing, a tight referrer policy and, behind TLS, HSTS.
struct SecurityHeadersMiddleware: Middleware {
    var hstsEnabled: Bool

    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
        + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

    static let headers = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in
            for (name, value) in Self.headers { response.headers.replaceOrAdd(name: name, value: value) }
            if hstsEnabled {
                // Two years, as browsers' preload lists expect.
                response.headers.replaceOrAdd(
                    name: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains")
            }
            return response
        }
    }
}
