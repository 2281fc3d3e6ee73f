import Vapor

/// Serves `Public/` only for the paths that hold static files. Vapor's FileMiddleware looks for a
/// file on disk (a thread-pool hop) for every request it sees; keeping it off the API and page
/// routes keeps that cost off the hot path.
struct StaticFilesMiddleware: Middleware {
    /// Folders and files under `Public/` that are served.
    static let prefixes = ["/css/", "/js/", "/images/", "/favicon.ico", "/robots.txt"]

    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory, defaultFile: nil)
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let path = request.url.path
        guard Self.prefixes.contains(where: { path.hasPrefix($0) }) else { return next.respond(to: request) }
        return files.respond(to: request, chainingTo: next)
    }
}
