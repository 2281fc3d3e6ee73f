import CrossingDomain
import Foundation
import Testing

/// The pure image rules, with a fake inspector (the libjpeg-turbo adapter has its own tests).
struct ImageRuleTests {
    /// Answers with a fixed header and pixels; records nothing, decodes nothing.
    struct FakeInspector: ImageInspector {
        var header: ImageHeader?
        var image: RGBImage?

        func header(of data: Data) throws(ImageInspectionError) -> ImageHeader {
            guard let header else { throw .undecodable("fake") }
            return header
        }

        func decodeRGB(_ data: Data, maxPixels: Int) throws(ImageInspectionError) -> RGBImage {
            guard let image else { throw .undecodable("fake") }
            guard image.width * image.height <= maxPixels else {
                throw .tooManyPixels(width: image.width, height: image.height)
            }
            return image
        }
    }

    /// A JPEG-shaped file of `count` bytes (magic at the start, end marker at the end).
    static func jpegShaped(_ count: Int) -> Data {
        Data([0xFF, 0xD8, 0xFF]) + Data(repeating: 0, count: max(0, count - 5)) + Data([0xFF, 0xD9])
    }

    static func plain(_ width: Int, _ height: Int, _ background: RGBColor, face: RGBColor? = nil) -> RGBImage {
        RGBImage(width: width, height: height) { x, y in
            if let face, abs(x - width / 2) < width / 4, y > height / 4 { return face }
            return background
        }
    }

    @Test(arguments: [
        (RGBColor(red: 255, green: 255, blue: 255), 0, 0, 240),
        (RGBColor(red: 0, green: 0, blue: 0), 0, 0, 0),
        (RGBColor(red: 255, green: 0, blue: 0), 0, 240, 120),
        (RGBColor(red: 0, green: 255, blue: 0), 80, 240, 120),
        (RGBColor(red: 0, green: 0, blue: 255), 160, 240, 120),
        (RGBColor(red: 211, green: 211, blue: 211), 0, 0, 199),
    ])
    func windowsHSLUsesTheZeroTo240Scale(color: RGBColor, hue: Int, saturation: Int, lightness: Int) {
        let hsl = color.windowsHSL
        #expect(hsl.hue == hue && hsl.saturation == saturation && hsl.lightness == lightness)
    }

    /// The guide's reference values and their neighbours.
    @Test func backgroundClassificationFollowsTheGuide() {
        let rule = BackgroundColorRule()
        // Light grey H = S = 0, L ≥ 198: RGB 211 is L 199, RGB 209 is L 197.
        #expect(rule.classify(RGBColor(red: 211, green: 211, blue: 211)) == .allowed)
        #expect(rule.classify(RGBColor(red: 209, green: 209, blue: 209)) == .tooDark)
        // Light blue H 135, S 240, L 167 is about RGB (100, 200, 255); darker blue is refused.
        #expect(rule.classify(RGBColor(red: 100, green: 200, blue: 255)) == .allowed)
        #expect(rule.classify(RGBColor(red: 20, green: 120, blue: 200)) == .colored)
        // Near-white tints: a warm white is fine, a pale pink is a colour.
        #expect(RGBColor(red: 250, green: 250, blue: 240).windowsHSL.saturation > 100)
        #expect(rule.classify(RGBColor(red: 250, green: 250, blue: 240)) == .allowed)
        #expect(rule.classify(RGBColor(red: 255, green: 225, blue: 225)) == .colored)
        #expect(rule.classify(RGBColor(red: 250, green: 200, blue: 120)) == .colored)
        let strict = BackgroundColorRule(neutralMinLightness: 230)
        #expect(strict.classify(RGBColor(red: 220, green: 220, blue: 220)) == .tooDark)
    }

    @Test(arguments: [
        ([0xFF, 0xD8, 0xFF, 0xE0], SniffedFormat.jpeg), ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], .png),
        (Array("GIF89a".utf8), .gif), (Array("RIFF\0\0\0\0WEBPVP8 ".utf8), .webp),
        (Array("\0\0\0\u{18}ftypheic".utf8), .heic), (Array("BM....".utf8), .bmp), (Array("%PDF-1.7".utf8), .pdf),
        ([0xFF, 0xD8], .unknown), ([], .unknown),
    ])
    func formatsAreRecognisedByMagicBytes(bytes: [UInt8], format: SniffedFormat) {
        #expect(SniffedFormat.sniff(bytes) == format)
    }

    @Test func sizesAreCheckedAt20And80KiB() {
        let checker = ImageChecker(
            inspector: FakeInspector(
                header: ImageHeader(width: 390, height: 520, components: 3, colorModel: .rgb),
                image: Self.plain(
                    390, 520, RGBColor(red: 240, green: 240, blue: 240), face: RGBColor(red: 220, green: 170, blue: 140)
                )))
        #expect(checker.checkPhoto(Self.jpegShaped(20 * 1024)).isAccepted)
        #expect(checker.checkPhoto(Self.jpegShaped(80 * 1024)).isAccepted)
        let small = checker.checkPhoto(Self.jpegShaped(20 * 1024 - 1)).rejections
        #expect(small == [.fileTooSmall(.photo, bytes: 20_479, minBytes: 20_480)])
        #expect(small[0].message.en.contains("only 19.9 KB; it must be at least 20 KB"))
        let large = checker.checkPhoto(Self.jpegShaped(80 * 1024 + 1)).rejections
        #expect(large[0].message.en.contains("is 80.1 KB; it must be at most 80 KB"))
    }

    @Test(arguments: [
        (354, 472, true), (480, 640, true), (360, 480, true), (353, 472, false), (481, 640, false),
        (354, 471, false), (480, 641, false),
    ])
    func dimensionBounds(width: Int, height: Int, accepted: Bool) {
        let checker = ImageChecker(
            inspector: FakeInspector(header: ImageHeader(width: width, height: height, components: 3, colorModel: .rgb))
        )
        let codes = checker.checkPhoto(Self.jpegShaped(30_000)).rejections.map(\.code)
        #expect(codes.contains("photo-wrong-dimensions") == !accepted)
    }

    /// 3:4 within 1 %: 354 wide allows 468-476 high, 480 wide allows 634-646.
    @Test(arguments: [
        (354, 467, false), (354, 468, true), (354, 476, true), (354, 477, false), (480, 633, false), (480, 634, true),
        (480, 646, true), (480, 647, false), (390, 567, false),
    ])
    func aspectRatioTolerance(width: Int, height: Int, accepted: Bool) {
        #expect(PhotoRequirements.nia.hasPhotoAspect(width: width, height: height) == accepted)
    }

    @Test func everyRejectionExplainsItselfInBothLanguages() {
        let all: [ImageRejection] = [
            .empty(.photo), .notJPEG(.signature, .heic), .notJPEG(.photo, .unknown), .incomplete(.photo),
            .corrupt(.signature), .fileTooSmall(.photo, bytes: 1, minBytes: 2),
            .fileTooLarge(.signature, bytes: 3, maxBytes: 2),
            .wrongDimensions(width: 1, height: 1, widths: 354...480, heights: 472...640),
            .wrongAspectRatio(width: 390, height: 567), .grayscale, .cmyk(.photo),
            .unsupportedColors(.photo, components: 2), .noColorContent, .backgroundTooDark, .backgroundColored,
            .signatureNotLandscape(width: 1, height: 2),
            .signatureTooSmall(width: 1, height: 1, minWidth: 300, minHeight: 100),
            .signatureBackgroundNotLight, .signatureNoStrokes, .signatureTooMuchInk,
        ]
        for rejection in all {
            #expect(!rejection.message.zh.isEmpty && !rejection.message.en.isEmpty, "\(rejection.code)")
        }
        #expect(Set(all.map(\.code)).count == all.count - 1)  // the two notJPEG share a code
        #expect(
            ImageRejection.wrongAspectRatio(width: 390, height: 567).message.en.contains("390 pixels wide: 520 high"))
    }

    @Test func anUndecodableHeaderStopsTheChecks() {
        let checker = ImageChecker(inspector: FakeInspector())
        #expect(checker.checkPhoto(Self.jpegShaped(30_000)).rejections == [.corrupt(.photo)])
        #expect(checker.checkSignature(Self.jpegShaped(30_000)).rejections == [.corrupt(.signature)])
    }

    @Test func signatureThresholdsAreConfigurable() {
        let image = RGBImage(width: 600, height: 200) { x, y in
            (100..<500).contains(x) && (95..<105).contains(y)
                ? RGBColor(red: 0, green: 0, blue: 0) : RGBColor(red: 255, green: 255, blue: 255)
        }
        let inspector = FakeInspector(
            header: ImageHeader(width: 600, height: 200, components: 3, colorModel: .rgb), image: image)
        #expect(ImageChecker(inspector: inspector).checkSignature(Self.jpegShaped(10_000)).isAccepted)
        var strict = SignatureRequirements.standard
        strict.minDarkShare = 0.2
        let result = ImageChecker(inspector: inspector, signature: strict).checkSignature(Self.jpegShaped(10_000))
        #expect(result.rejections == [.signatureNoStrokes])
    }
}
