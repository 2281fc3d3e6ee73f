import Foundation

/// The outcome of checking one upload: every rejection found (so the person can fix them all at
/// once), and the header when it could be read.
public struct ImageCheckResult: Hashable, Sendable {
    public let rejections: [ImageRejection]
    public let header: ImageHeader?

    public var isAccepted: Bool { rejections.isEmpty }
}

/// The upload rules for the recent photo and the handwritten signature, over an `ImageInspector`.
///
/// Checks run in order; a failure that makes the later ones meaningless stops there (not a JPEG,
/// incomplete, undecodable), the others are all collected.
public struct ImageChecker: Sendable {
    public let inspector: any ImageInspector
    public var photo: PhotoRequirements
    public var signature: SignatureRequirements
    public var idCard: IDCardPhotoRequirements

    public init(
        inspector: any ImageInspector, photo: PhotoRequirements = .nia, signature: SignatureRequirements = .standard,
        idCard: IDCardPhotoRequirements = .standard
    ) {
        self.inspector = inspector
        self.photo = photo
        self.signature = signature
        self.idCard = idCard
    }

    // MARK: Photo

    public func checkPhoto(_ data: Data) -> ImageCheckResult {
        var rejections: [ImageRejection] = []
        if let stop = Self.checkContainer(data, kind: .photo) {
            return ImageCheckResult(rejections: [stop], header: nil)
        }
        if data.count < photo.minBytes {
            rejections.append(.fileTooSmall(.photo, bytes: data.count, minBytes: photo.minBytes))
        } else if data.count > photo.maxBytes {
            rejections.append(.fileTooLarge(.photo, bytes: data.count, maxBytes: photo.maxBytes))
        }
        let header: ImageHeader
        do {
            header = try inspector.header(of: data)
        } catch {
            return ImageCheckResult(rejections: rejections + [.corrupt(.photo)], header: nil)
        }
        switch header.colorModel {
        case .rgb where header.components == 3: break
        case .grayscale: rejections.append(.grayscale)
        case .cmyk: rejections.append(.cmyk(.photo))
        default: rejections.append(.unsupportedColors(.photo, components: header.components))
        }
        let sizeOK = photo.widths.contains(header.width) && photo.heights.contains(header.height)
        if !sizeOK {
            rejections.append(
                .wrongDimensions(
                    width: header.width, height: header.height, widths: photo.widths, heights: photo.heights))
        }
        if !photo.hasPhotoAspect(width: header.width, height: header.height) {
            rejections.append(.wrongAspectRatio(width: header.width, height: header.height))
        }
        // Pixels only for a colour image of a plausible size (the decoder refuses anything larger).
        guard header.colorModel == .rgb, header.components == 3 else {
            return ImageCheckResult(rejections: rejections, header: header)
        }
        let image: RGBImage
        do {
            image = try inspector.decodeRGB(data, maxPixels: photo.widths.upperBound * photo.heights.upperBound * 4)
        } catch .tooManyPixels {
            return ImageCheckResult(rejections: rejections, header: header)
        } catch {
            return ImageCheckResult(rejections: rejections + [.corrupt(.photo)], header: header)
        }
        if let background = backgroundRejection(image) { rejections.append(background) }
        if !hasColorContent(image) { rejections.append(.noColorContent) }
        return ImageCheckResult(rejections: rejections, header: header)
    }

    /// Border samples used for the background: blocks along the top edge and down the left and right
    /// edges to half the height (below that, shoulders reach the edges), a few pixels in from the edge
    /// (JPEG edge blocks can carry artefacts).
    public static func borderSamples(of image: RGBImage, sideDepth: Double = 0.5) -> [RGBColor] {
        let block = max(4, min(image.width, image.height) / 40)
        let inset = min(2, max(0, image.width - block), max(0, image.height - block))
        var samples: [RGBColor] = []
        var x = inset
        while x + block <= image.width - inset {
            samples.append(image.averageColor(x: x, y: inset, size: block))
            x += block
        }
        let bottom = Int(Double(image.height) * sideDepth)
        var y = inset + block
        while y + block <= bottom {
            samples.append(image.averageColor(x: inset, y: y, size: block))
            samples.append(image.averageColor(x: image.width - inset - block, y: y, size: block))
            y += block
        }
        return samples
    }

    func backgroundRejection(_ image: RGBImage) -> ImageRejection? {
        let verdicts = Self.borderSamples(of: image).map(photo.background.classify)
        guard !verdicts.isEmpty else { return .backgroundTooDark }
        let allowed = verdicts.filter { $0 == .allowed }.count
        guard Double(allowed) < photo.background.minAllowedShare * Double(verdicts.count) else { return nil }
        let dark = verdicts.filter { $0 == .tooDark }.count
        let colored = verdicts.count - allowed - dark
        return dark >= colored ? .backgroundTooDark : .backgroundColored
    }

    func hasColorContent(_ image: RGBImage) -> Bool {
        let samples = Self.grid(of: image, across: 60)
        let colored = samples.filter { $0.chroma >= photo.colorChroma }.count
        return Double(colored) >= photo.minColorShare * Double(samples.count)
    }

    /// Pixels on a regular grid of about `across` × `across` points.
    static func grid(of image: RGBImage, across: Int) -> [RGBColor] {
        let stepX = max(1, image.width / across)
        let stepY = max(1, image.height / across)
        var samples: [RGBColor] = []
        for y in stride(from: stepY / 2, to: image.height, by: stepY) {
            for x in stride(from: stepX / 2, to: image.width, by: stepX) {
                samples.append(image.pixel(x: x, y: y))
            }
        }
        return samples
    }

    // MARK: Signature

    public func checkSignature(_ data: Data) -> ImageCheckResult {
        var rejections: [ImageRejection] = []
        if let stop = Self.checkContainer(data, kind: .signature) {
            return ImageCheckResult(rejections: [stop], header: nil)
        }
        if data.count < signature.minBytes {
            rejections.append(.fileTooSmall(.signature, bytes: data.count, minBytes: signature.minBytes))
        } else if data.count > signature.maxBytes {
            rejections.append(.fileTooLarge(.signature, bytes: data.count, maxBytes: signature.maxBytes))
        }
        let header: ImageHeader
        do {
            header = try inspector.header(of: data)
        } catch {
            return ImageCheckResult(rejections: rejections + [.corrupt(.signature)], header: nil)
        }
        if Double(header.width) < Double(header.height) * signature.minAspectRatio {
            rejections.append(.signatureNotLandscape(width: header.width, height: header.height))
        } else if header.width < signature.minWidth || header.height < signature.minHeight {
            rejections.append(
                .signatureTooSmall(
                    width: header.width, height: header.height, minWidth: signature.minWidth,
                    minHeight: signature.minHeight))
        }
        switch header.colorModel {
        case .rgb, .grayscale: break
        case .cmyk: return ImageCheckResult(rejections: rejections + [.cmyk(.signature)], header: header)
        case .unknown:
            return ImageCheckResult(
                rejections: rejections + [.unsupportedColors(.signature, components: header.components)], header: header
            )
        }
        let image: RGBImage
        do {
            image = try inspector.decodeRGB(data, maxPixels: signature.maxDecodedPixels)
        } catch {
            return ImageCheckResult(rejections: rejections + [.corrupt(.signature)], header: header)
        }
        rejections += inkRejections(image)
        return ImageCheckResult(rejections: rejections, header: header)
    }

    func inkRejections(_ image: RGBImage) -> [ImageRejection] {
        let border = Self.borderSamples(of: image, sideDepth: 1.0)
        let lightBorder = border.filter { $0.luma >= signature.lightLuma }.count
        if border.isEmpty || Double(lightBorder) < signature.minLightBorderShare * Double(border.count) {
            return [.signatureBackgroundNotLight]
        }
        let samples = Self.grid(of: image, across: 200)
        let dark = samples.filter { $0.luma < signature.darkLuma }.count
        let share = Double(dark) / Double(max(1, samples.count))
        if share < signature.minDarkShare { return [.signatureNoStrokes] }
        if share > signature.maxDarkShare { return [.signatureTooMuchInk] }
        return []
    }

    // MARK: ID card photos

    /// One side of the resident identity card: a JPEG of readable size, landscape, not CMYK. The
    /// pixels are not judged (the officer reads the card).
    public func checkIDCardPhoto(_ data: Data) -> ImageCheckResult {
        var rejections: [ImageRejection] = []
        if let stop = Self.checkContainer(data, kind: .idCardPhoto) {
            return ImageCheckResult(rejections: [stop], header: nil)
        }
        if data.count < idCard.minBytes {
            rejections.append(.fileTooSmall(.idCardPhoto, bytes: data.count, minBytes: idCard.minBytes))
        } else if data.count > idCard.maxBytes {
            rejections.append(.fileTooLarge(.idCardPhoto, bytes: data.count, maxBytes: idCard.maxBytes))
        }
        let header: ImageHeader
        do {
            header = try inspector.header(of: data)
        } catch {
            return ImageCheckResult(rejections: rejections + [.corrupt(.idCardPhoto)], header: nil)
        }
        let ratio = Double(header.width) / Double(max(1, header.height))
        if !idCard.aspectRatios.contains(ratio) {
            rejections.append(.idCardPhotoNotLandscape(width: header.width, height: header.height))
        } else if header.width < idCard.minWidth || header.height < idCard.minHeight {
            rejections.append(
                .idCardPhotoTooSmall(
                    width: header.width, height: header.height, minWidth: idCard.minWidth, minHeight: idCard.minHeight))
        }
        switch header.colorModel {
        case .rgb, .grayscale: break
        case .cmyk: rejections.append(.cmyk(.idCardPhoto))
        case .unknown: rejections.append(.unsupportedColors(.idCardPhoto, components: header.components))
        }
        return ImageCheckResult(rejections: rejections, header: header)
    }

    // MARK: Container

    /// Empty, not a JPEG by its magic bytes (FF D8 FF at the start), or cut off (no FF D9 at the end).
    static func checkContainer(_ data: Data, kind: UploadKind) -> ImageRejection? {
        guard !data.isEmpty else { return .empty(kind) }
        let format = SniffedFormat.sniff(data)
        guard format == .jpeg else { return .notJPEG(kind, format) }
        guard data.count >= 4, data[data.index(data.endIndex, offsetBy: -2)] == 0xFF, data.last == 0xD9 else {
            return .incomplete(kind)
        }
        return nil
    }
}
