import Foundation
import Testing
import Vapor
import VaporTesting

extension Application {
    /// Sends one request through the whole middleware stack, in memory.
    func send(
        _ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestingHTTPResponse {
        try await testing().sendRequest(
            method, path, headers: headers, body: body.map { ByteBuffer(string: $0) },
            fileID: sourceLocation.fileID, filePath: sourceLocation.filePath, line: sourceLocation.line,
            column: sourceLocation.column)
    }

    /// GETs `path` in memory.
    func get(
        _ path: String, headers: HTTPHeaders = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: headers, sourceLocation: sourceLocation)
    }

    /// Sends a JSON body to `path`.
    func post(json: String, to path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = headers
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        return try await send(.POST, path, headers: headers, body: json)
    }
}

extension TestingHTTPResponse {
    /// The body decoded as JSON into a test-side contract shape (whatever the content type says).
    func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    var text: String { body.getString(at: body.readerIndex, length: body.readableBytes) ?? "" }

    /// "type/subtype" without parameters, lower-cased.
    var mediaType: String? {
        headers.contentType.map { "\($0.type)/\($0.subType)".lowercased() }
    }

    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// Percent-encodes a query value (also `&`, `=`, `+` and `'`, which are legal in a query but separate values).
func encoded(_ value: String) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+'#?")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
}

/// How Leaf escapes text interpolated into a page, so data from the files can be found in the HTML.
func html(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;")
}

extension String {
    /// How many times `needle` occurs (non-overlapping).
    func occurrences(of needle: String) -> Int {
        components(separatedBy: needle).count - 1
    }
}
