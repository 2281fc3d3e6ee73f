import CrossingDomain
import Foundation

/// The office search both the API and the portal run: checks the raw inputs and answers a page of
/// offices or the field errors to show.
struct OfficeSearch: Sendable {
    struct Input: Sendable {
        var city: String?
        var service: String?
        var text: String?
        var limit: Int = 20
        var cursor: String?
    }

    static let maxTextLength = 100

    var snapshot: ReferenceSnapshot

    func run(_ input: Input) -> Result<OfficeDirectory.Page, Problem> {
        var errors: [Problem.FieldError] = []
        var query = OfficeDirectory.Query()
        if let city = input.city.flatMap(nonEmpty) {
            if let match = snapshot.directory.city(matching: city) {
                query.cityCode = match.code
            } else {
                errors.append(.init(field: "city", code: "unknown-city", message: Messages.unknownCity))
            }
        }
        if let service = input.service.flatMap(nonEmpty) {
            if snapshot.catalogue.guide(code: service)?.offeredAtOffices == true {
                query.serviceCode = service
            } else {
                errors.append(.init(field: "service", code: "unknown-service", message: Messages.unknownService))
            }
        }
        if let text = input.text.flatMap(nonEmpty) {
            if text.count > Self.maxTextLength {
                errors.append(.init(field: "q", code: "too-long", message: Messages.textTooLong))
            } else {
                query.text = text
            }
        }
        var after: String?
        if let cursor = input.cursor.flatMap(nonEmpty) {
            if let code = Cursor.decode(cursor), snapshot.directory.office(code: code) != nil {
                after = code
            } else {
                errors.append(.init(field: "cursor", code: "invalid-cursor", message: Messages.badCursor))
            }
        }
        guard errors.isEmpty else { return .failure(.validation(errors)) }
        guard let page = snapshot.directory.search(query, after: after, limit: input.limit) else {
            return .failure(.validation([.init(field: "cursor", code: "invalid-cursor", message: Messages.badCursor)]))
        }
        return .success(page)
    }

    private func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    enum Messages {
        static let unknownCity =
            "No office in the directory is in that city. Choose a city from the list, or give its 6-digit code."
        static let unknownService = "That is not a service offered at offices. Choose one from the list of services."
        static let textTooLong = "The search text can be at most 100 characters long."
        static let badCursor =
            "The cursor does not belong to this search (it was not given out for these filters). Start again without it."
    }
}

/// Opaque pagination cursors: base64url of the last item's key, so clients cannot depend on its form.
enum Cursor {
    static func encode(_ key: String) -> String {
        Data(key.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> String? {
        guard cursor.count <= 200 else { return nil }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
