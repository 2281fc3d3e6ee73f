import CrossingDomain

/// Canonical forms of registry numbers and the inputs of their blind index. Everything that seals,
/// indexes or looks up a number goes through here, so a number is always indexed the same way.
enum RegistryNumbers {
    /// Lengths accepted for documents without a published number format (visas, residence and stay
    /// permits): letters and digits only.
    static let genericLengths = 5...20

    /// The blind-index input of an identity document: kind, issuing country (passports) and the
    /// canonical number, e.g. "resident-id|110105...", "passport|USA|...". The kind keeps equal
    /// numbers of different kinds apart; the country keeps two states' passports apart.
    static func indexInput(_ identity: IdentityDocument) -> String {
        if let country = identity.issuingCountry {
            return "\(identity.kind.rawValue)|\(country)|\(identity.number)"
        }
        return "\(identity.kind.rawValue)|\(identity.number)"
    }

    /// The blind-index input of a held document, e.g. "ordinary-passport|E12345678".
    static func indexInput(kind: HeldDocumentKind, number: String) -> String {
        "\(kind.rawValue)|\(number)"
    }

    /// Checks a held document's number with the domain parser for its kind and returns the canonical
    /// form (Home Return and Taiwan compatriot permits keep the full number as printed, since a person
    /// can hold an old and a new card). Thrown errors are `DomainError`s whose messages never repeat
    /// the number.
    static func heldDocumentNumber(_ raw: String, kind: HeldDocumentKind, today: CalendarDate) throws -> String {
        switch kind {
        case .ordinaryPassport: return try TravelDocumentNumber.parse(raw, type: .ordinaryPassport).value
        case .hkMacaoPermit: return try TravelDocumentNumber.parse(raw, type: .hkMacaoPermit).value
        case .taiwanPermit: return try TravelDocumentNumber.parse(raw, type: .taiwanPermit).value
        case .homeReturnPermit: return try TravelDocumentNumber.parse(raw, type: .homeReturnPermit).value
        case .taiwanCompatriotPermit:
            return try TravelDocumentNumber.parse(raw, type: .taiwanCompatriotPermit).value
        case .prCard: return try PermanentResidentCardNumber.parse(raw).value
        case .residentID: return try ResidentIDNumber.parse(raw, today: today).value
        case .visa, .residencePermit, .stayPermit: return try genericNumber(raw)
        }
    }

    /// The form used to look a held document up: canonical when the number parses, otherwise the
    /// plainly normalized input (which then simply finds nobody).
    static func lookupForm(_ raw: String, kind: HeldDocumentKind) -> String {
        let latest = CalendarDate(daysSince1970: 2_932_896)  // 9999-12-31: no birth date is "in the future"
        return (try? heldDocumentNumber(raw, kind: kind, today: latest)) ?? String(normalized(raw))
    }

    /// 5-20 letters and digits after removing spaces and hyphens and folding full-width forms.
    static func genericNumber(_ raw: String) throws(RegistryNumberError) -> String {
        let characters = normalized(raw)
        guard !characters.isEmpty else { throw .empty }
        if let position = characters.firstIndex(where: { !isLetterOrDigit($0) }) {
            throw .invalidCharacter(position: position + 1)
        }
        guard genericLengths.contains(characters.count) else { throw .wrongLength(characters.count) }
        return String(characters)
    }

    /// Upper-cased ASCII with full-width forms folded and spaces and hyphens removed.
    static func normalized(_ raw: String) -> [Character] {
        var characters: [Character] = []
        for character in raw {
            var folded = character
            if character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
                (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0)
            {
                folded = Character(ascii)
            }
            if folded.isWhitespace || folded == "-" || folded == "\u{3000}" { continue }
            characters.append(folded.isASCII ? Character(folded.uppercased()) : folded)
        }
        return characters
    }

    private static func isLetterOrDigit(_ character: Character) -> Bool {
        guard let value = character.asciiValue else { return false }
        return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value)
    }
}

/// A document number without a published format that is not 5-20 letters and digits.
enum RegistryNumberError: DomainError, Hashable {
    case empty
    case invalidCharacter(position: Int)
    case wrongLength(Int)

    var code: String {
        switch self {
        case .empty: "document-number-empty"
        case .invalidCharacter: "document-number-character"
        case .wrongLength: "document-number-length"
        }
    }

    var message: LocalizedText {
        switch self {
        case .empty: LocalizedText(zh: "请填写证件号码", en: "Please enter the document number")
        case .invalidCharacter(let position):
            LocalizedText(
                zh: "证件号码第\(position)位不是字母或数字",
                en: "Character \(position) of the document number is not a letter or digit")
        case .wrongLength(let length):
            LocalizedText(
                zh: "证件号码应为5至20位字母或数字，实际为\(length)位",
                en: "The document number should have 5 to 20 letters and digits; it has \(length)")
        }
    }
}
