import CrossingDomain
import Vapor

/// Turns every error into a clear answer: problem+json for the API and machine clients, a friendly
/// page in the reader's language for the portal. Unexpected errors are logged with the request ID and
/// answered without internals, and malformed input never surfaces as a 500.
struct ProblemMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            request.eventLoop.makeFutureWithTask { try await Self.answer(error, for: request) }
        }
    }

    static func answer(_ error: any Error, for request: Request) async throws -> Response {
        let problem = problem(for: error, request: request)
        if problem.kind == .internalError {
            request.logger.error(
                "unhandled error", metadata: ["error-type": .string(String(reflecting: type(of: error)))])
        }
        if wantsJSON(request) {
            return try jsonResponse(problem, request: request)
        }
        if problem.kind == .unauthorized, request.method == .GET {
            // A person who is not signed in is sent to sign in, and back here afterwards.
            let next = request.url.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
            return request.redirect(to: "\(IdentityPaths.signIn)?next=\(next)", redirectType: .normal)
        }
        let response = try await PortalErrorPage.render(problem, for: request)
        if !problem.allowedMethods.isEmpty {
            response.headers.replaceOrAdd(name: .allow, value: problem.allowedMethods.joined(separator: ", "))
        }
        if problem.kind == .unauthorized {
            // RFC 6750 §3: tell API clients which scheme to use.
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: #"Bearer realm="crossing""#)
        }
        return response
    }

    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.url.path
        if path.hasPrefix("/api/") || path == "/api" || path == "/readyz" || path == "/healthz" { return true }
        let accept = request.headers.first(name: .accept) ?? ""
        return accept.contains("json") && !accept.contains("text/html")
    }

    static func problem(for error: any Error, request: Request) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let decoding as DecodingError:
            return decodingProblem(decoding)
        case let abort as any AbortError where abort.status == .notFound && request.route == nil:
            let allowed = AllowedMethods.for(path: request.url.path, in: request.application.routes)
            guard !allowed.isEmpty else { return Problem(.notFound, detail: "Nothing exists at this address.") }
            var problem = Problem(
                .methodNotAllowed, detail: "Use one of: \(allowed.joined(separator: ", ")).")
            problem.allowedMethods = allowed
            return problem
        case let abort as any AbortError where abort.status == .unprocessableEntity:
            // Vapor's own 422 means there was no body to decode; a validation-failed problem always
            // names its fields, so this is a malformed request instead.
            return Problem(.badRequest, detail: "The request body is missing or empty.")
        case let abort as any AbortError:
            let kind = Problem.Kind.from(status: abort.status)
            return Problem(kind, detail: kind == .internalError ? "An unexpected error occurred." : abort.reason)
        default:
            return Problem(
                .internalError, detail: "An unexpected error occurred. Quote the request ID if you contact us.")
        }
    }

    /// A body that is valid JSON but the wrong shape names the field; malformed JSON is a 400.
    static func decodingProblem(_ error: DecodingError) -> Problem {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            let name = field(context.codingPath + [key])
            return .validation([.init(field: name, code: "required", message: "\(name) is required.")])
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            let name = field(context.codingPath)
            return .validation([.init(field: name, code: "wrong-type", message: "\(name) has the wrong type.")])
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            let name = field(context.codingPath)
            return .validation([.init(field: name, code: "invalid", message: "\(name) is not valid.")])
        default:
            return Problem(.badRequest, detail: "The request body is not valid JSON.")
        }
    }

    static func jsonResponse(_ problem: Problem, request: Request) throws -> Response {
        let body = ProblemBody(
            type: ProblemBody.typeBase + problem.kind.rawValue, title: problem.kind.title.text(in: request.language),
            status: Int(problem.kind.status.code), detail: problem.detail, instance: request.url.path,
            requestId: request.requestID, errors: problem.errors.isEmpty ? nil : problem.errors)
        let response = Response(status: problem.kind.status)
        try response.content.encode(body, as: .json)
        response.headers.contentType = HTTPMediaType(
            type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
        if !problem.allowedMethods.isEmpty {
            response.headers.replaceOrAdd(name: .allow, value: problem.allowedMethods.joined(separator: ", "))
        }
        if problem.kind == .unauthorized {
            // RFC 6750 §3: tell API clients which scheme to use.
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: #"Bearer realm="crossing""#)
        }
        return response
    }
}
