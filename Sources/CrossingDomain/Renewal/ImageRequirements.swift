/// The allowed photo backgrounds: white, light grey or light blue (domain-facts §7.1), on the
/// Windows HSL scale (0-240) the NIA guide uses. The guide's reference values are light grey
/// H = S = 0, L ≥ 198 and light blue H 135, S 240, L ≥ 167; real photos are never exact, so the
/// defaults allow some saturation for greys and a hue band for blue. All values are configurable.
public struct BackgroundColorRule: Hashable, Sendable {
    /// White and light grey: lightness at least `neutralMinLightness` and either saturation at most
    /// `neutralMaxSaturation` or chroma (max - min channel, 0-255) at most `neutralMaxChroma`. HSL
    /// saturation explodes near white (RGB 250, 250, 240 has S 120), so very light tints are judged
    /// by chroma instead.
    public var neutralMaxSaturation: Int
    public var neutralMaxChroma: Int
    public var neutralMinLightness: Int
    /// Light blue: hue within `blueHue ± blueHueTolerance`, saturation and lightness at least these.
    public var blueHue: Int
    public var blueHueTolerance: Int
    public var blueMinSaturation: Int
    public var blueMinLightness: Int
    /// Share of border samples that must be an allowed colour (the rest may be hair or shoulders).
    public var minAllowedShare: Double

    public init(
        neutralMaxSaturation: Int = 40, neutralMaxChroma: Int = 16, neutralMinLightness: Int = 198,
        blueHue: Int = 135,
        blueHueTolerance: Int = 20, blueMinSaturation: Int = 40, blueMinLightness: Int = 167,
        minAllowedShare: Double = 0.9
    ) {
        self.neutralMaxSaturation = neutralMaxSaturation
        self.neutralMaxChroma = neutralMaxChroma
        self.neutralMinLightness = neutralMinLightness
        self.blueHue = blueHue
        self.blueHueTolerance = blueHueTolerance
        self.blueMinSaturation = blueMinSaturation
        self.blueMinLightness = blueMinLightness
        self.minAllowedShare = minAllowedShare
    }

    public enum Verdict: Hashable, Sendable {
        case allowed
        case tooDark
        case colored
    }

    public func classify(_ color: RGBColor) -> Verdict {
        let (hue, saturation, lightness) = color.windowsHSL
        let neutral = saturation <= neutralMaxSaturation || color.chroma <= neutralMaxChroma
        if neutral, lightness >= neutralMinLightness { return .allowed }
        let hueDistance = min(abs(hue - blueHue), 240 - abs(hue - blueHue))
        if hueDistance <= blueHueTolerance, saturation >= blueMinSaturation, lightness >= blueMinLightness {
            return .allowed
        }
        return neutral ? .tooDark : .colored
    }
}

/// The digital photo (domain-facts §7.1, the NIA/MPS photo guide): JPEG, 20-80 KB, 354-480 × 472-640
/// pixels at 3:4, 24-bit colour, plain light background. Defaults are the NIA values.
public struct PhotoRequirements: Hashable, Sendable {
    /// 1 KB = 1024 bytes.
    public var minBytes: Int
    public var maxBytes: Int
    public var widths: ClosedRange<Int>
    public var heights: ClosedRange<Int>
    /// The ratio width : height must be within `aspectTolerance` (relative) of 3 : 4. The default 1%
    /// accepts 354 × 468-476 and 480 × 634-646 (a crop a few pixels off), and refuses 390 × 567 (the
    /// old 33 × 48 mm paper format).
    public var aspectTolerance: Double
    public var background: BackgroundColorRule
    /// A colour photo has some coloured pixels (skin, lips, clothes): at least `minColorShare` of the
    /// samples must have a chroma (max - min channel) of `colorChroma` or more. Stops a black-and-white
    /// picture saved as a 3-component JPEG.
    public var colorChroma: Int
    public var minColorShare: Double

    public init(
        minBytes: Int = 20 * 1024, maxBytes: Int = 80 * 1024, widths: ClosedRange<Int> = 354...480,
        heights: ClosedRange<Int> = 472...640, aspectTolerance: Double = 0.01,
        background: BackgroundColorRule = BackgroundColorRule(), colorChroma: Int = 24, minColorShare: Double = 0.01
    ) {
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.widths = widths
        self.heights = heights
        self.aspectTolerance = aspectTolerance
        self.background = background
        self.colorChroma = colorChroma
        self.minColorShare = minColorShare
    }

    public static let nia = PhotoRequirements()

    /// |w/h − 3/4| ≤ tolerance × 3/4.
    public func hasPhotoAspect(width: Int, height: Int) -> Bool {
        guard width > 0, height > 0 else { return false }
        return abs(Double(width) / Double(height) - 0.75) <= aspectTolerance * 0.75 + 1e-9
    }
}

/// The handwritten signature photo (domain-facts §7.2): black pen on white paper, written
/// horizontally. No official pixel or size figures exist, so these are our own, configurable.
public struct SignatureRequirements: Hashable, Sendable {
    public var minBytes: Int
    public var maxBytes: Int
    public var minWidth: Int
    public var minHeight: Int
    /// Landscape: width at least this many times the height.
    public var minAspectRatio: Double
    /// Luma (0-255) below which a pixel is ink, and at or above which it is paper.
    public var darkLuma: Int
    public var lightLuma: Int
    /// Share of ink pixels: below the minimum there is no visible signature, above the maximum it is
    /// not dark strokes on paper (a dark background, or the photo is not cropped to the paper).
    public var minDarkShare: Double
    public var maxDarkShare: Double
    /// Share of the border samples that must be paper-light.
    public var minLightBorderShare: Double
    /// Larger images are decoded scaled down to at most this many pixels for the checks.
    public var maxDecodedPixels: Int

    public init(
        minBytes: Int = 2 * 1024, maxBytes: Int = 500 * 1024, minWidth: Int = 300, minHeight: Int = 100,
        minAspectRatio: Double = 1.2, darkLuma: Int = 110, lightLuma: Int = 160, minDarkShare: Double = 0.003,
        maxDarkShare: Double = 0.3, minLightBorderShare: Double = 0.85, maxDecodedPixels: Int = 1_000_000
    ) {
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.minWidth = minWidth
        self.minHeight = minHeight
        self.minAspectRatio = minAspectRatio
        self.darkLuma = darkLuma
        self.lightLuma = lightLuma
        self.minDarkShare = minDarkShare
        self.maxDarkShare = maxDarkShare
        self.minLightBorderShare = minLightBorderShare
        self.maxDecodedPixels = maxDecodedPixels
    }

    public static let standard = SignatureRequirements()
}

/// Photos of the two sides of the resident identity card (domain-facts §6, step 4). No official
/// figures exist; these are our own, configurable: a readable landscape JPEG of the card.
public struct IDCardPhotoRequirements: Hashable, Sendable {
    public var minBytes: Int
    public var maxBytes: Int
    public var minWidth: Int
    public var minHeight: Int
    /// The card is 85.6 × 54 mm (ratio 1.59); a photo cropped to it, with some margin, falls in here.
    public var aspectRatios: ClosedRange<Double>

    public init(
        minBytes: Int = 10 * 1024, maxBytes: Int = 1024 * 1024, minWidth: Int = 640, minHeight: Int = 400,
        aspectRatios: ClosedRange<Double> = 1.2...2.0
    ) {
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.minWidth = minWidth
        self.minHeight = minHeight
        self.aspectRatios = aspectRatios
    }

    public static let standard = IDCardPhotoRequirements()
}
