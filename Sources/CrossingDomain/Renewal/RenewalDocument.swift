/// The documents that can be renewed or reissued fully online (全程网办, domain-facts §6).
public enum RenewalDocument: String, CaseIterable, Hashable, Sendable, Codable {
    case ordinaryPassport = "ordinary-passport"
    case hkMacaoPermit = "hk-macao-permit"
    case taiwanPermit = "taiwan-permit"

    public var name: LocalizedText { travelDocumentType.name }

    /// The registry's kind for documents of this type (`RegistryPerson.documents`).
    public var heldKind: HeldDocumentKind {
        switch self {
        case .ordinaryPassport: .ordinaryPassport
        case .hkMacaoPermit: .hkMacaoPermit
        case .taiwanPermit: .taiwanPermit
        }
    }

    /// The number format (`TravelDocumentNumber.parse`).
    public var travelDocumentType: TravelDocumentType {
        switch self {
        case .ordinaryPassport: .ordinaryPassport
        case .hkMacaoPermit: .hkMacaoPermit
        case .taiwanPermit: .taiwanPermit
        }
    }

    /// The fee item in Resources/ReferenceData/fees.json charged for a new document.
    public var feeItemCode: String {
        switch self {
        case .ordinaryPassport: "passport.ordinary"
        case .hkMacaoPermit: "hkmo-permit.card"
        case .taiwanPermit: "taiwan-permit.card"
        }
    }

    /// Reasons that can be given for this document, in the order shown to people.
    public var reasons: [RenewalReason] {
        RenewalReason.allCases.filter { $0.applies(to: self) }
    }

    /// Validity of a new document for someone 16 or older: 10 years (domain-facts §1.1-1.3).
    /// Online renewal is for people 16 or older only, so the 5-year validity never applies here.
    public static let adultValidityYears = 10
}

/// Why the person needs a new document (domain-facts §6, condition 4).
public enum RenewalReason: String, CaseIterable, Hashable, Sendable, Codable {
    /// The held document expires in under 6 months (换发: 有效期不足6个月).
    case validityUnderSixMonths = "validity-under-6-months"
    case damaged
    case lostOrStolen = "lost-or-stolen"
    /// Passports only: no pages left for visas.
    case noVisaPagesLeft = "no-visa-pages-left"

    public var name: LocalizedText {
        switch self {
        case .validityUnderSixMonths: LocalizedText(zh: "有效期不足6个月", en: "Expires in less than 6 months")
        case .damaged: LocalizedText(zh: "证件损毁", en: "Damaged")
        case .lostOrStolen: LocalizedText(zh: "证件遗失或被盗", en: "Lost or stolen")
        case .noVisaPagesLeft: LocalizedText(zh: "签证页即将使用完毕", en: "No visa pages left")
        }
    }

    public func applies(to document: RenewalDocument) -> Bool {
        switch self {
        case .validityUnderSixMonths, .damaged, .lostOrStolen: true
        case .noVisaPagesLeft: document == .ordinaryPassport
        }
    }

    /// Reissue (补发) replaces a document the person no longer has; the others are renewals (换发).
    public var isReissue: Bool { self == .lostOrStolen }
}

/// Month arithmetic for the "validity under 6 months" rule and document validity.
public enum RenewalCalendar {
    /// `date` plus `months` calendar months; a day that does not exist in the target month becomes the
    /// month's last day (2025-08-31 + 6 months = 2026-02-28).
    public static func date(_ date: CalendarDate, plusMonths months: Int) -> CalendarDate {
        let index = date.year * 12 + (date.month - 1) + months
        let year = index / 12
        let month = index % 12 + 1
        let day = min(date.day, CalendarDate.numberOfDays(inMonth: month, year: year))
        return CalendarDate(year: year, month: month, day: day) ?? date
    }
}
