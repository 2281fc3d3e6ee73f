import CrossingDomain
import Foundation
import Vapor

/// What the appointment use cases refuse. The API answers problem+json with a stable type: field
/// mistakes are `validation-failed` with the domain code per field; conflicts and refusals use the
/// domain code as the type (`.../problems/appointment-full`), so clients can switch on it.
enum AppointmentFailure: Error, Sendable {
    case booking(BookingError)
    case code(ConfirmationCodeError)
    case invalid([Problem.FieldError])
    case noDelegation
    case notFound
    case rateLimited(retryAfter: TimeInterval)

    var status: HTTPResponseStatus {
        switch self {
        case .booking(let error):
            switch error {
            case .full, .alreadyBooked, .holdExpired, .notChangeable, .tooManyChanges, .alreadyCheckedIn, .notToday,
                .notYetOver:
                .conflict
            case .coolingOff, .identityRequired: .forbidden
            default: .unprocessableEntity
            }
        case .code, .invalid: .unprocessableEntity
        case .noDelegation: .forbidden
        case .notFound: .notFound
        case .rateLimited: .tooManyRequests
        }
    }

    /// The last part of the problem type.
    var type: String {
        switch self {
        case .booking(let error) where status != .unprocessableEntity: error.code
        case .noDelegation: "appointment-no-delegation"
        case .notFound: "not-found"
        case .rateLimited: "too-many-requests"
        default: "validation-failed"
        }
    }

    func detail(in language: Language) -> String {
        switch self {
        case .booking(let error): error.message.text(in: language)
        case .code(let error): error.message.text(in: language)
        case .invalid(let errors): errors.map(\.message).joined(separator: " ")
        case .noDelegation:
            LocalizedText(
                zh: "只能为您正在代办的家人预约；请先在“代办人员”中添加并取得其同意",
                en: "You can only book for someone you act for; add them under Dependents first, with their consent"
            ).text(in: language)
        case .notFound:
            LocalizedText(zh: "找不到该预约", en: "That appointment does not exist").text(in: language)
        case .rateLimited(let seconds): RateLimitError(retryAfter: seconds).message.text(in: language)
        }
    }

    func fieldErrors(in language: Language) -> [Problem.FieldError] {
        switch self {
        case .booking(let error) where status == .unprocessableEntity:
            [.init(field: error.field ?? "slot", code: error.code, message: error.message.text(in: language))]
        case .code(let error): [.init(field: "code", code: error.code, message: error.message.text(in: language))]
        case .invalid(let errors): errors
        default: []
        }
    }

    var title: LocalizedText {
        switch self {
        case .booking(.full): LocalizedText(zh: "已约满", en: "Fully booked")
        case .booking(.coolingOff): LocalizedText(zh: "暂停预约", en: "Booking paused")
        case .notFound: LocalizedText(zh: "找不到该页面或资源", en: "Not found")
        case .rateLimited: LocalizedText(zh: "请求过于频繁", en: "Too many requests")
        case .booking where status == .conflict:
            LocalizedText(zh: "操作冲突", en: "The request conflicts with the current state")
        case .noDelegation,
            .booking where status == .forbidden:
            LocalizedText(zh: "无权进行此操作", en: "You are not allowed to do this")
        default: LocalizedText(zh: "填写的内容有误", en: "Some of the information is not valid")
        }
    }

    static func field(
        _ field: String, _ code: String, _ message: LocalizedText, _ language: Language
    ) -> AppointmentFailure {
        .invalid([.init(field: field, code: code, message: message.text(in: language))])
    }
}

/// Answers AppointmentFailure as problem+json on the API (with Retry-After on 429) and as the
/// friendly error page on portal pages that did not handle it themselves.
struct AppointmentFailureMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let failure as AppointmentFailure {
            let language = request.language
            let response: Response
            if ProblemMiddleware.wantsJSON(request) {
                let body = ProblemBody(
                    type: ProblemBody.typeBase + failure.type, title: failure.title.text(in: language),
                    status: Int(failure.status.code), detail: failure.detail(in: language), instance: request.url.path,
                    requestId: request.requestID,
                    errors: failure.fieldErrors(in: language).isEmpty ? nil : failure.fieldErrors(in: language))
                response = Response(status: failure.status)
                try response.content.encode(body, as: .json)
                response.headers.contentType = HTTPMediaType(
                    type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
            } else {
                response = try await ProblemMiddleware.answer(
                    Problem(
                        Problem.Kind.from(status: failure.status), detail: failure.detail(in: language),
                        errors: failure.fieldErrors(in: language)), for: request)
            }
            if case .rateLimited(let seconds) = failure, let header = AccountFailure.retryAfterHeader(seconds) {
                response.headers.replaceOrAdd(name: .retryAfter, value: header)
            }
            return response
        }
    }
}
