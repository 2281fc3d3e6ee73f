/// The exit-entry documents whose numbers the platform accepts.
public enum TravelDocumentType: String, CaseIterable, Hashable, Sendable, Codable {
    case ordinaryPassport = "ordinary-passport"
    case hkMacaoPermit = "hk-macao-permit"
    case taiwanPermit = "taiwan-permit"
    case homeReturnPermit = "home-return-permit"
    case taiwanCompatriotPermit = "taiwan-compatriot-permit"

    public var name: LocalizedText {
        switch self {
        case .ordinaryPassport: LocalizedText(zh: "普通护照", en: "Ordinary passport")
        case .hkMacaoPermit:
            LocalizedText(zh: "往来港澳通行证", en: "Exit-Entry Permit for Travelling to and from Hong Kong and Macao")
        case .taiwanPermit: LocalizedText(zh: "往来台湾通行证", en: "Travel Permit to and from Taiwan")
        case .homeReturnPermit:
            LocalizedText(
                zh: "港澳居民来往内地通行证", en: "Mainland Travel Permit for Hong Kong and Macao Residents")
        case .taiwanCompatriotPermit:
            LocalizedText(zh: "台湾居民来往大陆通行证", en: "Mainland Travel Permit for Taiwan Residents")
        }
    }

    /// Accepted shapes, current first. Each is the regex-free form of the pattern in the comment.
    var formats: [TravelDocumentFormat] {
        let digit = CharacterPattern.digits
        switch self {
        case .ordinaryPassport:
            return [
                // ^E\d{8}$, then ^E[A-HJ-NP-Z]\d{7}$ once the E+8-digit range ran out.
                TravelDocumentFormat(CharacterPattern(prefix: "E", then: digit(8))),
                TravelDocumentFormat(CharacterPattern(prefix: "E", then: [.seriesLetter] + digit(7))),
                // ^G\d{8}$: pre-2012 non-chip passports, accepted for historic records only.
                TravelDocumentFormat(CharacterPattern(prefix: "G", then: digit(8)), isLegacy: true),
            ]
        case .hkMacaoPermit:
            // ^C\d{8}$ and, from CA0000001 on, ^C[A-HJ-NP-Z]\d{7}$.
            return [
                TravelDocumentFormat(CharacterPattern(prefix: "C", then: digit(8))),
                TravelDocumentFormat(CharacterPattern(prefix: "C", then: [.seriesLetter] + digit(7))),
            ]
        case .taiwanPermit:
            // ^[LT]\d{8}$. UNVERIFIED: third-party code says L or T; no official sample has been seen,
            // so both are accepted until one is (domain-facts §1.3).
            return [TravelDocumentFormat(CharacterPattern(prefix: "LT", then: digit(8)))]
        case .homeReturnPermit:
            // ^[HM]\d{8}$ on current cards; ^[HM]\d{10}$ on old ones, whose last 2 digits count renewals.
            return [
                TravelDocumentFormat(CharacterPattern(prefix: "HM", then: digit(8))),
                TravelDocumentFormat(CharacterPattern(prefix: "HM", then: digit(10)), isLegacy: true),
            ]
        case .taiwanCompatriotPermit:
            // ^\d{8}$ since 25 Sep 2008; before that ^\d{10}\([A-Z]\)$ (issue count + authority code).
            let letters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            return [
                TravelDocumentFormat(CharacterPattern(digit(8))),
                TravelDocumentFormat(
                    CharacterPattern(digit(10) + [.oneOf(["("]), .oneOf(letters), .oneOf([")"])]),
                    isLegacy: true),
            ]
        }
    }
}

struct TravelDocumentFormat: Sendable {
    let pattern: CharacterPattern
    let isLegacy: Bool

    init(_ pattern: CharacterPattern, isLegacy: Bool = false) {
        self.pattern = pattern
        self.isLegacy = isLegacy
    }
}

public enum HomeReturnPermitRegion: String, Hashable, Sendable, Codable {
    case hongKong = "hong-kong"
    case macao

    public var name: LocalizedText {
        switch self {
        case .hongKong: LocalizedText(zh: "香港", en: "Hong Kong")
        case .macao: LocalizedText(zh: "澳门", en: "Macao")
        }
    }
}

/// A syntactically valid travel-document number with the attributes its shape reveals.
public struct TravelDocumentNumber: Hashable, Sendable, CustomStringConvertible {
    public let type: TravelDocumentType
    /// Upper-cased with spaces removed, e.g. "EA1234567".
    public let value: String
    /// An old format that is accepted for existing records (G passports, 11-character Home Return
    /// Permits, bracketed Taiwan compatriot permits).
    public let isLegacy: Bool
    /// The part that stays the same for life: the first 9 characters of a Home Return Permit,
    /// the first 8 digits of a Taiwan compatriot permit; nil for other types.
    public let lifetimeNumber: String?
    /// Legacy Home Return Permits: renewals so far (00 on first issue).
    /// Legacy Taiwan compatriot permits: the 2-digit issue count.
    public let renewalCount: Int?
    public let region: HomeReturnPermitRegion?
    /// Legacy Taiwan compatriot permits: the issuing-authority letter in brackets.
    public let issuingAuthorityCode: String?

    public var description: String { value }

    /// Attributes as strings, for API responses ("details").
    public var details: [String: String] {
        var details = ["type": type.rawValue, "legacy": isLegacy ? "true" : "false"]
        details["lifetimeNumber"] = lifetimeNumber
        details["renewalCount"] = renewalCount.map(String.init)
        details["region"] = region?.rawValue
        details["issuingAuthorityCode"] = issuingAuthorityCode
        return details
    }

    public static func parse(
        _ raw: String, type: TravelDocumentType
    ) throws(TravelDocumentNumberError)
        -> TravelDocumentNumber
    {
        let characters = DocumentInput.normalize(raw, removingInnerWhitespace: true)
        let format = try matchFormat(characters, type: type)
        let value = String(characters)
        switch type {
        case .ordinaryPassport, .hkMacaoPermit, .taiwanPermit:
            return TravelDocumentNumber(
                type: type, value: value, isLegacy: format.isLegacy, lifetimeNumber: nil, renewalCount: nil,
                region: nil, issuingAuthorityCode: nil)
        case .homeReturnPermit:
            return TravelDocumentNumber(
                type: type, value: value, isLegacy: format.isLegacy, lifetimeNumber: String(characters[0..<9]),
                renewalCount: format.isLegacy ? twoDigitNumber(characters[9], characters[10]) : nil,
                region: characters[0] == "H" ? .hongKong : .macao, issuingAuthorityCode: nil)
        case .taiwanCompatriotPermit:
            return TravelDocumentNumber(
                type: type, value: value, isLegacy: format.isLegacy, lifetimeNumber: String(characters[0..<8]),
                renewalCount: format.isLegacy ? twoDigitNumber(characters[8], characters[9]) : nil,
                region: nil, issuingAuthorityCode: format.isLegacy ? String(characters[11]) : nil)
        }
    }

    /// Finds the format the input matches or explains, as precisely as possible, why none does.
    private static func matchFormat(
        _ characters: [Character], type: TravelDocumentType
    )
        throws(TravelDocumentNumberError) -> TravelDocumentFormat
    {
        guard !characters.isEmpty else { throw .empty }
        let formats = type.formats
        let allowedPunctuation: Set<Character> = type == .taiwanCompatriotPermit ? ["(", ")"] : []
        if let bad = characters.firstIndex(where: { !$0.isASCIIAlphanumeric && !allowedPunctuation.contains($0) }) {
            throw .invalidCharacter(position: bad + 1)
        }
        let sameLength = formats.filter { $0.pattern.length == characters.count }
        guard !sameLength.isEmpty else { throw .wrongLength(type: type, length: characters.count) }
        if let match = sameLength.first(where: { $0.pattern.matches(characters) }) { return match }

        // Explain using the format that matched the longest prefix.
        let mismatches = sameLength.compactMap { format in
            format.pattern.firstMismatch(in: characters).map { (format, $0) }
        }
        guard let (format, index) = mismatches.max(by: { $0.1 < $1.1 }) else { throw .invalidFormat(type: type) }
        if index == 0 { throw .invalidPrefix(type: type) }
        let character = characters[index]
        if character.isConfusableIOrO { throw .letterIOrO(position: index + 1) }
        if case .digit = format.pattern.elements[index] { throw .expectedDigit(position: index + 1) }
        throw .invalidFormat(type: type)
    }

    private static func twoDigitNumber(_ tens: Character, _ units: Character) -> Int? {
        guard let high = tens.asciiDigitValue, let low = units.asciiDigitValue else { return nil }
        return high * 10 + low
    }
}

public enum TravelDocumentNumberError: DomainError, Hashable {
    case empty
    /// Not a letter or digit (1-based position after removing spaces).
    case invalidCharacter(position: Int)
    case wrongLength(type: TravelDocumentType, length: Int)
    /// The first character is not one this document type uses.
    case invalidPrefix(type: TravelDocumentType)
    /// I or O where the number has a digit or a series letter; they are never used.
    case letterIOrO(position: Int)
    case expectedDigit(position: Int)
    case invalidFormat(type: TravelDocumentType)

    public var code: String {
        switch self {
        case .empty: "document-number-empty"
        case .invalidCharacter: "document-number-character"
        case .wrongLength: "document-number-length"
        case .invalidPrefix: "document-number-prefix"
        case .letterIOrO: "document-number-letter-i-or-o"
        case .expectedDigit: "document-number-digit"
        case .invalidFormat: "document-number-format"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .empty:
            return LocalizedText(zh: "请填写证件号码", en: "Please enter the document number")
        case .invalidCharacter(let position):
            return LocalizedText(
                zh: "证件号码第\(position)位不是字母或数字，请删除或更正",
                en: "Character \(position) of the document number is not a letter or digit; please remove or correct it"
            )
        case .wrongLength(let type, let length):
            return LocalizedText(
                zh: "\(type.name.zh)号码应为\(type.lengthDescriptionZh)，您填写了\(length)位",
                en: "A \(type.name.en) number has \(type.lengthDescriptionEn); you entered \(length)")
        case .invalidPrefix(let type):
            return LocalizedText(
                zh: "\(type.name.zh)号码应以\(type.prefixDescriptionZh)开头，请核对第1位",
                en: "A \(type.name.en) number starts with \(type.prefixDescriptionEn); please check the first character"
            )
        case .letterIOrO(let position):
            return LocalizedText(
                zh: "证件号码第\(position)位不会是字母I或O，请确认是否为数字1或0",
                en: "Character \(position) cannot be the letter I or O; did you mean the digit 1 or 0?")
        case .expectedDigit(let position):
            return LocalizedText(
                zh: "证件号码第\(position)位应为数字，请核对",
                en: "Character \(position) of the document number should be a digit; please check it")
        case .invalidFormat(let type):
            return LocalizedText(
                zh: "这不是有效的\(type.name.zh)号码格式，请对照证件核对",
                en: "This is not a valid \(type.name.en) number; please compare it with your document")
        }
    }
}

extension TravelDocumentType {
    fileprivate var lengthDescriptionZh: String {
        switch self {
        case .ordinaryPassport, .hkMacaoPermit, .taiwanPermit: "9位"
        case .homeReturnPermit: "9位（旧证11位）"
        case .taiwanCompatriotPermit: "8位数字（旧证为10位数字加括号内字母）"
        }
    }

    fileprivate var lengthDescriptionEn: String {
        switch self {
        case .ordinaryPassport, .hkMacaoPermit, .taiwanPermit: "9 characters"
        case .homeReturnPermit: "9 characters (11 on old cards)"
        case .taiwanCompatriotPermit: "8 digits (old permits: 10 digits and a letter in brackets)"
        }
    }

    fileprivate var prefixDescriptionZh: String {
        switch self {
        case .ordinaryPassport: "E（旧护照为G）"
        case .hkMacaoPermit: "C"
        case .taiwanPermit: "L或T"
        case .homeReturnPermit: "H（香港）或M（澳门）"
        case .taiwanCompatriotPermit: "数字"
        }
    }

    fileprivate var prefixDescriptionEn: String {
        switch self {
        case .ordinaryPassport: "E (G on old passports)"
        case .hkMacaoPermit: "C"
        case .taiwanPermit: "L or T"
        case .homeReturnPermit: "H (Hong Kong) or M (Macao)"
        case .taiwanCompatriotPermit: "a digit"
        }
    }
}
