import Foundation
import Testing
import Vapor
import VaporTesting
import Yams

@testable import CrossingServer

@Suite("OpenAPI document")
struct OpenAPITests {
    static let documentPath = "docs/openapi.yaml"
    static let methods = ["get", "put", "post", "delete", "patch", "head", "options"]

    static func document() throws -> [String: Any] {
        let text = try String(contentsOfFile: documentPath, encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    /// "GET /api/v1/offices/{code}" for every operation the document describes.
    static func documentedOperations() throws -> Set<String> {
        let paths = try #require(try document()["paths"] as? [String: Any])
        var operations = Set<String>()
        for (path, item) in paths {
            let item = try #require(item as? [String: Any], "path item \(path)")
            for method in methods where item[method] != nil {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    /// The same notation for every route the application registered.
    static func registeredOperations(_ app: Application) -> Set<String> {
        Set(
            app.routes.all.map { route in
                let path = route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }
                return "\(route.method.rawValue) /" + path.joined(separator: "/")
            })
    }

    @Test func documentIsOpenAPI31() throws {
        let document = try Self.document()
        let version = try #require(document["openapi"] as? String)
        #expect(version.hasPrefix("3.1"))
        #expect(document["info"] is [String: Any])
        #expect(document["paths"] is [String: Any])
    }

    @Test func apiServesTheDocumentAsYAML() async throws {
        let onDisk = try String(contentsOfFile: Self.documentPath, encoding: .utf8)
        try await withApp { app in
            try await app.testing().test(.GET, "/api/v1/openapi.yaml") { res async throws in
                #expect(res.status == .ok)
                #expect(res.mediaType == "application/yaml")
                #expect(res.text == onDisk)
            }
        }
    }

    @Test func everyRegisteredAPIRouteIsDocumented() async throws {
        let documented = try Self.documentedOperations()
        try await withApp { app in
            let registered = Self.registeredOperations(app).filter { $0.contains(" /api/v1/") }
            #expect(!registered.isEmpty)
            let undocumented = registered.subtracting(documented)
            #expect(undocumented.isEmpty, "registered but not in docs/openapi.yaml: \(undocumented.sorted())")
        }
    }

    @Test func everyDocumentedOperationIsRegistered() async throws {
        let documented = try Self.documentedOperations()
        #expect(documented.contains { $0.contains(" /api/v1/") })
        try await withApp { app in
            let missing = documented.subtracting(Self.registeredOperations(app))
            #expect(missing.isEmpty, "documented but not registered: \(missing.sorted())")
        }
    }
}
