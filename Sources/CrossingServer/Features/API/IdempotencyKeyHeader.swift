import CrossingDomain
import Vapor

/// The `Idempotency-Key` request header of the endpoints that create something (appointment holds,
/// renewal submissions): 1–100 visible ASCII characters. Each endpoint wraps a malformed key in its
/// own failure type; the field error is the same everywhere.
enum IdempotencyKeyHeader {
    static let name = "Idempotency-Key"

    enum Reading {
        case absent
        case key(String)
        case malformed(Problem.FieldError)
    }

    static func read(_ request: Request) -> Reading {
        guard let key = request.headers.first(name: name) else { return .absent }
        guard (1...100).contains(key.count), key.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
            return .malformed(
                Problem.FieldError(
                    field: name, code: "invalid-idempotency-key",
                    message: LocalizedText(
                        zh: "Idempotency-Key 须为1到100个可见ASCII字符",
                        en: "Idempotency-Key must be 1 to 100 visible ASCII characters"
                    ).text(in: request.language)))
        }
        return .key(key)
    }
}
