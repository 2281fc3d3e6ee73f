import CrossingDomain
import Vapor

/// Checks an identity or travel-document number, an MRZ or a postal tracking number, and explains
/// what is wrong in plain words. Partners and our own forms use the same rules.
struct DocumentNumbersAPIController: RouteCollection {
    /// The request is a short JSON object; anything near this size is not one.
    static let maxBodySize: ByteCount = "16kb"

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "document-numbers", "validate", body: .collect(maxSize: Self.maxBodySize), use: validate)
    }

    struct ValidateRequest: Content {
        var type: String
        var value: String
    }

    struct ValidateResponse: Content {
        var type: String
        var valid: Bool
        var normalized: String
        var details: [String: String]
    }

    func validate(_ request: Request) async throws -> ValidateResponse {
        guard request.headers.contentType == .json else {
            throw Problem(.unsupportedMediaType, detail: "Send the request body as application/json.")
        }
        let body = try request.content.decode(ValidateRequest.self)
        guard let kind = DocumentNumberKind(rawValue: body.type) else {
            throw Problem.validation([
                .init(
                    field: "type", code: "unknown-type",
                    message:
                        "type must be one of: \(DocumentNumberKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            ])
        }
        guard body.value.count <= 2_000 else {
            throw Problem.validation([.init(field: "value", code: "too-long", message: "value is too long.")])
        }
        let today = CalendarDate.today(in: request.services.config.serviceTimeZone, now: request.services.now())
        switch DocumentNumberValidator.validate(body.value, as: kind, today: today) {
        case .valid(let number):
            return ValidateResponse(
                type: kind.rawValue, valid: true, normalized: number.normalized, details: number.details)
        case .invalid(let code, let message):
            throw Problem.validation([.init(field: "value", code: code, message: message.text(in: request.language))])
        }
    }
}
