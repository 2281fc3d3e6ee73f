import Foundation

/// SplitMix64: a small seeded generator so that tests repeat exactly. Not for production secrets.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

extension Data {
    /// Bytes 0, 1, 2, … (count - 1): a recognisable test key.
    static func counting(_ count: Int, from start: UInt8 = 0) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: Int(start) + $0) })
    }
}
