import Foundation
import Vapor

/// Registers the applicant's renewal pages (under CSRFMiddleware, like the appointment pages) and
/// loads their wording.
enum RenewalPages {
    static func register(_ app: Application) throws {
        app.renewalPageStrings = try RenewalPageStringTables.load(
            from: app.directory.resourcesDirectory + "Localization/")
        let pages = app.grouped(CollectFormBodyMiddleware()).grouped(CSRFMiddleware())
        try pages.register(collection: RenewalStatusPagesController())
        try pages.register(collection: RenewalFlowPagesController())
    }
}

/// Collects a POST body (up to 1 MB, the upload routes' limit) before CSRFMiddleware reads the
/// token from it: a multipart upload arrives as a stream, and the route collects it only after the
/// middleware has run.
struct CollectFormBodyMiddleware: AsyncMiddleware {
    static let maxBytes = 1 << 20

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method == .POST, request.body.data == nil {
            _ = try await request.body.collect(max: Self.maxBytes).get()
        }
        return try await next.respond(to: request)
    }
}
