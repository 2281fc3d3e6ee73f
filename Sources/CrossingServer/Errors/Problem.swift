import CrossingDomain
import Vapor

/// An error that maps to an RFC 9457 problem: a stable type, a status, a safe detail and field errors.
/// For pages the same error renders a friendly page in the reader's language.
struct Problem: Error, Sendable {
    struct FieldError: Content, Equatable, Sendable {
        var field: String
        var code: String
        var message: String
    }

    /// The stable part of the type URI. Clients switch on it, so it never changes once released.
    enum Kind: String, Sendable {
        case badRequest = "bad-request"
        case unauthorized = "unauthorized"
        case forbidden = "forbidden"
        /// A high-assurance action needs a face verification less than 10 minutes old (403).
        case faceVerificationRequired = "face-verification-required"
        case conflict = "conflict"
        case validationFailed = "validation-failed"
        case notFound = "not-found"
        case methodNotAllowed = "method-not-allowed"
        case payloadTooLarge = "payload-too-large"
        case unsupportedMediaType = "unsupported-media-type"
        case tooManyRequests = "too-many-requests"
        case internalError = "internal-error"
        case serviceUnavailable = "service-unavailable"

        var status: HTTPResponseStatus {
            switch self {
            case .badRequest: .badRequest
            case .unauthorized: .unauthorized
            case .forbidden, .faceVerificationRequired: .forbidden
            case .conflict: .conflict
            case .validationFailed: .unprocessableEntity
            case .notFound: .notFound
            case .methodNotAllowed: .methodNotAllowed
            case .payloadTooLarge: .payloadTooLarge
            case .unsupportedMediaType: .unsupportedMediaType
            case .tooManyRequests: .tooManyRequests
            case .internalError: .internalServerError
            case .serviceUnavailable: .serviceUnavailable
            }
        }

        var title: LocalizedText {
            switch self {
            case .badRequest: LocalizedText(zh: "请求无法处理", en: "The request could not be understood")
            case .unauthorized: LocalizedText(zh: "请先登录", en: "Sign in to continue")
            case .forbidden: LocalizedText(zh: "无权进行此操作", en: "You are not allowed to do this")
            case .faceVerificationRequired: LocalizedText(zh: "请先完成人脸验证", en: "Face verification required")
            case .conflict: LocalizedText(zh: "操作冲突", en: "The request conflicts with the current state")
            case .validationFailed: LocalizedText(zh: "填写的内容有误", en: "Some of the information is not valid")
            case .notFound: LocalizedText(zh: "找不到该页面或资源", en: "Not found")
            case .methodNotAllowed: LocalizedText(zh: "不支持该请求方法", en: "Method not allowed")
            case .payloadTooLarge: LocalizedText(zh: "提交的内容过大", en: "The request body is too large")
            case .unsupportedMediaType: LocalizedText(zh: "不支持的内容类型", en: "Unsupported content type")
            case .tooManyRequests: LocalizedText(zh: "请求过于频繁", en: "Too many requests")
            case .internalError: LocalizedText(zh: "系统出现问题", en: "Something went wrong on our side")
            case .serviceUnavailable: LocalizedText(zh: "服务暂时不可用", en: "The service is temporarily unavailable")
            }
        }

        static func from(status: HTTPResponseStatus) -> Kind {
            switch status.code {
            case 401: .unauthorized
            case 403: .forbidden
            case 404: .notFound
            case 409: .conflict
            case 405: .methodNotAllowed
            case 413: .payloadTooLarge
            case 415: .unsupportedMediaType
            case 422: .validationFailed
            case 429: .tooManyRequests
            case 503: .serviceUnavailable
            case 400..<500: .badRequest
            default: .internalError
            }
        }
    }

    var kind: Kind
    var detail: String
    var errors: [FieldError]
    /// For 405: the methods the path does answer, sent in the `Allow` header.
    var allowedMethods: [String] = []

    init(_ kind: Kind, detail: String, errors: [FieldError] = []) {
        self.kind = kind
        self.detail = detail
        self.errors = errors
    }

    init(_ status: HTTPResponseStatus, detail: String) {
        self.init(Kind.from(status: status), detail: detail)
    }

    static func validation(_ errors: [FieldError]) -> Problem {
        let fields = errors.map(\.field).joined(separator: ", ")
        return Problem(.validationFailed, detail: "Check these fields: \(fields).", errors: errors)
    }

    static func notFound(_ what: String) -> Problem {
        Problem(.notFound, detail: "\(what) does not exist.")
    }
}

/// The JSON body of a problem response.
struct ProblemBody: Content, Sendable {
    static let typeBase = "https://crossing.example/problems/"

    var type: String
    var title: String
    var status: Int
    var detail: String
    var instance: String
    var requestId: String
    var errors: [Problem.FieldError]?
}
