import CrossingDomain
import Foundation
import Testing

struct RenewalEligibilityTests {
    let rules = RenewalFixtures.rules

    @Test func anEligibleCitizenHasNoFailures() {
        let result = rules.evaluate(RenewalFixtures.person(), request: RenewalFixtures.request())
        #expect(result.isEligible)
        #expect(result.failures.isEmpty)
        #expect(result.alternatives.isEmpty)
        #expect(result.pilotCity?.code == "110100")
        #expect(result.currentDocument == RenewalFixtures.passport)
    }

    /// One broken rule at a time: the code of the single failure and the alternative offered.
    @Test(arguments: [
        (
            "foreigner", RenewalFixtures.person(residency: .foreigner), RenewalFixtures.request(),
            "renewal-not-mainland-citizen", "counter-appointment"
        ),
        (
            "15 years old", RenewalFixtures.person(birthDate: "2010-03-03"), RenewalFixtures.request(),
            "renewal-under-16", "guardian-at-counter"
        ),
        (
            "no household", RenewalFixtures.person(household: nil), RenewalFixtures.request(),
            "renewal-no-household-registration", "counter-appointment"
        ),
        (
            "not a pilot city", RenewalFixtures.person(household: RenewalFixtures.household("130100", "130102")),
            RenewalFixtures.request(), "renewal-not-a-pilot-city", "counter-appointment"
        ),
        (
            "Wuhan before its go-live",
            RenewalFixtures.person(household: RenewalFixtures.household("420100", "420102")),
            RenewalFixtures.request(.ordinaryPassport, .damaged, on: "2025-11-25"), "renewal-pilot-city-not-yet-live",
            "wait-for-go-live"
        ),
        (
            "state functionary", RenewalFixtures.person(stateFunctionary: true), RenewalFixtures.request(),
            "renewal-state-functionary", "employer-approval"
        ),
        (
            "active military", RenewalFixtures.person(military: true), RenewalFixtures.request(),
            "renewal-active-military", "military-channel"
        ),
        (
            "first passport", RenewalFixtures.person(documents: [RenewalFixtures.hkMacaoPermit]),
            RenewalFixtures.request(),
            "renewal-first-application", "counter-appointment"
        ),
        (
            "no fingerprints", RenewalFixtures.person(biometrics: false), RenewalFixtures.request(),
            "renewal-biometrics-missing", "counter-appointment"
        ),
        (
            "abroad, passport", RenewalFixtures.person(), RenewalFixtures.request(inMainland: false),
            "renewal-outside-mainland", "embassy-or-consulate"
        ),
        (
            "abroad, permit", RenewalFixtures.person(),
            RenewalFixtures.request(.hkMacaoPermit, .damaged, inMainland: false), "renewal-outside-mainland",
            "return-to-mainland"
        ),
        (
            "visa pages, permit", RenewalFixtures.person(), RenewalFixtures.request(.hkMacaoPermit, .noVisaPagesLeft),
            "renewal-reason-does-not-fit", "choose-another-reason"
        ),
        (
            "passport has 6 months left", RenewalFixtures.person(), RenewalFixtures.request(on: "2025-12-30"),
            "renewal-validity-not-under-6-months", "apply-from"
        ),
    ])
    func eachRuleFailsAlone(
        _ label: String, person: RegistryPerson, request: RenewalRequest, code: String, alternative: String
    ) {
        let result = rules.evaluate(person, request: request)
        #expect(result.failures.map(\.code) == [code], "\(label)")
        #expect(result.failures.first?.alternative.code == alternative, "\(label)")
        #expect(!result.isEligible)
    }

    @Test func everyFailureIsListedAtOnce() {
        let person = RenewalFixtures.person(
            birthDate: "2012-05-01", household: nil, stateFunctionary: true, military: true, biometrics: false,
            documents: [])
        let result = rules.evaluate(
            person, request: RenewalFixtures.request(.taiwanPermit, .noVisaPagesLeft, inMainland: false))
        #expect(
            result.failures.map(\.code) == [
                "renewal-under-16", "renewal-no-household-registration", "renewal-state-functionary",
                "renewal-active-military", "renewal-first-application", "renewal-biometrics-missing",
                "renewal-outside-mainland", "renewal-reason-does-not-fit",
            ])
        for failure in result.failures {
            #expect(!failure.message.zh.isEmpty && !failure.message.en.isEmpty)
            #expect(!failure.alternative.label.zh.isEmpty && !failure.alternative.label.en.isEmpty)
        }
        // Distinct alternatives, in order, for the links on the page.
        #expect(result.alternatives.count == Set(result.alternatives).count)
        #expect(result.alternatives.first == .guardianAtCounter(cityCode: nil))
    }

    @Test(arguments: [("2026-03-01", false), ("2026-03-02", true)])
    func sixteenthBirthdayItselfIsOldEnough(date: String, eligible: Bool) {
        let person = RenewalFixtures.person(birthDate: "2010-03-02")
        let result = rules.evaluate(person, request: RenewalFixtures.request(.ordinaryPassport, .damaged, on: date))
        #expect(result.isEligible == eligible)
        if !eligible {
            #expect(result.failures == [.underMinimumAge(age: 15, minimumAge: 16, cityCode: "110100")])
            #expect(result.failures[0].message.en.contains("is 15"))
        }
    }

    /// Suzhou went live on 2025-11-20 (batch 2); the go-live day itself is open.
    @Test(arguments: [("2025-11-19", false), ("2025-11-20", true), ("2025-11-21", true)])
    func goLiveDayItselfIsOpen(date: String, eligible: Bool) {
        let person = RenewalFixtures.person(household: RenewalFixtures.household("320500", "320505"))
        let result = rules.evaluate(person, request: RenewalFixtures.request(.ordinaryPassport, .damaged, on: date))
        #expect(result.isEligible == eligible)
        #expect(result.pilotCity?.nameEn == "Suzhou")
        if !eligible { #expect(result.failures.first?.alternative == .waitForGoLive(Fixtures.date("2025-11-20"))) }
    }

    @Test func cityIsFoundByAddressCodeWhenTheCityCodeIsUnknown() {
        let person = RenewalFixtures.person(household: RenewalFixtures.household("440399", "440305"))
        let result = rules.evaluate(person, request: RenewalFixtures.request(.ordinaryPassport, .damaged))
        #expect(result.isEligible)
        #expect(result.pilotCity?.nameEn == "Shenzhen")
    }

    @Test func anIncompletePilotListSaysSo() {
        let person = RenewalFixtures.person(household: RenewalFixtures.household("130100", "130102"))
        let result = rules.evaluate(person, request: RenewalFixtures.request())
        #expect(result.failures == [.notAPilotCity(cityCode: "130100", listIsComplete: false)])
        #expect(result.failures[0].message.en.contains("incomplete"))
        #expect(result.failures[0].alternative == .counterAppointment(cityCode: "130100"))
    }

    /// Applying on 2026-03-02: "under 6 months" means expiring before 2026-09-02.
    @Test(arguments: [
        ("2026-09-01", true), ("2026-09-02", false), ("2026-09-03", false), ("2026-03-02", true),
    ])
    func sixMonthsExactlyIsNotUnderSixMonths(expiry: String, eligible: Bool) {
        let passport = HeldDocument(
            kind: .ordinaryPassport, number: "E12345678", issueDate: Fixtures.date("2016-09-02"),
            expiryDate: Fixtures.date(expiry), status: .valid)
        let result = rules.evaluate(RenewalFixtures.person(documents: [passport]), request: RenewalFixtures.request())
        #expect(result.isEligible == eligible)
        if !eligible {
            #expect(result.failures.map(\.code) == ["renewal-validity-not-under-6-months"])
        }
    }

    @Test func theFirstDayToApplyIsTheDayTheRemainingValidityDropsUnderSixMonths() {
        let passport = HeldDocument(
            kind: .ordinaryPassport, number: "E12345678", issueDate: Fixtures.date("2016-09-02"),
            expiryDate: Fixtures.date("2026-09-02"), status: .valid)
        #expect(rules.firstDayToApply(passport) == Fixtures.date("2026-03-03"))
        let result = rules.evaluate(RenewalFixtures.person(documents: [passport]), request: RenewalFixtures.request())
        #expect(result.failures.first?.alternative == .applyFrom(Fixtures.date("2026-03-03")))
        let nextDay = rules.evaluate(
            RenewalFixtures.person(documents: [passport]), request: RenewalFixtures.request(on: "2026-03-03"))
        #expect(nextDay.isEligible)
    }

    /// 2025-08-31 + 6 months is clamped to 2026-02-28.
    @Test func monthEndsAreClamped() {
        #expect(RenewalCalendar.date(Fixtures.date("2025-08-31"), plusMonths: 6) == Fixtures.date("2026-02-28"))
        #expect(RenewalCalendar.date(Fixtures.date("2023-08-31"), plusMonths: 6) == Fixtures.date("2024-02-29"))
        #expect(RenewalCalendar.date(Fixtures.date("2026-02-28"), plusMonths: -6) == Fixtures.date("2025-08-28"))
        #expect(RenewalCalendar.date(Fixtures.date("2025-12-15"), plusMonths: 1) == Fixtures.date("2026-01-15"))
        let passport = HeldDocument(
            kind: .ordinaryPassport, number: "E12345678", issueDate: Fixtures.date("2016-02-28"),
            expiryDate: Fixtures.date("2026-02-28"), status: .valid)
        #expect(!rules.isUnderThreshold(expiry: passport.expiryDate, on: Fixtures.date("2025-08-31")))
        #expect(rules.isUnderThreshold(expiry: passport.expiryDate, on: Fixtures.date("2025-09-01")))
        #expect(rules.firstDayToApply(passport) == Fixtures.date("2025-09-01"))
    }

    @Test(arguments: RenewalDocument.allCases)
    func visaPagesAreAReasonForPassportsOnly(document: RenewalDocument) {
        #expect(RenewalReason.noVisaPagesLeft.applies(to: document) == (document == .ordinaryPassport))
        #expect(document.reasons.contains(.damaged) && document.reasons.contains(.lostOrStolen))
    }

    @Test func theHeldDocumentMustStillBeValid() {
        let expired = HeldDocument(
            kind: .ordinaryPassport, number: "E12345678", issueDate: Fixtures.date("2016-01-01"),
            expiryDate: Fixtures.date("2026-03-01"), status: .valid)
        let result = rules.evaluate(RenewalFixtures.person(documents: [expired]), request: RenewalFixtures.request())
        #expect(
            result.failures == [
                .previousDocumentNotValid(
                    number: "E12345678", status: .expired, expiry: Fixtures.date("2026-03-01"), cityCode: "110100")
            ])
        #expect(result.failures[0].message.en.contains("expired on 2026-03-01"))

        var cancelled = RenewalFixtures.passport
        cancelled.status = .cancelled
        let cancelledResult = rules.evaluate(
            RenewalFixtures.person(documents: [cancelled]), request: RenewalFixtures.request())
        #expect(cancelledResult.failures.map(\.code) == ["renewal-previous-document-not-valid"])
        #expect(cancelledResult.failures[0].message.en.contains("cancelled"))
    }

    @Test func aDocumentAlreadyReportedLostCanOnlyBeReplacedAsLost() {
        var lost = RenewalFixtures.passport
        lost.status = .reportedLost
        let person = RenewalFixtures.person(documents: [lost])
        #expect(rules.evaluate(person, request: RenewalFixtures.request(.ordinaryPassport, .lostOrStolen)).isEligible)
        let damaged = rules.evaluate(person, request: RenewalFixtures.request(.ordinaryPassport, .damaged))
        #expect(damaged.failures.map(\.code) == ["renewal-previous-document-not-valid"])
        #expect(damaged.failures[0].alternative == .chooseAnotherReason)
    }

    @Test func theMostRecentDocumentOfTheTypeIsTheOneReplaced() {
        let old = HeldDocument(
            kind: .ordinaryPassport, number: "G12345678", issueDate: Fixtures.date("2006-07-01"),
            expiryDate: Fixtures.date("2016-06-30"), status: .expired)
        let result = rules.evaluate(
            RenewalFixtures.person(documents: [old, RenewalFixtures.passport]), request: RenewalFixtures.request())
        #expect(result.isEligible)
        #expect(result.currentDocument?.number == "E12345678")
    }

    @Test func failureCodesAreDistinct() {
        let city = Fixtures.pilotCities[0]
        let all: [RenewalIneligibility] = [
            .notMainlandCitizen, .underMinimumAge(age: 1, minimumAge: 16, cityCode: nil), .noHouseholdRegistration,
            .notAPilotCity(cityCode: nil, listIsComplete: true), .pilotCityNotYetLive(city: city),
            .stateFunctionary(cityCode: nil), .activeMilitary,
            .firstApplication(document: .taiwanPermit, cityCode: nil),
            .previousDocumentNotValid(number: "E1", status: .expired, expiry: city.goLiveDate, cityCode: nil),
            .biometricsMissing(cityCode: nil), .outsideMainland(document: .ordinaryPassport),
            .reasonDoesNotFitDocument(reason: .noVisaPagesLeft, document: .taiwanPermit),
            .validityNotUnderSixMonths(expiry: city.goLiveDate, applyFrom: city.goLiveDate), .noActiveDelegation,
        ]
        #expect(Set(all.map(\.code)).count == all.count)
        for failure in all {
            #expect(failure.code.hasPrefix("renewal-"))
            #expect(!failure.message.zh.isEmpty && !failure.message.en.isEmpty)
        }
    }
}

struct AssistedRenewalTests {
    let rules = RenewalFixtures.rules
    let helper = PersonID("helper-1")

    func delegation(to dependent: RegistryPerson, revoked: Bool = false) -> Delegation {
        let created = Date(timeIntervalSince1970: 1_770_000_000)
        let delegation = Delegation(
            id: "d-1", helper: helper, dependent: dependent.id, relationship: .child, consent: .dependentInPerson,
            createdAt: created, confirmation: .dependentCode, confirmedAt: created)
        return revoked ? delegation.revoked(by: dependent.id, at: created) : delegation
    }

    @Test func aHelperMayApplyForAnEligibleDependent() {
        let parent = RenewalFixtures.person(id: "parent", birthDate: "1956-04-01")
        let result = rules.evaluateAssisted(
            helper: helper, dependent: parent, delegations: [delegation(to: parent)], request: RenewalFixtures.request()
        )
        #expect(result.isEligible)
    }

    @Test func withoutAnActiveDelegationTheHelperIsRefused() {
        let parent = RenewalFixtures.person(id: "parent", birthDate: "1956-04-01")
        for delegations in [[], [delegation(to: parent, revoked: true)]] {
            let result = rules.evaluateAssisted(
                helper: helper, dependent: parent, delegations: delegations, request: RenewalFixtures.request())
            #expect(result.failures == [.noActiveDelegation])
            #expect(result.failures[0].alternative == .setUpDelegation)
        }
        let someoneElse = RenewalFixtures.person(id: "other")
        let result = rules.evaluateAssisted(
            helper: helper, dependent: parent, delegations: [delegation(to: someoneElse)],
            request: RenewalFixtures.request())
        #expect(result.failures == [.noActiveDelegation])
    }

    @Test func aChildUnder16IsNotEligibleEvenWithADelegation() {
        let child = RenewalFixtures.person(id: "child", birthDate: "2014-06-01")
        let result = rules.evaluateAssisted(
            helper: helper, dependent: child, delegations: [delegation(to: child)], request: RenewalFixtures.request())
        #expect(result.failures.map(\.code) == ["renewal-under-16"])
        #expect(result.alternatives == [.guardianAtCounter(cityCode: "110100")])
    }

    @Test func theDependentsOwnFailuresAreReported() {
        let functionary = RenewalFixtures.person(id: "dep", stateFunctionary: true)
        let result = rules.evaluateAssisted(
            helper: helper, dependent: functionary, delegations: [delegation(to: functionary)],
            request: RenewalFixtures.request())
        #expect(result.failures.map(\.code) == ["renewal-state-functionary"])
    }
}
