/// A file format recognised by its first bytes.
public enum SniffedFormat: String, Hashable, Sendable, Codable {
    case jpeg
    case png
    case gif
    case webp
    case heic
    case bmp
    case pdf
    case unknown

    /// Recognises the format from the magic bytes at the start of the file.
    public static func sniff(_ bytes: some Collection<UInt8>) -> SniffedFormat {
        let head = Array(bytes.prefix(12))
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + magic.count && Array(head[offset..<(offset + magic.count)]) == magic
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF8".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(Array("ftyp".utf8), at: 4) { return .heic }
        if starts(Array("BM".utf8)) { return .bmp }
        if starts(Array("%PDF".utf8)) { return .pdf }
        return .unknown
    }

    var displayName: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .gif: "GIF"
        case .webp: "WebP"
        case .heic: "HEIC/HEIF"
        case .bmp: "BMP"
        case .pdf: "PDF"
        case .unknown: "?"
        }
    }
}

/// Which upload a rejection is about (the wording differs).
public enum UploadKind: String, Hashable, Sendable, Codable {
    case photo
    case signature
    /// A photo of one side of the resident identity card.
    case idCardPhoto = "id-card-photo"

    var nameZh: String {
        switch self {
        case .photo: "照片"
        case .signature: "签名照片"
        case .idCardPhoto: "身份证照片"
        }
    }

    var nameEn: String {
        switch self {
        case .photo: "photo"
        case .signature: "signature photo"
        case .idCardPhoto: "ID card photo"
        }
    }
}

/// Why an uploaded photo or signature is refused, and exactly what to fix. `code` is stable
/// (API field error codes).
public enum ImageRejection: DomainError, Hashable {
    case empty(UploadKind)
    case notJPEG(UploadKind, SniffedFormat)
    /// Starts like a JPEG but does not end with the end-of-image marker FF D9: cut off in transfer.
    case incomplete(UploadKind)
    case corrupt(UploadKind)
    case fileTooSmall(UploadKind, bytes: Int, minBytes: Int)
    case fileTooLarge(UploadKind, bytes: Int, maxBytes: Int)
    case wrongDimensions(width: Int, height: Int, widths: ClosedRange<Int>, heights: ClosedRange<Int>)
    case wrongAspectRatio(width: Int, height: Int)
    case grayscale
    case cmyk(UploadKind)
    /// Neither 1, 3 nor 4 components, or an unknown colour model.
    case unsupportedColors(UploadKind, components: Int)
    /// 3 components, but the picture has no colour in it.
    case noColorContent
    case backgroundTooDark
    case backgroundColored
    case signatureNotLandscape(width: Int, height: Int)
    case signatureTooSmall(width: Int, height: Int, minWidth: Int, minHeight: Int)
    /// The card is landscape (85.6 × 54 mm); the photo must be too.
    case idCardPhotoNotLandscape(width: Int, height: Int)
    case idCardPhotoTooSmall(width: Int, height: Int, minWidth: Int, minHeight: Int)
    case signatureBackgroundNotLight
    case signatureNoStrokes
    case signatureTooMuchInk

    public var code: String {
        switch self {
        case .empty: "image-empty"
        case .notJPEG: "image-not-jpeg"
        case .incomplete: "image-incomplete"
        case .corrupt: "image-corrupt"
        case .fileTooSmall: "image-file-too-small"
        case .fileTooLarge: "image-file-too-large"
        case .wrongDimensions: "photo-wrong-dimensions"
        case .wrongAspectRatio: "photo-wrong-aspect-ratio"
        case .grayscale: "photo-grayscale"
        case .cmyk: "image-cmyk"
        case .unsupportedColors: "image-unsupported-colors"
        case .noColorContent: "photo-no-color"
        case .backgroundTooDark: "photo-background-too-dark"
        case .backgroundColored: "photo-background-colored"
        case .signatureNotLandscape: "signature-not-landscape"
        case .signatureTooSmall: "signature-too-small"
        case .idCardPhotoNotLandscape: "id-card-photo-not-landscape"
        case .idCardPhotoTooSmall: "id-card-photo-too-small"
        case .signatureBackgroundNotLight: "signature-background-not-light"
        case .signatureNoStrokes: "signature-no-strokes"
        case .signatureTooMuchInk: "signature-too-much-ink"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .empty(let kind):
            return LocalizedText(zh: "请选择要上传的\(kind.nameZh)", en: "Choose a \(kind.nameEn) to upload")
        case .notJPEG(let kind, .unknown):
            return LocalizedText(
                zh: "这个文件不是JPEG图片，请将\(kind.nameZh)另存为JPEG（.jpg）格式后上传",
                en: "This file is not a JPEG image; save the \(kind.nameEn) as a JPEG (.jpg) and upload it again")
        case .notJPEG(let kind, let format):
            return LocalizedText(
                zh: "这是\(format.displayName)格式的图片（只改了文件扩展名不行），请将\(kind.nameZh)另存为JPEG（.jpg）格式后上传",
                en:
                    "This is a \(format.displayName) image (renaming the file is not enough); save the \(kind.nameEn) as a JPEG (.jpg) and upload it again"
            )
        case .incomplete(let kind):
            return LocalizedText(
                zh: "\(kind.nameZh)文件不完整（可能上传中断），请重新上传",
                en: "The \(kind.nameEn) file is incomplete (the upload may have been cut off); upload it again")
        case .corrupt(let kind):
            return LocalizedText(
                zh: "\(kind.nameZh)文件已损坏，无法打开，请重新保存后上传",
                en: "The \(kind.nameEn) file is damaged and cannot be opened; save it again and upload it")
        case .fileTooSmall(let kind, let bytes, let minimum):
            return LocalizedText(
                zh: "\(kind.nameZh)文件只有\(Self.kilobytes(bytes))KB，不能小于\(Self.kilobytes(minimum))KB；请用更高的质量保存（不要过度压缩）",
                en:
                    "The \(kind.nameEn) file is only \(Self.kilobytes(bytes)) KB; it must be at least \(Self.kilobytes(minimum)) KB. Save it at a higher quality (less compression)"
            )
        case .fileTooLarge(let kind, let bytes, let maximum):
            return LocalizedText(
                zh:
                    "\(kind.nameZh)文件有\(Self.kilobytes(bytes, roundingUp: true))KB，不能超过\(Self.kilobytes(maximum))KB；请降低保存质量后重新上传",
                en:
                    "The \(kind.nameEn) file is \(Self.kilobytes(bytes, roundingUp: true)) KB; it must be at most \(Self.kilobytes(maximum)) KB. Save it at a lower quality and upload it again"
            )
        case .wrongDimensions(let width, let height, let widths, let heights):
            return LocalizedText(
                zh:
                    "照片为\(width)×\(height)像素，宽度须为\(widths.lowerBound)至\(widths.upperBound)像素、高度须为\(heights.lowerBound)至\(heights.upperBound)像素；请调整为例如\(widths.lowerBound)×\(heights.lowerBound)像素",
                en:
                    "The photo is \(width) × \(height) pixels; it must be \(widths.lowerBound)-\(widths.upperBound) pixels wide and \(heights.lowerBound)-\(heights.upperBound) high. Resize it, for example to \(widths.lowerBound) × \(heights.lowerBound)"
            )
        case .wrongAspectRatio(let width, let height):
            return LocalizedText(
                zh: "照片为\(width)×\(height)像素，宽高比须为3:4；请按3:4裁剪（例如宽\(width)像素时高\(width * 4 / 3)像素）",
                en:
                    "The photo is \(width) × \(height) pixels; width to height must be 3:4. Crop it to 3:4 (for \(width) pixels wide: \(width * 4 / 3) high)"
            )
        case .grayscale:
            return LocalizedText(
                zh: "照片是黑白的，请上传彩色照片（24位RGB）", en: "The photo is black and white; upload a colour photo (24-bit RGB)")
        case .cmyk(let kind):
            return LocalizedText(
                zh: "\(kind.nameZh)使用了印刷用的CMYK色彩，请另存为RGB色彩的JPEG",
                en: "The \(kind.nameEn) uses CMYK print colours; save it as an RGB JPEG")
        case .unsupportedColors(let kind, _):
            return LocalizedText(
                zh: "\(kind.nameZh)的色彩格式无法识别，请另存为24位RGB彩色JPEG",
                en: "The colour format of the \(kind.nameEn) is not supported; save it as a 24-bit RGB colour JPEG")
        case .noColorContent:
            return LocalizedText(
                zh: "照片看起来是黑白的，请上传近6个月内拍摄的彩色照片",
                en: "The photo looks black and white; upload a colour photo taken in the last 6 months")
        case .backgroundTooDark:
            return LocalizedText(
                zh: "照片背景太暗或有阴影，请在白色、浅灰色或浅蓝色的纯色背景前、光线均匀处重新拍摄",
                en:
                    "The photo background is too dark or has shadows; take it again in front of a plain white, light grey or light blue background with even light"
            )
        case .backgroundColored:
            return LocalizedText(
                zh: "照片背景颜色不符合要求，背景须为白色、浅灰色或浅蓝色的纯色，请重新拍摄",
                en:
                    "The photo background has the wrong colour; it must be plain white, light grey or light blue. Take the photo again"
            )
        case .signatureNotLandscape(let width, let height):
            return LocalizedText(
                zh: "签名照片为\(width)×\(height)像素，须为横向（宽大于高）；请横向书写并横向拍摄，裁去多余部分",
                en:
                    "The signature photo is \(width) × \(height) pixels; it must be landscape (wider than high). Write across the page, photograph it sideways-on and crop it"
            )
        case .signatureTooSmall(let width, let height, let minWidth, let minHeight):
            return LocalizedText(
                zh: "签名照片为\(width)×\(height)像素，太小，至少须为\(minWidth)×\(minHeight)像素；请靠近一些重新拍摄",
                en:
                    "The signature photo is \(width) × \(height) pixels, too small; it must be at least \(minWidth) × \(minHeight). Take it again from closer"
            )
        case .idCardPhotoNotLandscape(let width, let height):
            return LocalizedText(
                zh: "身份证照片为\(width)×\(height)像素，须横向拍摄整张证件并裁去多余部分",
                en:
                    "The ID card photo is \(width) × \(height) pixels; photograph the whole card in landscape and crop away the rest"
            )
        case .idCardPhotoTooSmall(let width, let height, let minWidth, let minHeight):
            return LocalizedText(
                zh: "身份证照片为\(width)×\(height)像素，太小看不清，至少须为\(minWidth)×\(minHeight)像素；请靠近一些重新拍摄",
                en:
                    "The ID card photo is \(width) × \(height) pixels, too small to read; it must be at least \(minWidth) × \(minHeight). Take it again from closer"
            )
        case .signatureBackgroundNotLight:
            return LocalizedText(
                zh: "签名须写在白纸上，照片背景须为白色；请用黑色笔在白纸上签名后重新拍摄",
                en:
                    "Sign on white paper: the background must be white. Sign with a black pen on white paper and take the photo again"
            )
        case .signatureNoStrokes:
            return LocalizedText(
                zh: "看不清签名笔迹，请用黑色笔在白纸上签名，字迹大小适中",
                en: "We cannot see the signature; sign with a black pen on white paper, in characters of a normal size")
        case .signatureTooMuchInk:
            return LocalizedText(
                zh: "照片中深色部分太多，请只拍白纸上的签名并裁去周围的桌面等",
                en:
                    "Too much of the photo is dark; photograph only the signature on white paper and crop away the table around it"
            )
        }
    }

    /// Kilobytes (1024 bytes) with one decimal, rounded away from the limit that was broken (down for
    /// "too small", up for "too large"), so 20,479 bytes reads "19.9" and 81,921 bytes "80.1", never
    /// the limit itself.
    static func kilobytes(_ bytes: Int, roundingUp: Bool = false) -> String {
        let tenths = roundingUp ? (bytes * 10 + 1023) / 1024 : bytes * 10 / 1024
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
    }
}
