import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

/// The photo rules over real JPEGs decoded by libjpeg-turbo.
struct PhotoCheckTests {
    let checker = ImageChecker(inspector: TurboJPEGImageInspector())

    func codes(_ data: Data) -> [String] { checker.checkPhoto(data).rejections.map(\.code) }

    @Test(arguments: [SampleImages.lightGrey, SampleImages.white, SampleImages.lightBlue])
    func aGoodPhotoIsAccepted(background: RGBColor) throws {
        let data = try SampleImages.jpeg(
            SampleImages.portrait(background: background), fitting: SampleImages.comfortable)
        let result = checker.checkPhoto(data)
        #expect(result.rejections == [], "\(result.rejections.map(\.message.en))")
        #expect(result.header == ImageHeader(width: 390, height: 520, components: 3, colorModel: .rgb))
    }

    @Test func theSmallestAndLargestSizesAreAccepted() throws {
        for (width, height) in [(354, 472), (480, 640)] {
            let image = SampleImages.portrait(width: width, height: height)
            let data = try SampleImages.jpeg(image, fitting: SampleImages.comfortable)
            #expect(codes(data) == [], "\(width)×\(height)")
        }
    }

    @Test func aFileUnder20KBIsRefused() throws {
        let data = try TurboJPEGEncoder.encode(SampleImages.portrait(noise: 0), quality: 40)
        #expect(data.count < 20 * 1024)
        let result = checker.checkPhoto(data)
        #expect(result.rejections == [.fileTooSmall(.photo, bytes: data.count, minBytes: 20 * 1024)])
        #expect(result.rejections[0].message.en.contains("at least 20 KB"))
    }

    @Test func aFileOver80KBIsRefused() throws {
        let data = try TurboJPEGEncoder.encode(SampleImages.portrait(noise: 60), quality: 100)
        #expect(data.count > 80 * 1024)
        #expect(codes(data) == ["image-file-too-large"])
    }

    @Test func theWrongPixelSizeIsRefusedWithTheSizeToUse() throws {
        // 3:4 but too small.
        let data = try SampleImages.jpeg(
            SampleImages.portrait(width: 300, height: 400, noise: 20), fitting: 20_480...81_920)
        let result = checker.checkPhoto(data)
        #expect(
            result.rejections == [
                .wrongDimensions(width: 300, height: 400, widths: 354...480, heights: 472...640)
            ])
        #expect(result.rejections[0].message.en.contains("354-480 pixels wide and 472-640 high"))
        #expect(result.rejections[0].message.zh.contains("300×400"))
    }

    @Test func theWrongAspectRatioIsRefused() throws {
        // The old 33 × 48 mm paper format: within both ranges, but not 3:4.
        let data = try SampleImages.jpeg(
            SampleImages.portrait(width: 390, height: 567), fitting: SampleImages.comfortable)
        #expect(checker.checkPhoto(data).rejections == [.wrongAspectRatio(width: 390, height: 567)])
        // One per cent off 3:4 is tolerated.
        let nearly = try SampleImages.jpeg(
            SampleImages.portrait(width: 354, height: 476), fitting: SampleImages.comfortable)
        #expect(codes(nearly) == [])
    }

    @Test func aGreyscaleJPEGIsRefused() throws {
        let data = try SampleImages.jpeg(
            SampleImages.portrait(noise: 30), fitting: SampleImages.comfortable, colors: .grayscale)
        let result = checker.checkPhoto(data)
        #expect(result.header?.components == 1)
        #expect(result.rejections == [.grayscale])
    }

    @Test func aColourFileOfABlackAndWhitePictureIsRefused() throws {
        let grey = SampleImages.portrait()
        let flattened = RGBImage(width: grey.width, height: grey.height) { x, y in
            let luma = UInt8(grey.pixel(x: x, y: y).luma)
            return RGBColor(red: luma, green: luma, blue: luma)
        }
        let data = try SampleImages.jpeg(flattened, fitting: SampleImages.comfortable)
        #expect(codes(data) == ["photo-no-color"])
    }

    @Test func aCMYKJPEGIsRefused() throws {
        let data = try SampleImages.jpeg(SampleImages.portrait(), fitting: 20_480...81_920, colors: .cmyk)
        let result = checker.checkPhoto(data)
        #expect(result.header?.colorModel == .cmyk)
        #expect(result.rejections.map(\.code) == ["image-cmyk"])
    }

    @Test(arguments: [
        (RGBColor(red: 90, green: 90, blue: 95), "photo-background-too-dark"),
        (RGBColor(red: 170, green: 170, blue: 170), "photo-background-too-dark"),
        (RGBColor(red: 200, green: 40, blue: 40), "photo-background-colored"),
        (RGBColor(red: 120, green: 200, blue: 120), "photo-background-colored"),
        (RGBColor(red: 30, green: 60, blue: 160), "photo-background-colored"),
    ])
    func aDarkOrColouredBackgroundIsRefused(background: RGBColor, code: String) throws {
        let data = try SampleImages.jpeg(
            SampleImages.portrait(background: background), fitting: SampleImages.comfortable)
        #expect(codes(data) == [code])
    }

    @Test func aPNGRenamedToJPGIsRefused() throws {
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        png.append(Data(repeating: 0x42, count: 30_000))
        let result = checker.checkPhoto(png)
        #expect(result.rejections == [.notJPEG(.photo, .png)])
        #expect(result.rejections[0].message.en.contains("PNG image (renaming the file is not enough)"))
        #expect(codes(Data("hello".utf8)) == ["image-not-jpeg"])
        #expect(codes(Data()) == ["image-empty"])
    }

    @Test func truncatedDataIsRefusedWithoutCrashing() throws {
        let data = try SampleImages.jpeg(SampleImages.portrait(), fitting: SampleImages.comfortable)
        for length in [3, 100, 623, data.count / 2, data.count - 2] {
            let cut = data.prefix(length)
            #expect(codes(Data(cut)) == ["image-incomplete"], "\(length) bytes")
            // The decoder itself reports the damage instead of exiting the process, even when an end
            // marker is glued on (length - 2 would restore the original file).
            guard length < data.count - 2 else { continue }
            #expect(throws: ImageInspectionError.self) {
                _ = try TurboJPEGImageInspector().decodeRGB(Data(cut) + Data([0xFF, 0xD9]), maxPixels: 1_000_000)
            }
        }
    }

    @Test func corruptDataIsRefusedWithoutCrashing() throws {
        let data = try SampleImages.jpeg(SampleImages.portrait(), fitting: SampleImages.comfortable)
        var generator = SeededGenerator(seed: 4)
        for round in 0..<40 {
            var bytes = [UInt8](data)
            // Keep the markers at both ends, scribble over the middle (headers included).
            for _ in 0..<(1 + round % 8) {
                let position = Int.random(in: 2..<(bytes.count - 2), using: &generator)
                bytes[position] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = checker.checkPhoto(Data(bytes))  // must return, whatever it finds
        }
        var garbage = Data([0xFF, 0xD8, 0xFF, 0xE0])
        garbage.append(Data(repeating: 0x00, count: 25_000))
        garbage.append(contentsOf: [0xFF, 0xD9])
        #expect(codes(garbage) == ["image-corrupt"])
    }

    @Test func severalDefectsAreReportedTogether() throws {
        let data = try TurboJPEGEncoder.encode(
            SampleImages.portrait(width: 300, height: 300, background: RGBColor(red: 200, green: 40, blue: 40)),
            quality: 30, colors: .rgb)
        #expect(
            codes(data) == [
                "image-file-too-small", "photo-wrong-dimensions", "photo-wrong-aspect-ratio",
                "photo-background-colored",
            ])
    }
}
