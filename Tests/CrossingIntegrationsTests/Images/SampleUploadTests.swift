import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

/// The demo uploads pass the real checks, and ID card photos have their own rules.
struct SampleUploadTests {
    let checker = ImageChecker(inspector: TurboJPEGImageInspector())

    @Test func theDemoUploadsPassTheChecks() throws {
        for background in [SampleUploads.lightGrey, SampleUploads.white, SampleUploads.lightBlue] {
            #expect(checker.checkPhoto(try SampleUploads.photoJPEG(background: background)).rejections == [])
        }
        #expect(checker.checkSignature(try SampleUploads.signatureJPEG()).rejections == [])
        #expect(checker.checkIDCardPhoto(try SampleUploads.idCardJPEG()).rejections == [])
        #expect(try SampleUploads.photoJPEG() == SampleUploads.photoJPEG())
    }

    @Test func anIDCardPhotoMustBeALandscapeReadableJPEG() throws {
        let portrait = try TurboJPEGEncoder.encode(SampleUploads.idCard(width: 540, height: 856), quality: 90)
        #expect(
            checker.checkIDCardPhoto(portrait).rejections.map(\.code) == ["id-card-photo-not-landscape"])
        let tiny = try TurboJPEGEncoder.encode(SampleUploads.idCard(width: 320, height: 200), quality: 100)
        #expect(checker.checkIDCardPhoto(tiny).rejections.map(\.code).contains("id-card-photo-too-small"))
        let cmyk = try TurboJPEGEncoder.encode(SampleUploads.idCard(), quality: 90, colors: .cmyk)
        #expect(checker.checkIDCardPhoto(cmyk).rejections.map(\.code).contains("image-cmyk"))
        #expect(checker.checkIDCardPhoto(Data("%PDF-1.4".utf8)).rejections == [.notJPEG(.idCardPhoto, .pdf)])
        let message = ImageRejection.idCardPhotoTooSmall(width: 320, height: 200, minWidth: 640, minHeight: 400).message
        #expect(message.en.contains("at least 640 × 400") && message.zh.contains("640×400"))
    }
}
