/// Where a person belongs, which decides the documents and services open to them.
public enum ResidencyKind: String, CaseIterable, Hashable, Sendable, Codable {
    case mainlandCitizen = "mainland-citizen"
    case foreigner
    case hongKong = "hong-kong"
    case macao
    case taiwan
}

/// Documents the administration has issued or recorded for a person.
public enum HeldDocumentKind: String, CaseIterable, Hashable, Sendable, Codable {
    case ordinaryPassport = "ordinary-passport"
    case hkMacaoPermit = "hk-macao-permit"
    case taiwanPermit = "taiwan-permit"
    case homeReturnPermit = "home-return-permit"
    case taiwanCompatriotPermit = "taiwan-compatriot-permit"
    case visa
    case residencePermit = "residence-permit"
    case stayPermit = "stay-permit"
    case prCard = "pr-card"
    case residentID = "resident-id"
}

public enum HeldDocumentStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case valid
    case expired
    case cancelled
    case reportedLost = "reported-lost"
    case reportedStolen = "reported-stolen"
}

public struct HeldDocument: Hashable, Sendable, Codable {
    public var kind: HeldDocumentKind
    public var number: String
    public var issueDate: CalendarDate
    public var expiryDate: CalendarDate
    public var status: HeldDocumentStatus

    public init(
        kind: HeldDocumentKind, number: String, issueDate: CalendarDate, expiryDate: CalendarDate,
        status: HeldDocumentStatus
    ) {
        self.kind = kind
        self.number = number
        self.issueDate = issueDate
        self.expiryDate = expiryDate
        self.status = status
    }

    /// Usable on `date`: recorded as valid, already issued and not past its expiry date (the expiry
    /// date itself is the last valid day). The status can lag behind the calendar, so both are checked.
    public func isValid(on date: CalendarDate) -> Bool {
        status == .valid && issueDate <= date && date <= expiryDate
    }
}

/// Household registration (户籍) of a mainland citizen.
public struct HouseholdRegistration: Hashable, Sendable, Codable {
    /// Prefecture-level city code, e.g. "320500" (Suzhou); matches `PilotCity.code`.
    public var cityCode: String
    /// 6-digit GB/T 2260 address code of the county or district.
    public var addressCode: String
    public var address: String

    public init(cityCode: String, addressCode: String, address: String) {
        self.cityCode = cityCode
        self.addressCode = addressCode
        self.address = address
    }
}

/// One person in the administration's registry, the source of truth for real-name checks and
/// eligibility.
public struct RegistryPerson: Hashable, Sendable, Codable, Identifiable {
    /// Age below which a person is a minor for document purposes (passports for under-16s are valid
    /// 5 years and applied for by a guardian; assisted service treats them as children).
    public static let documentAdulthoodAge = 16

    public var id: PersonID
    /// Name as registered (Chinese characters for citizens, the passport name for foreigners).
    public var name: String
    /// Latin-script name (pinyin or passport spelling), when recorded.
    public var nameLatin: String?
    public var identity: IdentityDocument
    public var sex: Sex
    public var birthDate: CalendarDate
    /// ISO 3166-1 alpha-3; "CHN" for citizens.
    public var nationality: String
    public var residency: ResidencyKind
    public var household: HouseholdRegistration?
    public var isStateFunctionary: Bool
    public var isActiveMilitary: Bool
    public var biometricsOnFile: Bool
    public var referencePhotoOnFile: Bool
    public var documents: [HeldDocument]
    /// Mobile number on record (11 digits), if any.
    public var mobile: String?

    public init(
        id: PersonID, name: String, nameLatin: String? = nil, identity: IdentityDocument, sex: Sex,
        birthDate: CalendarDate, nationality: String, residency: ResidencyKind,
        household: HouseholdRegistration? = nil, isStateFunctionary: Bool = false, isActiveMilitary: Bool = false,
        biometricsOnFile: Bool = false, referencePhotoOnFile: Bool = false, documents: [HeldDocument] = [],
        mobile: String? = nil
    ) {
        self.id = id
        self.name = name
        self.nameLatin = nameLatin
        self.identity = identity
        self.sex = sex
        self.birthDate = birthDate
        self.nationality = nationality
        self.residency = residency
        self.household = household
        self.isStateFunctionary = isStateFunctionary
        self.isActiveMilitary = isActiveMilitary
        self.biometricsOnFile = biometricsOnFile
        self.referencePhotoOnFile = referencePhotoOnFile
        self.documents = documents
        self.mobile = mobile
    }

    /// Completed years on `date`; someone born on 29 February turns a year older on 1 March in
    /// common years. 0 before the birth date.
    public func age(on date: CalendarDate) -> Int {
        let years = date.year - birthDate.year
        let hadBirthday = (date.month, date.day) >= (birthDate.month, birthDate.day)
        return max(0, hadBirthday ? years : years - 1)
    }

    /// Under 16 on `date`.
    public func isMinor(on date: CalendarDate) -> Bool {
        age(on: date) < Self.documentAdulthoodAge
    }

    /// The person's documents of one kind, most recently issued first.
    public func heldDocuments(of kind: HeldDocumentKind) -> [HeldDocument] {
        documents.filter { $0.kind == kind }.sorted { $0.issueDate > $1.issueDate }
    }
}
