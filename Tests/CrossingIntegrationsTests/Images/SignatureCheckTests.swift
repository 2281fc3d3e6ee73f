import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

struct SignatureCheckTests {
    let checker = ImageChecker(inspector: TurboJPEGImageInspector())

    func codes(_ data: Data) -> [String] { checker.checkSignature(data).rejections.map(\.code) }

    @Test func aGoodSignatureIsAccepted() throws {
        let data = try TurboJPEGEncoder.encode(SampleImages.signature(), quality: 85)
        let result = checker.checkSignature(data)
        #expect(result.rejections == [], "\(result.rejections.map(\.message.en))")
        #expect(result.header?.width == 600)
    }

    @Test func aGreyscaleSignatureIsFine() throws {
        let data = try TurboJPEGEncoder.encode(SampleImages.signature(), quality: 85, colors: .grayscale)
        #expect(codes(data) == [])
    }

    @Test func aLargePhoneShotIsCheckedScaledDown() throws {
        let data = try TurboJPEGEncoder.encode(SampleImages.signature(width: 2400, height: 1000), quality: 60)
        #expect(data.count < 500 * 1024)
        #expect(codes(data) == [])
    }

    @Test func aPortraitSignatureIsRefused() throws {
        let data = try TurboJPEGEncoder.encode(SampleImages.signature(width: 300, height: 500), quality: 85)
        let result = checker.checkSignature(data)
        #expect(result.rejections.first == .signatureNotLandscape(width: 300, height: 500))
        #expect(result.rejections[0].message.en.contains("must be landscape"))
    }

    @Test func aSignatureOnADarkBackgroundIsRefused() throws {
        let inverted = SampleImages.signature(
            paper: RGBColor(red: 25, green: 25, blue: 30), ink: RGBColor(red: 240, green: 240, blue: 240))
        let data = try TurboJPEGEncoder.encode(inverted, quality: 85)
        #expect(codes(data) == ["signature-background-not-light"])
    }

    @Test func blankPaperHasNoSignature() throws {
        let blank = RGBImage(width: 600, height: 200) { x, y in
            SampleImages.shade(SampleImages.white, x, y, amplitude: 2)
        }
        let data = try TurboJPEGEncoder.encode(blank, quality: 90)
        #expect(codes(data) == ["signature-no-strokes"])
    }

    @Test func aPageMostlyCoveredInInkIsRefused() throws {
        // Paper border, but a big dark block in the middle (a photo of the table, a scribble).
        let blotted = RGBImage(width: 600, height: 200) { x, y in
            (60..<540).contains(x) && (20..<180).contains(y)
                ? RGBColor(red: 30, green: 30, blue: 30) : SampleImages.white
        }
        let data = try TurboJPEGEncoder.encode(blotted, quality: 90)
        #expect(codes(data) == ["signature-too-much-ink"])
    }

    @Test func notAJPEGOrCutOff() throws {
        #expect(codes(Data("GIF89a........".utf8)) == ["image-not-jpeg"])
        let data = try TurboJPEGEncoder.encode(SampleImages.signature(), quality: 85)
        #expect(codes(Data(data.prefix(data.count - 10))) == ["image-incomplete"])
    }
}

struct TurboJPEGImageInspectorTests {
    let inspector = TurboJPEGImageInspector()

    @Test func headersAreReadWithoutDecoding() throws {
        let image = SampleImages.portrait(width: 354, height: 472)
        #expect(
            try inspector.header(of: TurboJPEGEncoder.encode(image, quality: 80))
                == ImageHeader(width: 354, height: 472, components: 3, colorModel: .rgb))
        #expect(
            try inspector.header(of: TurboJPEGEncoder.encode(image, quality: 80, colors: .grayscale)).components == 1)
        #expect(try inspector.header(of: TurboJPEGEncoder.encode(image, quality: 80, colors: .cmyk)).components == 4)
    }

    @Test func decodedPixelsMatchWhatWasEncoded() throws {
        let image = RGBImage(width: 64, height: 48) { x, _ in
            x < 32 ? RGBColor(red: 250, green: 250, blue: 250) : RGBColor(red: 200, green: 30, blue: 30)
        }
        let decoded = try inspector.decodeRGB(TurboJPEGEncoder.encode(image, quality: 95), maxPixels: 10_000)
        #expect(decoded.width == 64 && decoded.height == 48)
        let left = decoded.pixel(x: 8, y: 20)
        let right = decoded.pixel(x: 56, y: 20)
        #expect(left.red > 240 && left.green > 240 && left.blue > 240)
        #expect(right.red > 180 && right.green < 60 && right.blue < 60)
    }

    @Test func bigImagesAreDecodedScaledOrRefused() throws {
        let data = try TurboJPEGEncoder.encode(SampleImages.signature(width: 1600, height: 800), quality: 70)
        let half = try inspector.decodeRGB(data, maxPixels: 400_000)
        #expect(half.width * half.height <= 400_000)
        #expect(half.width == 800 && half.height == 400)
        #expect(throws: ImageInspectionError.tooManyPixels(width: 1600, height: 800)) {
            try inspector.decodeRGB(data, maxPixels: 1000)
        }
    }

    @Test func cmykIsNotDecodedToRGB() throws {
        let data = try TurboJPEGEncoder.encode(SampleImages.signature(), quality: 80, colors: .cmyk)
        #expect(throws: ImageInspectionError.unsupportedColorModel(.cmyk)) {
            try inspector.decodeRGB(data, maxPixels: 1_000_000)
        }
    }

    @Test func garbageIsAnErrorNotACrash() {
        for bytes in [[], [0xFF, 0xD8], [0xFF, 0xD8, 0xFF, 0xD9], Array(repeating: UInt8(0xFF), count: 1000)] {
            #expect(throws: ImageInspectionError.self) { try inspector.header(of: Data(bytes)) }
            #expect(throws: ImageInspectionError.self) { try inspector.decodeRGB(Data(bytes), maxPixels: 100) }
        }
    }
}
