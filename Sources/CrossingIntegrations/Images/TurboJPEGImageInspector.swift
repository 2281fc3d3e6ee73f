import CJPEG
import CrossingDomain
import Foundation

/// `ImageInspector` over libjpeg-turbo's TurboJPEG API. TurboJPEG installs its own error manager
/// (setjmp/longjmp), so corrupt or truncated data comes back as an error code instead of libjpeg's
/// default `exit()`. Decoding stops at the first warning (a truncated file is an error, not a grey
/// lower half) and limits progressive scans (the "too many scans" denial of service).
///
/// A decompressor handle is made per call, so one value is safe to share between threads.
public struct TurboJPEGImageInspector: ImageInspector {
    public init() {}

    public func header(of data: Data) throws(ImageInspectionError) -> ImageHeader {
        let handle = try Self.decompressor()
        defer { tjDestroy(handle) }
        return try Self.readHeader(handle, data)
    }

    /// Decodes at full size when the image has at most `maxPixels` pixels, otherwise at the largest
    /// scale libjpeg-turbo offers (7/8 … 1/8) that fits; the result's size tells which. Throws
    /// `tooManyPixels` when even the smallest scale is too large.
    public func decodeRGB(_ data: Data, maxPixels: Int) throws(ImageInspectionError) -> RGBImage {
        let handle = try Self.decompressor()
        defer { tjDestroy(handle) }
        let header = try Self.readHeader(handle, data)
        guard header.colorModel == .rgb || header.colorModel == .grayscale else {
            throw .unsupportedColorModel(header.colorModel)
        }
        guard let (width, height) = Self.scaledSize(header.width, header.height, maxPixels: maxPixels) else {
            throw .tooManyPixels(width: header.width, height: header.height)
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let flags = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS
        let status = data.withUnsafeBytes { (source: UnsafeRawBufferPointer) -> Int32 in
            pixels.withUnsafeMutableBytes { destination in
                tjDecompress2(
                    handle, source.bindMemory(to: UInt8.self).baseAddress, UInt(source.count),
                    destination.bindMemory(to: UInt8.self).baseAddress, Int32(width), Int32(width * 3),
                    Int32(height), Int32(TJPF_RGB.rawValue), flags)
            }
        }
        guard status == 0 else { throw .undecodable(Self.errorText(handle)) }
        guard let image = RGBImage(width: width, height: height, bytes: pixels) else {
            throw .undecodable("unexpected decoded size")
        }
        return image
    }

    static func decompressor() throws(ImageInspectionError) -> tjhandle {
        guard let handle = tjInitDecompress() else { throw .undecodable("cannot start the JPEG decoder") }
        return handle
    }

    static func readHeader(_ handle: tjhandle, _ data: Data) throws(ImageInspectionError) -> ImageHeader {
        guard !data.isEmpty else { throw .undecodable("empty") }
        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = 0
        var colorspace: Int32 = 0
        let status = data.withUnsafeBytes { (source: UnsafeRawBufferPointer) -> Int32 in
            tjDecompressHeader3(
                handle, source.bindMemory(to: UInt8.self).baseAddress, UInt(source.count), &width, &height,
                &subsampling, &colorspace)
        }
        guard status == 0, width > 0, height > 0 else { throw .undecodable(errorText(handle)) }
        let model: ImageColorModel
        let components: Int
        switch UInt32(bitPattern: colorspace) {
        case TJCS_GRAY.rawValue: (model, components) = (.grayscale, 1)
        case TJCS_RGB.rawValue, TJCS_YCbCr.rawValue: (model, components) = (.rgb, 3)
        case TJCS_CMYK.rawValue, TJCS_YCCK.rawValue: (model, components) = (.cmyk, 4)
        default: (model, components) = (.unknown, 0)
        }
        return ImageHeader(width: Int(width), height: Int(height), components: components, colorModel: model)
    }

    /// The largest offered scale whose result has at most `maxPixels` pixels.
    static func scaledSize(_ width: Int, _ height: Int, maxPixels: Int) -> (Int, Int)? {
        if width * height <= maxPixels { return (width, height) }
        var count: Int32 = 0
        guard let factors = tjGetScalingFactors(&count), count > 0 else { return nil }
        var best: (Int, Int)?
        for index in 0..<Int(count) {
            let factor = factors[index]
            let num = Int(factor.num)
            let denom = Int(factor.denom)
            guard num > 0, denom > 0, num <= denom else { continue }
            // TJSCALED: ceil(dimension × num / denom).
            let scaled = ((width * num + denom - 1) / denom, (height * num + denom - 1) / denom)
            guard scaled.0 * scaled.1 <= maxPixels else { continue }
            if best.map({ scaled.0 * scaled.1 > $0.0 * $0.1 }) ?? true { best = scaled }
        }
        return best
    }

    static func errorText(_ handle: tjhandle) -> String {
        guard let text = tjGetErrorStr2(handle) else { return "unknown JPEG error" }
        return String(cString: text)
    }
}
