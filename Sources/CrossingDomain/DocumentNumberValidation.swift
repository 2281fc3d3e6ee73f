/// The kinds of number the validation API accepts, with their API names.
public enum DocumentNumberKind: String, CaseIterable, Hashable, Sendable, Codable {
    case residentID = "resident-id"
    case prCard = "pr-card"
    case ordinaryPassport = "ordinary-passport"
    case hkMacaoPermit = "hk-macao-permit"
    case taiwanPermit = "taiwan-permit"
    case homeReturnPermit = "home-return-permit"
    case taiwanCompatriotPermit = "taiwan-compatriot-permit"
    /// Both lines of a passport MRZ, separated by a line break.
    case mrzTD3 = "mrz-td3"
    case s10Tracking = "s10-tracking"
}

/// A number that passed validation, in canonical form, with what it reveals as strings.
public struct ValidatedDocumentNumber: Hashable, Sendable {
    public let kind: DocumentNumberKind
    public let normalized: String
    public let details: [String: String]

    public init(kind: DocumentNumberKind, normalized: String, details: [String: String]) {
        self.kind = kind
        self.normalized = normalized
        self.details = details
    }
}

/// The outcome a handler switches on: valid, or the domain error's code and message.
public enum DocumentNumberValidation: Hashable, Sendable {
    case valid(ValidatedDocumentNumber)
    case invalid(code: String, message: LocalizedText)
}

/// One entry point over all document-number parsers (for POST /api/v1/document-numbers/validate).
public enum DocumentNumberValidator {
    public static func validate(
        _ value: String, as kind: DocumentNumberKind, today: CalendarDate
    )
        -> DocumentNumberValidation
    {
        do {
            return .valid(try parse(value, as: kind, today: today))
        } catch let error as any DomainError {
            return .invalid(code: error.code, message: error.message)
        } catch {
            // Every parser throws a DomainError; this keeps the function total if one ever does not.
            return .invalid(
                code: "invalid-value",
                message: LocalizedText(zh: "号码无效，请核对", en: "The number is not valid; please check it"))
        }
    }

    private static func parse(
        _ value: String, as kind: DocumentNumberKind, today: CalendarDate
    ) throws
        -> ValidatedDocumentNumber
    {
        switch kind {
        case .residentID:
            let id = try ResidentIDNumber.parse(value, today: today)
            return ValidatedDocumentNumber(
                kind: kind, normalized: id.value,
                details: [
                    "addressCode": id.addressCode, "birthDate": id.birthDate.iso, "sex": id.sex.rawValue,
                    "sequence": id.sequence, "upgradedFromLegacy": String(id.wasUpgradedFromLegacy),
                ])
        case .prCard:
            let card = try PermanentResidentCardNumber.parse(value)
            var details = ["version": card.version.rawValue, "nationalityCode": card.nationalityCode]
            details["applicationProvinceCode"] = card.applicationProvinceCode
            details["birthDate"] = card.birthDate?.iso
            details["sex"] = card.sex?.rawValue
            return ValidatedDocumentNumber(kind: kind, normalized: card.value, details: details)
        case .ordinaryPassport: return try travelDocument(value, .ordinaryPassport, kind)
        case .hkMacaoPermit: return try travelDocument(value, .hkMacaoPermit, kind)
        case .taiwanPermit: return try travelDocument(value, .taiwanPermit, kind)
        case .homeReturnPermit: return try travelDocument(value, .homeReturnPermit, kind)
        case .taiwanCompatriotPermit: return try travelDocument(value, .taiwanCompatriotPermit, kind)
        case .mrzTD3:
            let mrz = try TD3MRZ.parse(value)
            return ValidatedDocumentNumber(
                kind: kind, normalized: try mrz.lines.joined(separator: "\n"),
                details: [
                    "documentCode": mrz.documentCode, "issuingState": mrz.issuingState,
                    "primaryIdentifier": mrz.primaryIdentifier, "secondaryIdentifier": mrz.secondaryIdentifier,
                    "documentNumber": mrz.documentNumber, "nationality": mrz.nationality,
                    "birthDate": mrz.birthDate, "sex": mrz.sex.rawValue, "expiryDate": mrz.expiryDate,
                    "optionalData": mrz.optionalData,
                ])
        case .s10Tracking:
            let number = try S10TrackingNumber.parse(value)
            return ValidatedDocumentNumber(
                kind: kind, normalized: number.value,
                details: [
                    "serviceIndicator": number.serviceIndicator, "serial": number.serial,
                    "checkDigit": String(number.checkDigit), "countryCode": number.countryCode,
                ])
        }
    }

    private static func travelDocument(
        _ value: String, _ type: TravelDocumentType, _ kind: DocumentNumberKind
    ) throws(TravelDocumentNumberError) -> ValidatedDocumentNumber {
        let number = try TravelDocumentNumber.parse(value, type: type)
        return ValidatedDocumentNumber(kind: kind, normalized: number.value, details: number.details)
    }
}
