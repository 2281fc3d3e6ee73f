/// What the applicant asks for, and the facts the registry does not hold.
public struct RenewalRequest: Hashable, Sendable, Codable {
    public var document: RenewalDocument
    public var reason: RenewalReason
    /// The day of the application in China (Asia/Shanghai).
    public var applicationDate: CalendarDate
    /// The applicant declares (or the app determines) that they are in mainland China when submitting.
    public var isInMainland: Bool

    public init(document: RenewalDocument, reason: RenewalReason, applicationDate: CalendarDate, isInMainland: Bool) {
        self.document = document
        self.reason = reason
        self.applicationDate = applicationDate
        self.isInMainland = isInMainland
    }
}

/// The answer: eligible, or every rule that failed with where to go instead.
public struct RenewalEligibility: Hashable, Sendable {
    public let request: RenewalRequest
    /// Empty when eligible; otherwise in the order the rules are listed in `RenewalEligibilityRules`.
    public let failures: [RenewalIneligibility]
    /// The pilot city of the household registration, when there is one (live or not).
    public let pilotCity: PilotCity?
    /// The most recently issued document of the requested type, which the new one replaces.
    public let currentDocument: HeldDocument?

    public var isEligible: Bool { failures.isEmpty }

    /// The distinct alternatives of all failures, in order (one link each on the page).
    public var alternatives: [RenewalAlternative] {
        var seen: Set<RenewalAlternative> = []
        return failures.map(\.alternative).filter { seen.insert($0).inserted }
    }
}

/// The eligibility rules of online renewal and reissue (domain-facts §6). Every rule is checked and
/// every failure reported, so a person sees all the reasons at once:
///
/// 1. a mainland citizen;
/// 2. 16 or older on the application date (on the 16th birthday itself: yes);
/// 3. household registration in a pilot city whose own go-live date has passed (the go-live day
///    itself counts);
/// 4. not a registered state functionary; 5. not active-duty military;
/// 6. has held the same document type before (first-timers go to a counter);
/// 7. that document is not expired or cancelled (a lost or stolen one may already be reported);
/// 8. biometrics (fingerprints) on file; 9. in mainland China when applying;
/// 10. the reason fits the document ("no visa pages left" is for passports only);
/// 11. for "validity under 6 months": the document expires before the application date plus 6
///     calendar months (expiring exactly 6 months later is not "under 6 months").
public struct RenewalEligibilityRules: Hashable, Sendable {
    public let pilotCities: PilotCityRegistry
    public var minimumAge: Int
    public var validityThresholdMonths: Int

    public init(
        pilotCities: PilotCityRegistry, minimumAge: Int = RegistryPerson.documentAdulthoodAge,
        validityThresholdMonths: Int = 6
    ) {
        self.pilotCities = pilotCities
        self.minimumAge = minimumAge
        self.validityThresholdMonths = validityThresholdMonths
    }

    public func evaluate(_ person: RegistryPerson, request: RenewalRequest) -> RenewalEligibility {
        let date = request.applicationDate
        var failures: [RenewalIneligibility] = []
        let cityCode = person.household?.cityCode
        var pilotCity: PilotCity?

        if person.residency != .mainlandCitizen { failures.append(.notMainlandCitizen) }
        let age = person.age(on: date)
        if age < minimumAge {
            failures.append(.underMinimumAge(age: age, minimumAge: minimumAge, cityCode: cityCode))
        }
        if let household = person.household {
            var answer = pilotCities.eligibility(cityCode: household.cityCode, on: date)
            if answer.city == nil { answer = pilotCities.eligibility(addressCode: household.addressCode, on: date) }
            pilotCity = answer.city
            switch answer {
            case .eligible: break
            case .notYetLive(let city): failures.append(.pilotCityNotYetLive(city: city))
            case .notAPilotCity(let complete):
                failures.append(.notAPilotCity(cityCode: household.cityCode, listIsComplete: complete))
            }
        } else {
            failures.append(.noHouseholdRegistration)
        }
        if person.isStateFunctionary { failures.append(.stateFunctionary(cityCode: cityCode)) }
        if person.isActiveMilitary { failures.append(.activeMilitary) }

        let current = person.heldDocuments(of: request.document.heldKind).first
        if let current {
            if let failure = Self.previousDocumentFailure(current, request: request, cityCode: cityCode) {
                failures.append(failure)
            }
        } else {
            failures.append(.firstApplication(document: request.document, cityCode: cityCode))
        }
        if !person.biometricsOnFile { failures.append(.biometricsMissing(cityCode: cityCode)) }
        if !request.isInMainland { failures.append(.outsideMainland(document: request.document)) }
        if !request.reason.applies(to: request.document) {
            failures.append(.reasonDoesNotFitDocument(reason: request.reason, document: request.document))
        } else if request.reason == .validityUnderSixMonths, let current,
            !isUnderThreshold(expiry: current.expiryDate, on: date)
        {
            failures.append(.validityNotUnderSixMonths(expiry: current.expiryDate, applyFrom: firstDayToApply(current)))
        }
        return RenewalEligibility(request: request, failures: failures, pilotCity: pilotCity, currentDocument: current)
    }

    /// Assisted service: a helper applies for a dependent. Allowed only under an active delegation from
    /// that dependent and only where the dependent is eligible themselves; under-16s are not eligible
    /// for online renewal at all (their guardian goes to a counter with them). `request.isInMainland` is
    /// about the dependent.
    public func evaluateAssisted(
        helper: PersonID, dependent: RegistryPerson, delegations: [Delegation], request: RenewalRequest
    ) -> RenewalEligibility {
        let own = evaluate(dependent, request: request)
        let delegated = delegations.contains { $0.isActive && $0.helper == helper && $0.dependent == dependent.id }
        guard !delegated else { return own }
        return RenewalEligibility(
            request: request, failures: [.noActiveDelegation] + own.failures, pilotCity: own.pilotCity,
            currentDocument: own.currentDocument)
    }

    /// Whether a document expiring on `expiry` has less than the threshold left on `date`.
    public func isUnderThreshold(expiry: CalendarDate, on date: CalendarDate) -> Bool {
        expiry < RenewalCalendar.date(date, plusMonths: validityThresholdMonths)
    }

    /// The first application date on which the document has less than the threshold left.
    public func firstDayToApply(_ document: HeldDocument) -> CalendarDate {
        var day = RenewalCalendar.date(document.expiryDate, plusMonths: -validityThresholdMonths)
        while !isUnderThreshold(expiry: document.expiryDate, on: day) { day = day.adding(days: 1) }
        while isUnderThreshold(expiry: document.expiryDate, on: day.adding(days: -1)) { day = day.adding(days: -1) }
        return day
    }

    private static func previousDocumentFailure(
        _ document: HeldDocument, request: RenewalRequest, cityCode: String?
    ) -> RenewalIneligibility? {
        let date = request.applicationDate
        let notExpired = date <= document.expiryDate
        let usable: Bool
        switch document.status {
        case .valid: usable = notExpired
        case .reportedLost, .reportedStolen: usable = notExpired && request.reason == .lostOrStolen
        case .expired, .cancelled: usable = false
        }
        guard !usable else { return nil }
        // Past its expiry date a document is expired whatever the (possibly lagging) status says.
        let status: HeldDocumentStatus = notExpired || document.status == .cancelled ? document.status : .expired
        return .previousDocumentNotValid(
            number: document.number, status: status, expiry: document.expiryDate, cityCode: cityCode)
    }
}
