/// A 6-digit household-registration address code (GB/T 2260), checked only as far as its
/// province prefix: historical codes stay valid in ID numbers, so no full table is used.
public struct AddressCode: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// Province-level prefixes in use: 11-15 North, 21-23 Northeast, 31-37 East,
    /// 41-46 Central-South, 50-54 Southwest, 61-65 Northwest, 71 Taiwan, 81 Hong Kong, 82 Macao.
    public static let provincePrefixes: Set<Int> = Set(
        Array(11...15) + Array(21...23) + Array(31...37) + Array(41...46) + Array(50...54)
            + Array(61...65) + [71, 81, 82])

    /// nil unless `raw` (after trimming) is six ASCII digits with a real province prefix.
    public init?(_ raw: String) {
        let characters = Array(raw.trimmingWhitespace())
        guard characters.count == 6, characters.allSatisfy(\.isASCIIDigit),
            let first = characters[0].asciiDigitValue, let second = characters[1].asciiDigitValue,
            Self.provincePrefixes.contains(first * 10 + second)
        else { return nil }
        self.value = String(characters)
    }

    /// The 2-digit province prefix, e.g. "32" for Jiangsu.
    public var provinceCode: String { String(value.prefix(2)) }
    /// The 4-digit prefecture prefix, e.g. "3205" for Suzhou.
    public var prefectureCode: String { String(value.prefix(4)) }

    public var description: String { value }
}
