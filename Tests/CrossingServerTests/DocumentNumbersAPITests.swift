import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("API: document-number validation")
struct DocumentNumbersAPITests {
    static let path = "/api/v1/document-numbers/validate"

    static func body(_ type: String, _ value: String) throws -> String {
        String(decoding: try JSONEncoder().encode(["type": type, "value": value]), as: UTF8.self)
    }

    @Test(arguments: [
        ("resident-id", "11010519491231002x", "11010519491231002X"),
        ("pr-card", "932682198501010017", "932682198501010017"),
        ("ordinary-passport", "E12345678", "E12345678"),
        ("ordinary-passport", "ea1234567", "EA1234567"),
        ("hk-macao-permit", "CA0000001", "CA0000001"),
        ("s10-tracking", "ee473124829cn", "EE473124829CN"),
    ])
    func validNumberIsNormalised(type: String, value: String, normalized: String) async throws {
        try await withApp { app in
            let res = try await app.post(json: try Self.body(type, value), to: Self.path)
            #expect(res.status == .ok)
            #expect(res.mediaType == "application/json")
            let answer = try res.json(ValidatedNumber.self)
            #expect(answer.type == type)
            #expect(answer.valid)
            #expect(answer.normalized == normalized)
            #expect(!answer.details.isEmpty)
        }
    }

    @Test func residentIDDetails() async throws {
        try await withApp { app in
            let res = try await app.post(json: try Self.body("resident-id", "11010519491231002X"), to: Self.path)
            let answer = try res.json(ValidatedNumber.self)
            #expect(answer.details["birthDate"] == "1949-12-31")
            #expect(answer.details["addressCode"] == "110105")
            #expect(answer.details["sex"] == "female")
        }
    }

    @Test(arguments: [
        ("resident-id", "110105194912310021", "id-checksum"),
        ("resident-id", "1101051949123100", "id-length"),
        ("resident-id", "11010520271231002X", "id-birth-date-future"),
        ("pr-card", "132682198501010017", "pr-card-prefix"),
        ("pr-card", "93268219850101001", "pr-card-length"),
        ("ordinary-passport", "EI1234567", "document-number-letter-i-or-o"),
        ("ordinary-passport", "", "document-number-empty"),
        ("s10-tracking", "EE473124828CN", "tracking-checksum"),
    ])
    func invalidNumberNamesTheDomainError(type: String, value: String, code: String) async throws {
        try await withApp { app in
            let res = try await app.post(json: try Self.body(type, value), to: Self.path)
            #expect(res.status == .unprocessableEntity)
            #expect(res.mediaType == "application/problem+json")
            let problem = try res.json(ProblemDocument.self)
            #expect(problem.type.hasSuffix("/validation-failed"))
            #expect(
                problem.errors == [.init(field: "value", code: code, message: problem.errors?.first?.message ?? "")])
            #expect(problem.errors?.first?.message.isEmpty == false)
        }
    }

    @Test func unknownTypeIsAFieldError() async throws {
        try await withApp { app in
            let res = try await app.post(json: try Self.body("library-card", "12345"), to: Self.path)
            #expect(res.status == .unprocessableEntity)
            #expect(res.mediaType == "application/problem+json")
            #expect(try res.json(ProblemDocument.self).fields == ["type"])
        }
    }

    @Test func missingValueIsAFieldError() async throws {
        try await withApp { app in
            let res = try await app.post(json: #"{"type":"resident-id"}"#, to: Self.path)
            #expect(res.status == .unprocessableEntity)
            #expect(res.mediaType == "application/problem+json")
            let problem = try res.json(ProblemDocument.self)
            #expect(problem.fields == ["value"])
            #expect(problem.errors?.first?.code == "required")
        }
    }

    @Test func valueOfTheWrongTypeIsAFieldError() async throws {
        try await withApp { app in
            let res = try await app.post(json: #"{"type":"resident-id","value":110105}"#, to: Self.path)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.json(ProblemDocument.self).fields == ["value"])
        }
    }

    @Test(arguments: [#"{"type":"resident-id","value":"#, "not json at all", "{}}", "[1,"])
    func malformedJSONIsABadRequest(body: String) async throws {
        try await withApp { app in
            let res = try await app.post(json: body, to: Self.path)
            #expect(res.status == .badRequest)
            #expect(res.mediaType == "application/problem+json")
            let problem = try res.json(ProblemDocument.self)
            #expect(problem.type.hasSuffix("/bad-request"))
            #expect(problem.status == 400)
        }
    }

    /// An empty body is malformed JSON (Vapor itself throws 422 for it; we answer 400).
    @Test func emptyJSONBodyIsABadRequest() async throws {
        try await withApp { app in
            let res = try await app.post(json: "", to: Self.path)
            #expect(res.status == .badRequest)
            #expect(res.mediaType == "application/problem+json")
            let problem = try res.json(ProblemDocument.self)
            #expect(problem.type.hasSuffix("/bad-request"))
        }
    }

    @Test(arguments: ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
    func nonJSONBodyIsUnsupported(contentType: String) async throws {
        try await withApp { app in
            let res = try await app.send(
                .POST, Self.path, headers: ["Content-Type": contentType], body: "type=resident-id&value=1")
            #expect(res.status == .unsupportedMediaType)
            #expect(res.mediaType == "application/problem+json")
            #expect(try res.json(ProblemDocument.self).type.hasSuffix("/unsupported-media-type"))
        }
    }

    @Test func jsonWithACharsetIsAccepted() async throws {
        try await withApp { app in
            let res = try await app.send(
                .POST, Self.path, headers: ["Content-Type": "application/json; charset=utf-8"],
                body: try Self.body("resident-id", "11010519491231002X"))
            #expect(res.status == .ok)
        }
    }

    @Test func bodyOver16KiBIsTooLarge() async throws {
        try await withApp { app in
            // Size limits apply while a body streams in, so this one goes over a real socket.
            let body = try Self.body("resident-id", String(repeating: "1", count: 20 * 1024))
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            try await tester.test(
                .POST, Self.path, headers: ["Content-Type": "application/json"], body: ByteBuffer(string: body)
            ) { res async throws in
                #expect(res.status == .payloadTooLarge)
                #expect(res.mediaType == "application/problem+json")
                let problem = try res.json(ProblemDocument.self)
                #expect(problem.type.hasSuffix("/payload-too-large"))
                #expect(problem.status == 413)
            }
        }
    }

    @Test func overlongValueUnderTheBodyLimitIsAFieldError() async throws {
        try await withApp { app in
            let res = try await app.post(
                json: try Self.body("resident-id", String(repeating: "1", count: 5_000)), to: Self.path)
            #expect(res.status == .unprocessableEntity)
            #expect(try res.json(ProblemDocument.self).errors?.first?.code == "too-long")
        }
    }

    @Test func getIsNotAllowedOnValidate() async throws {
        try await withApp { app in
            let res = try await app.get(Self.path)
            #expect(res.status == .methodNotAllowed)
            #expect(res.header("Allow") == "POST")
            #expect(res.mediaType == "application/problem+json")
            #expect(try res.json(ProblemDocument.self).type.hasSuffix("/method-not-allowed"))
        }
    }
}
