import Foundation

/// How the JPEG stores its colours.
public enum ImageColorModel: String, Hashable, Sendable, Codable {
    /// 3 components (YCbCr or RGB): 24-bit colour.
    case rgb
    /// 1 component: black and white.
    case grayscale
    /// 4 components (CMYK or YCCK): prepared for print.
    case cmyk
    case unknown
}

/// What a decoder reads from the file header, without decoding the pixels.
public struct ImageHeader: Hashable, Sendable {
    public var width: Int
    public var height: Int
    /// Colour components per pixel (1, 3 or 4).
    public var components: Int
    public var colorModel: ImageColorModel

    public init(width: Int, height: Int, components: Int, colorModel: ImageColorModel) {
        self.width = width
        self.height = height
        self.components = components
        self.colorModel = colorModel
    }
}

/// One 8-bit-per-channel colour.
public struct RGBColor: Hashable, Sendable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Windows-style HSL, each on 0-240 (the scale of the NIA photo guide, domain-facts §7.1).
    /// Hue is 0 for greys (saturation 0).
    public var windowsHSL: (hue: Int, saturation: Int, lightness: Int) {
        let r = Double(red) / 255
        let g = Double(green) / 255
        let b = Double(blue) / 255
        let maximum = max(r, g, b)
        let minimum = min(r, g, b)
        let lightness = (maximum + minimum) / 2
        let delta = maximum - minimum
        guard delta > 0.000_001 else { return (0, 0, Int((lightness * 240).rounded())) }
        let saturation = lightness <= 0.5 ? delta / (maximum + minimum) : delta / (2 - maximum - minimum)
        var hue: Double
        if maximum == r {
            hue = (g - b) / delta
        } else if maximum == g {
            hue = (b - r) / delta + 2
        } else {
            hue = (r - g) / delta + 4
        }
        hue *= 40  // 60° per sextant on a 0-360 circle = 40 on 0-240
        if hue < 0 { hue += 240 }
        return (Int(hue.rounded()) % 240, Int((saturation * 240).rounded()), Int((lightness * 240).rounded()))
    }

    /// Rec. 601 luma, 0-255 (what "dark" and "light" mean for signatures).
    public var luma: Int {
        (299 * Int(red) + 587 * Int(green) + 114 * Int(blue) + 500) / 1000
    }

    /// max - min of the channels: 0 for greys.
    public var chroma: Int {
        Int(max(red, green, blue)) - Int(min(red, green, blue))
    }
}

/// Decoded pixels, 3 bytes per pixel, rows top to bottom.
public struct RGBImage: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public let bytes: [UInt8]

    /// nil unless `bytes` holds exactly width × height × 3 values and the size is positive.
    public init?(width: Int, height: Int, bytes: [UInt8]) {
        guard width > 0, height > 0, bytes.count == width * height * 3 else { return nil }
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    /// An image drawn by a function of (x, y): for tests and sample data.
    public init(width: Int, height: Int, pixel: (Int, Int) -> RGBColor) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let color = pixel(x, y)
                bytes.append(color.red)
                bytes.append(color.green)
                bytes.append(color.blue)
            }
        }
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    public func pixel(x: Int, y: Int) -> RGBColor {
        let offset = (y * width + x) * 3
        return RGBColor(red: bytes[offset], green: bytes[offset + 1], blue: bytes[offset + 2])
    }

    /// The mean colour of the block [x, x + size) × [y, y + size), clipped to the image.
    public func averageColor(x: Int, y: Int, size: Int) -> RGBColor {
        let xs = max(0, x)..<min(width, x + size)
        let ys = max(0, y)..<min(height, y + size)
        var sums = (0, 0, 0)
        var count = 0
        for row in ys {
            for column in xs {
                let color = pixel(x: column, y: row)
                sums.0 += Int(color.red)
                sums.1 += Int(color.green)
                sums.2 += Int(color.blue)
                count += 1
            }
        }
        guard count > 0 else { return RGBColor(red: 0, green: 0, blue: 0) }
        return RGBColor(
            red: UInt8(sums.0 / count), green: UInt8(sums.1 / count), blue: UInt8(sums.2 / count))
    }
}

/// The port to an image decoder (libjpeg-turbo in CrossingIntegrations, a fake in tests).
/// Implementations must never crash or exit on corrupt input; they throw `ImageInspectionError`.
public protocol ImageInspector: Sendable {
    /// Reads the header (size, components) without decoding the pixels.
    func header(of data: Data) throws(ImageInspectionError) -> ImageHeader
    /// Decodes to 8-bit RGB. Refuses images of more than `maxPixels` pixels before decoding (a small
    /// file can declare a huge image).
    func decodeRGB(_ data: Data, maxPixels: Int) throws(ImageInspectionError) -> RGBImage
}

public enum ImageInspectionError: Error, Hashable, Sendable {
    /// The data is not an image the decoder understands, or is corrupt or incomplete.
    case undecodable(String)
    /// The decoder cannot produce RGB for this colour model (CMYK).
    case unsupportedColorModel(ImageColorModel)
    case tooManyPixels(width: Int, height: Int)
}
