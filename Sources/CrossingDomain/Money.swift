/// An amount of Chinese yuan (CNY), stored as integer fen (1 yuan = 100 fen). Never a floating point.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let fen: Int64

    public static let zero = Money(fen: 0)

    public init(fen: Int64) {
        self.fen = fen
    }

    public init(yuan: Int64) {
        self.fen = yuan * 100
    }

    /// "120.00" (no currency sign, always two decimals, leading "-" when negative).
    public var yuanString: String {
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        let sign = fen < 0 ? "-" : ""
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// "¥120.00" ("-¥5.00" when negative).
    public var formatted: String {
        fen < 0 ? "-¥" + String(yuanString.dropFirst()) : "¥" + yuanString
    }

    public var description: String { formatted }

    public static func + (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen + rhs.fen) }

    public static func - (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen - rhs.fen) }

    public static func * (lhs: Money, rhs: Int) -> Money { Money(fen: lhs.fen * Int64(rhs)) }

    public static func * (lhs: Int, rhs: Money) -> Money { rhs * lhs }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }

    /// Encoded as the integer number of fen, e.g. 12000.
    public init(from decoder: any Decoder) throws {
        fen = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fen)
    }
}
