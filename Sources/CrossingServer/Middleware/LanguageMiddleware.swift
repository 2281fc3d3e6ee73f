import CrossingDomain
import Vapor

/// Chooses the language of each request: `?lang=` (remembered in a cookie), then the cookie, then
/// `Accept-Language`, then Chinese.
struct LanguageMiddleware: Middleware {
    static let cookieName = "lang"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let chosen = request.url.query.flatMap(Self.languageFromQuery)
        request.language =
            chosen
            ?? request.cookies[Self.cookieName].flatMap { Language(rawValue: $0.string) }
            ?? Self.fromAcceptLanguage(request.headers.first(name: .acceptLanguage))
        guard let chosen else { return next.respond(to: request) }
        return next.respond(to: request).map { response in
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: chosen.rawValue, maxAge: 365 * 24 * 3600, path: "/", isSecure: false, isHTTPOnly: true,
                sameSite: .lax)
            return response
        }
    }

    static func languageFromQuery(_ query: String) -> Language? {
        for pair in query.split(separator: "&") where pair.hasPrefix("lang=") {
            return Language(rawValue: String(pair.dropFirst(5)))
        }
        return nil
    }

    /// The highest-weighted of zh* and en*; Chinese when neither is asked for.
    static func fromAcceptLanguage(_ header: String?) -> Language {
        guard let header else { return .zh }
        var best: (language: Language, weight: Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased() else { continue }
            let weight = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let language: Language? = tag.hasPrefix("zh") ? .zh : tag.hasPrefix("en") ? .en : nil
            if let language, weight > 0, weight > (best?.weight ?? -1) { best = (language, weight) }
        }
        return best?.language ?? .zh
    }
}

private struct LanguageKey: StorageKey {
    typealias Value = Language
}

extension Request {
    /// The language of this request (set by `LanguageMiddleware`; Chinese if it did not run).
    var language: Language {
        get { storage[LanguageKey.self] ?? .zh }
        set { storage[LanguageKey.self] = newValue }
    }
}
