import CrossingDomain
import CrossingIntegrations
import Foundation

/// Test inputs, drawn by `SampleUploads` so the tests and the demo data share one drawing.
enum SampleImages {
    static let lightGrey = SampleUploads.lightGrey
    static let white = SampleUploads.white
    static let lightBlue = SampleUploads.lightBlue

    static func shade(_ color: RGBColor, _ x: Int, _ y: Int, amplitude: Int) -> RGBColor {
        SampleUploads.shade(color, x, y, amplitude: amplitude)
    }

    static func portrait(
        width: Int = 390, height: Int = 520, background: RGBColor = lightGrey, noise: Int = 10
    ) -> RGBImage {
        SampleUploads.portrait(width: width, height: height, background: background, noise: noise)
    }

    static func signature(
        width: Int = 600, height: Int = 200, paper: RGBColor = white,
        ink: RGBColor = RGBColor(red: 20, green: 20, blue: 30)
    ) -> RGBImage {
        SampleUploads.signature(width: width, height: height, paper: paper, ink: ink)
    }

    static func jpeg(
        _ image: RGBImage, fitting bytes: ClosedRange<Int>, colors: TurboJPEGEncoder.Colors = .rgb
    ) throws -> Data {
        try SampleUploads.jpeg(image, fitting: bytes, colors: colors)
    }

    /// 30-70 KB: well inside the photo limits.
    static let comfortable = 30 * 1024...70 * 1024
}
