import CJPEG
import CrossingDomain
import Foundation

/// Encodes pixels as JPEG with libjpeg-turbo: sample photos and signatures for demos, tests and
/// screenshots, in each of the colour models the checks distinguish.
public enum TurboJPEGEncoder {
    public enum Colors: Sendable {
        /// YCbCr, 4:2:0 subsampling (what cameras write).
        case rgb
        /// One component.
        case grayscale
        /// Four components (YCCK), from a naive RGB → CMYK conversion.
        case cmyk
    }

    public struct EncodingError: Error, Hashable, Sendable {
        public let reason: String
    }

    /// - Parameter quality: 1 (smallest) to 100 (best).
    public static func encode(_ image: RGBImage, quality: Int, colors: Colors = .rgb) throws(EncodingError) -> Data {
        guard let handle = tjInitCompress() else { throw EncodingError(reason: "cannot start the JPEG encoder") }
        defer { tjDestroy(handle) }
        var source = image.bytes
        var pixelFormat = TJPF_RGB
        var subsampling = TJSAMP_420
        switch colors {
        case .rgb: break
        case .grayscale: subsampling = TJSAMP_GRAY
        case .cmyk:
            pixelFormat = TJPF_CMYK
            subsampling = TJSAMP_444
            source = cmyk(image)
        }
        let bytesPerPixel = colors == .cmyk ? 4 : 3
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let status = source.withUnsafeBufferPointer { pixels in
            tjCompress2(
                handle, pixels.baseAddress, Int32(image.width), Int32(image.width * bytesPerPixel), Int32(image.height),
                Int32(pixelFormat.rawValue), &output, &size, Int32(subsampling.rawValue),
                Int32(min(100, max(1, quality))), 0)
        }
        defer { if let output { tjFree(output) } }
        guard status == 0, let output else {
            throw EncodingError(reason: tjGetErrorStr2(handle).map { String(cString: $0) } ?? "unknown error")
        }
        return Data(bytes: output, count: Int(size))
    }

    /// Adobe-style inverted CMYK, which is what libjpeg stores for TJPF_CMYK.
    private static func cmyk(_ image: RGBImage) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(image.width * image.height * 4)
        for index in stride(from: 0, to: image.bytes.count, by: 3) {
            let (r, g, b) = (image.bytes[index], image.bytes[index + 1], image.bytes[index + 2])
            let k = 255 - max(r, g, b)
            result += [255 - (255 - r - k), 255 - (255 - g - k), 255 - (255 - b - k), 255 - k]
        }
        return result
    }
}
