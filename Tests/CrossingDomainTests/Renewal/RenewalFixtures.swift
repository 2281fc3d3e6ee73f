import CrossingDomain
import Foundation

/// People and requests for the renewal tests. The default person is eligible to renew a passport
/// online on 2026-03-02: a 30-year-old Beijing citizen whose passport expires on 2026-06-30.
enum RenewalFixtures {
    static let applicationDate = Fixtures.date("2026-03-02")

    static let passport = HeldDocument(
        kind: .ordinaryPassport, number: "E12345678", issueDate: Fixtures.date("2016-07-01"),
        expiryDate: Fixtures.date("2026-06-30"), status: .valid)

    static let hkMacaoPermit = HeldDocument(
        kind: .hkMacaoPermit, number: "C12345678", issueDate: Fixtures.date("2017-03-01"),
        expiryDate: Fixtures.date("2027-02-28"), status: .valid)

    static func person(
        id: String = "p-1", birthDate: String = "1996-01-15", residency: ResidencyKind = .mainlandCitizen,
        household: HouseholdRegistration? = HouseholdRegistration(
            cityCode: "110100", addressCode: "110101", address: "北京市东城区"),
        stateFunctionary: Bool = false, military: Bool = false, biometrics: Bool = true,
        documents: [HeldDocument] = [passport, hkMacaoPermit]
    ) -> RegistryPerson {
        RegistryPerson(
            id: PersonID(id), name: "张三", identity: IdentityDocument(kind: .residentID, number: "11010519960115001X"),
            sex: .male, birthDate: Fixtures.date(birthDate), nationality: "CHN", residency: residency,
            household: household, isStateFunctionary: stateFunctionary, isActiveMilitary: military,
            biometricsOnFile: biometrics, referencePhotoOnFile: true, documents: documents)
    }

    static func household(_ cityCode: String, _ addressCode: String) -> HouseholdRegistration {
        HouseholdRegistration(cityCode: cityCode, addressCode: addressCode, address: "test address")
    }

    static func request(
        _ document: RenewalDocument = .ordinaryPassport, _ reason: RenewalReason = .validityUnderSixMonths,
        on date: String = "2026-03-02", inMainland: Bool = true
    ) -> RenewalRequest {
        RenewalRequest(
            document: document, reason: reason, applicationDate: Fixtures.date(date), isInMainland: inMainland)
    }

    static let rules = RenewalEligibilityRules(pilotCities: Fixtures.pilotRegistry)
}
