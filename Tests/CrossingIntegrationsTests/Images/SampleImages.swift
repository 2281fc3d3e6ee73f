import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

/// Photos and signatures drawn in code and encoded with libjpeg-turbo, so every test input is
/// reproducible and its defect deliberate.
enum SampleImages {
    static let lightGrey = RGBColor(red: 236, green: 236, blue: 236)
    static let white = RGBColor(red: 252, green: 252, blue: 252)
    /// Windows HSL about (135, 200, 200): the guide's light blue.
    static let lightBlue = RGBColor(red: 190, green: 226, blue: 252)
    static let skin = RGBColor(red: 226, green: 178, blue: 146)
    static let hair = RGBColor(red: 36, green: 28, blue: 24)
    static let jacket = RGBColor(red: 34, green: 48, blue: 92)

    /// A deterministic per-pixel jitter of ±amplitude (hash of the position), so file sizes repeat.
    static func jitter(_ x: Int, _ y: Int, _ channel: Int, amplitude: Int) -> Int {
        guard amplitude > 0 else { return 0 }
        var h = UInt32(truncatingIfNeeded: x &* 73_856_093 ^ y &* 19_349_663 ^ channel &* 83_492_791)
        h ^= h >> 13
        h = h &* 0x5bd1_e995
        h ^= h >> 15
        return Int(h % UInt32(2 * amplitude + 1)) - amplitude
    }

    static func shade(_ color: RGBColor, _ x: Int, _ y: Int, amplitude: Int) -> RGBColor {
        func channel(_ value: UInt8, _ index: Int) -> UInt8 {
            UInt8(clamping: Int(value) + jitter(x, y, index, amplitude: amplitude))
        }
        return RGBColor(red: channel(color.red, 0), green: channel(color.green, 1), blue: channel(color.blue, 2))
    }

    /// A head-and-shoulders portrait: face, hair, jacket, on `background`.
    static func portrait(
        width: Int = 390, height: Int = 520, background: RGBColor = lightGrey, noise: Int = 10
    ) -> RGBImage {
        RGBImage(width: width, height: height) { x, y in
            let fx = Double(x) / Double(width)
            let fy = Double(y) / Double(height)
            let face = pow((fx - 0.5) / 0.24, 2) + pow((fy - 0.45) / 0.26, 2) <= 1
            let hair = pow((fx - 0.5) / 0.27, 2) + pow((fy - 0.36) / 0.24, 2) <= 1 && fy < 0.4
            let shoulders = fy > 0.78 && abs(fx - 0.5) < 0.25 + (fy - 0.78) * 2
            let color = shoulders ? jacket : hair ? SampleImages.hair : face ? skin : background
            return shade(color, x, y, amplitude: face || shoulders ? noise : max(1, noise / 4))
        }
    }

    /// Handwriting-like dark strokes on paper: a few thick sine strokes across the middle.
    static func signature(
        width: Int = 600, height: Int = 200, paper: RGBColor = white,
        ink: RGBColor = RGBColor(red: 20, green: 20, blue: 30)
    ) -> RGBImage {
        RGBImage(width: width, height: height) { x, y in
            let fx = Double(x) / Double(width)
            let fy = Double(y) / Double(height)
            guard fx > 0.1, fx < 0.9 else { return shade(paper, x, y, amplitude: 2) }
            let stroke1 = abs(fy - (0.5 + 0.22 * sin(fx * 25))) < 0.025
            let stroke2 = abs(fy - (0.45 + 0.15 * cos(fx * 41))) < 0.02 && fx > 0.3
            return shade(stroke1 || stroke2 ? ink : paper, x, y, amplitude: 2)
        }
    }

    /// Encodes at the highest quality whose file fits `bytes` (and at least its lower bound).
    static func jpeg(
        _ image: RGBImage, fitting bytes: ClosedRange<Int>, colors: TurboJPEGEncoder.Colors = .rgb
    ) throws -> Data {
        for quality in stride(from: 100, through: 5, by: -5) {
            let data = try TurboJPEGEncoder.encode(image, quality: quality, colors: colors)
            if bytes.contains(data.count) { return data }
            if data.count < bytes.lowerBound { break }
        }
        Issue.record("no quality gives a file of \(bytes) bytes")
        return try TurboJPEGEncoder.encode(image, quality: 90, colors: colors)
    }

    /// 30-70 KB: well inside the photo limits.
    static let comfortable = 30 * 1024...70 * 1024
}
