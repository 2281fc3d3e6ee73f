import Fluent
import Foundation
import Prometheus
import Vapor

/// Liveness, readiness and metrics for operators and load balancers.
struct OperationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("readyz", use: ready)
        routes.get("metrics", use: metrics)
    }

    /// The process is up and answering. Deliberately touches nothing else.
    func health(_ request: Request) async throws -> StatusBody {
        StatusBody(status: "ok")
    }

    struct ReadyBody: Content {
        var status: String
        var database: String
        var migrations: String
        var referenceData: String
    }

    /// Ready to take traffic: the database answers, every migration has run and the reference data is loaded.
    func ready(_ request: Request) async throws -> ReadyBody {
        let applied: Set<String>
        do {
            applied = Set(try await MigrationLog.query(on: request.db).all().map(\.name))
        } catch {
            throw Problem(.serviceUnavailable, detail: "The database cannot be reached or is not migrated.")
        }
        let pending = Migrations.all.map(\.name).filter { !applied.contains($0) }
        guard pending.isEmpty else {
            throw Problem(.serviceUnavailable, detail: "Migrations are pending: \(pending.joined(separator: ", ")).")
        }
        guard request.services.referenceData.snapshot != nil else {
            throw Problem(
                .serviceUnavailable, detail: "Reference data is not loaded. Run `crossing reference-data load`.")
        }
        return ReadyBody(status: "ready", database: "ok", migrations: "current", referenceData: "loaded")
    }

    func metrics(_ request: Request) async throws -> Response {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        request.services.metrics.emit(into: &buffer)
        let response = Response(status: .ok, body: .init(data: Data(buffer)))
        response.headers.contentType = HTTPMediaType(
            type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return response
    }
}

/// Serves the API description that docs/openapi.yaml holds, read once at start-up.
struct OpenAPIController: RouteCollection {
    var document: String

    func boot(routes: any RoutesBuilder) throws {
        routes.get("openapi.yaml") { _ -> Response in
            let response = Response(status: .ok, body: .init(string: document))
            response.headers.contentType = HTTPMediaType(
                type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
            return response
        }
        routes.get("ping") { _ in StatusBody(status: "ok") }
    }
}
