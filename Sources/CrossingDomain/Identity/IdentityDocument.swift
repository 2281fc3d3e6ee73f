/// The document a person registers an account with (and the registry keys people by).
public enum IdentityDocumentKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// Mainland citizens: the resident identity card number.
    case residentID = "resident-id"
    /// Foreigners: their national passport (issuing country required).
    case passport
    /// Hong Kong and Macao residents.
    case homeReturnPermit = "home-return-permit"
    /// Taiwan residents.
    case taiwanCompatriotPermit = "taiwan-compatriot-permit"
    /// Foreigners with permanent residence.
    case prCard = "pr-card"

    public var name: LocalizedText {
        switch self {
        case .residentID: LocalizedText(zh: "居民身份证", en: "Resident identity card")
        case .passport: LocalizedText(zh: "护照", en: "Passport")
        case .homeReturnPermit: TravelDocumentType.homeReturnPermit.name
        case .taiwanCompatriotPermit: TravelDocumentType.taiwanCompatriotPermit.name
        case .prCard: LocalizedText(zh: "外国人永久居留身份证", en: "Foreign permanent resident ID card")
        }
    }
}

/// An identity document in canonical form: `number` is what the registry stores and what the blind
/// index is computed over, so two spellings of the same number always find the same person.
public struct IdentityDocument: Hashable, Sendable, Codable {
    public let kind: IdentityDocumentKind
    public let number: String
    /// ISO 3166-1 alpha-3 code of the issuing state; set for passports only.
    public let issuingCountry: String?

    /// Trusted construction (registry import, database rows). Input from people goes through `parse`.
    public init(kind: IdentityDocumentKind, number: String, issuingCountry: String? = nil) {
        self.kind = kind
        self.number = number
        self.issuingCountry = issuingCountry
    }

    /// Checks and canonicalises a number with the existing parsers. Every thrown error is a
    /// `DomainError`: `ResidentIDError`, `TravelDocumentNumberError`, `PermanentResidentCardError` or
    /// `IdentityDocumentError`.
    ///
    /// - Resident ID: 18 characters (legacy 15-digit numbers are upgraded).
    /// - Home Return / Taiwan compatriot permits: the lifetime number, so a legacy card
    ///   ("H1234567802", "0561682001(D)") matches the person's current number ("H12345678", "05616820").
    /// - Passport: `issuingCountry` is required. Chinese passports ("CHN") follow the PRC format;
    ///   foreign ones are 5-20 letters and digits after removing spaces, hyphens and full-width forms,
    ///   since each state has its own format.
    /// - PR card: 2023 (18-character) or 2017 (15-character) form, as printed.
    public static func parse(
        kind: IdentityDocumentKind, number: String, issuingCountry: String? = nil, today: CalendarDate
    ) throws -> IdentityDocument {
        switch kind {
        case .residentID:
            return IdentityDocument(kind: kind, number: try ResidentIDNumber.parse(number, today: today).value)
        case .homeReturnPermit, .taiwanCompatriotPermit:
            let type: TravelDocumentType = kind == .homeReturnPermit ? .homeReturnPermit : .taiwanCompatriotPermit
            let parsed = try TravelDocumentNumber.parse(number, type: type)
            return IdentityDocument(kind: kind, number: parsed.lifetimeNumber ?? parsed.value)
        case .prCard:
            return IdentityDocument(kind: kind, number: try PermanentResidentCardNumber.parse(number).value)
        case .passport:
            let country = try countryCode(issuingCountry)
            if country == "CHN" {
                let parsed = try TravelDocumentNumber.parse(number, type: .ordinaryPassport)
                return IdentityDocument(kind: kind, number: parsed.value, issuingCountry: country)
            }
            return IdentityDocument(kind: kind, number: try foreignPassportNumber(number), issuingCountry: country)
        }
    }

    static let foreignPassportLengths = 5...20

    static func foreignPassportNumber(_ raw: String) throws(IdentityDocumentError) -> String {
        let characters = DocumentInput.normalize(raw, removingInnerWhitespace: true).filter { $0 != "-" }
        guard !characters.isEmpty else { throw .passportNumberEmpty }
        if let position = characters.firstIndex(where: { !($0.isASCIIDigit || $0.isASCIIUppercaseLetter) }) {
            throw .passportNumberCharacter(position: position + 1)
        }
        guard foreignPassportLengths.contains(characters.count) else {
            throw .passportNumberLength(characters.count)
        }
        return String(characters)
    }

    /// Shape check only (three letters A-Z): the list of states changes, and an unknown but
    /// well-formed code is caught when the registry has no such person anyway.
    static func countryCode(_ raw: String?) throws(IdentityDocumentError) -> String {
        guard let raw, !raw.trimmingWhitespace().isEmpty else { throw .issuingCountryMissing }
        let characters = DocumentInput.normalize(raw, removingInnerWhitespace: false)
        guard characters.count == 3, characters.allSatisfy(\.isASCIIUppercaseLetter) else {
            throw .issuingCountryInvalid
        }
        return String(characters)
    }
}

public enum IdentityDocumentError: DomainError, Hashable {
    case passportNumberEmpty
    case passportNumberCharacter(position: Int)
    case passportNumberLength(Int)
    case issuingCountryMissing
    case issuingCountryInvalid

    public var code: String {
        switch self {
        case .passportNumberEmpty: "passport-number-empty"
        case .passportNumberCharacter: "passport-number-character"
        case .passportNumberLength: "passport-number-length"
        case .issuingCountryMissing: "issuing-country-missing"
        case .issuingCountryInvalid: "issuing-country-invalid"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .passportNumberEmpty:
            LocalizedText(zh: "请填写护照号码", en: "Please enter the passport number")
        case .passportNumberCharacter(let position):
            LocalizedText(
                zh: "护照号码第\(position)位不正确：只能包含英文字母和数字",
                en: "Character \(position) of the passport number is not allowed: use letters and digits only")
        case .passportNumberLength(let length):
            LocalizedText(
                zh: "护照号码应为5至20位字母或数字，您填写了\(length)位，请对照护照资料页核对",
                en:
                    "A passport number has 5 to 20 letters and digits; you entered \(length). Please compare it with the data page of your passport"
            )
        case .issuingCountryMissing:
            LocalizedText(zh: "请选择护照签发国家", en: "Please choose the country that issued the passport")
        case .issuingCountryInvalid:
            LocalizedText(
                zh: "护照签发国家代码应为3个英文字母（如 USA、GBR），请重新选择",
                en: "The issuing country code has 3 letters (for example USA or GBR); please choose it again")
        }
    }
}
