import CrossingDomain
import Foundation

/// Uploads drawn in code: a passport-style photo, a signature and an ID card side that pass the
/// checks (for the demo flow, screenshots and tests), and the same drawings with any defect a test
/// needs. Deterministic: the same call gives the same bytes.
public enum SampleUploads {
    public static let lightGrey = RGBColor(red: 236, green: 236, blue: 236)
    public static let white = RGBColor(red: 252, green: 252, blue: 252)
    /// Windows HSL about (137, 200, 210): the guide's light blue.
    public static let lightBlue = RGBColor(red: 190, green: 226, blue: 252)
    static let skin = RGBColor(red: 226, green: 178, blue: 146)
    static let hair = RGBColor(red: 36, green: 28, blue: 24)
    static let jacket = RGBColor(red: 34, green: 48, blue: 92)
    public static let ink = RGBColor(red: 20, green: 20, blue: 30)

    public struct SampleError: Error, Hashable, Sendable {
        public let reason: String
    }

    /// A photo that passes `PhotoRequirements.nia`: 390 × 520, 30-70 KB.
    public static func photoJPEG(background: RGBColor = lightGrey) throws(SampleError) -> Data {
        try jpeg(portrait(background: background), fitting: 30 * 1024...70 * 1024)
    }

    /// A signature that passes `SignatureRequirements.standard`: 600 × 200.
    public static func signatureJPEG() throws(SampleError) -> Data {
        try jpeg(signature(), fitting: 4 * 1024...200 * 1024)
    }

    /// One side of an ID card that passes `IDCardPhotoRequirements.standard`: 856 × 540.
    public static func idCardJPEG() throws(SampleError) -> Data {
        try jpeg(idCard(), fitting: 20 * 1024...500 * 1024)
    }

    /// A deterministic per-pixel jitter of ±amplitude (a hash of the position), so sizes repeat.
    public static func jitter(_ x: Int, _ y: Int, _ channel: Int, amplitude: Int) -> Int {
        guard amplitude > 0 else { return 0 }
        var hash = UInt32(truncatingIfNeeded: x &* 73_856_093 ^ y &* 19_349_663 ^ channel &* 83_492_791)
        hash ^= hash >> 13
        hash = hash &* 0x5bd1_e995
        hash ^= hash >> 15
        return Int(hash % UInt32(2 * amplitude + 1)) - amplitude
    }

    public static func shade(_ color: RGBColor, _ x: Int, _ y: Int, amplitude: Int) -> RGBColor {
        func channel(_ value: UInt8, _ index: Int) -> UInt8 {
            UInt8(clamping: Int(value) + jitter(x, y, index, amplitude: amplitude))
        }
        return RGBColor(red: channel(color.red, 0), green: channel(color.green, 1), blue: channel(color.blue, 2))
    }

    /// A head-and-shoulders portrait: face, hair and jacket on `background`; `noise` sets the texture
    /// (and so the file size).
    public static func portrait(
        width: Int = 390, height: Int = 520, background: RGBColor = lightGrey, noise: Int = 10
    ) -> RGBImage {
        RGBImage(width: width, height: height) { x, y in
            let fx = Double(x) / Double(width)
            let fy = Double(y) / Double(height)
            let face = pow((fx - 0.5) / 0.24, 2) + pow((fy - 0.45) / 0.26, 2) <= 1
            let hair = pow((fx - 0.5) / 0.27, 2) + pow((fy - 0.36) / 0.24, 2) <= 1 && fy < 0.4
            let shoulders = fy > 0.78 && abs(fx - 0.5) < 0.25 + (fy - 0.78) * 2
            let color = shoulders ? jacket : hair ? Self.hair : face ? skin : background
            return shade(color, x, y, amplitude: face || shoulders ? noise : max(1, noise / 4))
        }
    }

    /// Handwriting-like dark strokes across the middle of the paper.
    public static func signature(
        width: Int = 600, height: Int = 200, paper: RGBColor = white, ink: RGBColor = ink
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

    /// A card-shaped drawing: pale card with text-like lines and a photo box, on a dark table margin.
    public static func idCard(width: Int = 856, height: Int = 540) -> RGBImage {
        RGBImage(width: width, height: height) { x, y in
            let fx = Double(x) / Double(width)
            let fy = Double(y) / Double(height)
            let onCard = fx > 0.03 && fx < 0.97 && fy > 0.05 && fy < 0.95
            guard onCard else { return shade(RGBColor(red: 60, green: 50, blue: 40), x, y, amplitude: 6) }
            if fx > 0.65, fx < 0.9, fy > 0.15, fy < 0.7 { return shade(skin, x, y, amplitude: 12) }
            let line = Int(fy * 20) % 3 == 0 && fx > 0.1 && fx < 0.6
            return shade(line ? ink : RGBColor(red: 232, green: 236, blue: 226), x, y, amplitude: 8)
        }
    }

    /// Encodes at the highest quality (100, 95, …) whose file size is in `bytes`.
    public static func jpeg(
        _ image: RGBImage, fitting bytes: ClosedRange<Int>, colors: TurboJPEGEncoder.Colors = .rgb
    ) throws(SampleError) -> Data {
        for quality in stride(from: 100, through: 5, by: -5) {
            let data: Data
            do {
                data = try TurboJPEGEncoder.encode(image, quality: quality, colors: colors)
            } catch {
                throw SampleError(reason: error.reason)
            }
            if bytes.contains(data.count) { return data }
            if data.count < bytes.lowerBound { break }
        }
        throw SampleError(reason: "no JPEG quality gives a file of \(bytes) bytes")
    }
}
