import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor

@testable import CrossingServer

@Suite("Demo registry")
struct DemoRegistryTests {
    typealias Key = DemoRegistry.Key
    let today = RegistryTesting.today
    var people: [RegistryPerson] { DemoRegistry.people(today: today) }

    func person(_ key: PersonID) throws -> RegistryPerson {
        try #require(people.first { $0.id == key })
    }

    @Test(arguments: ["2026-11-22", "2028-02-29", "2027-01-01", "2030-12-31"])
    func everyDemoPersonPassesTheDomainValidators(on day: String) throws {
        let today = try #require(CalendarDate(iso: day))
        let people = DemoRegistry.people(today: today)
        #expect(people == DemoRegistry.people(today: today), "not deterministic")
        #expect(Set(people.map(\.id)).count == people.count)
        let validator = RegistryValidator(today: today)
        for person in people {
            let (canonical, problems) = validator.validate(person)
            #expect(problems == [], "\(person.id)")
            #expect(canonical == person, "\(person.id) is not in canonical form")
            switch person.identity.kind {
            case .residentID:
                let id = try ResidentIDNumber.parse(person.identity.number, today: today)
                #expect(id.birthDate == person.birthDate && id.sex == person.sex)
                #expect(id.addressCode == person.household?.addressCode)
            case .prCard:
                #expect(try PermanentResidentCardNumber.parse(person.identity.number).version == .version2023)
            default: break
            }
            for document in person.documents where document.kind == .prCard {
                let card = try PermanentResidentCardNumber.parse(document.number)
                #expect(card.version == .version2023 && card.birthDate == person.birthDate && card.sex == person.sex)
            }
            for document in person.documents {
                #expect(document.issueDate <= today && document.issueDate < document.expiryDate)
                if document.status == .valid { #expect(document.isValid(on: today), "\(person.id)") }
                if document.status == .expired { #expect(document.expiryDate < today) }
            }
        }
    }

    @Test func pilotCityCitizensCanTravelAndHaveBiometrics() throws {
        let pilotCodes = Set(try ReferenceFixture.pilotCities().map(\.code))
        let keys = [Key.beijingCitizen, Key.shanghaiCitizen, Key.shenzhenCitizen, Key.wuhanCitizen]
        let cities = try keys.map { try person($0).household?.cityCode }
        #expect(cities == ["110100", "310100", "440300", "420100"])
        for key in keys {
            let citizen = try person(key)
            #expect(pilotCodes.contains(citizen.household?.cityCode ?? ""))
            #expect(citizen.biometricsOnFile && citizen.referencePhotoOnFile)
            #expect(citizen.heldDocuments(of: .ordinaryPassport).first?.isValid(on: today) == true)
            #expect(citizen.heldDocuments(of: .hkMacaoPermit).first?.isValid(on: today) == true)
        }
        let lanzhou = try person(Key.nonPilotCitizen)
        #expect(lanzhou.household?.addressCode == "620102")
        #expect(!pilotCodes.contains(lanzhou.household?.cityCode ?? ""))
    }

    @Test func theSpecialCasesAreThere() throws {
        let expiring = try #require(try person(Key.passportExpiringSoon).heldDocuments(of: .ordinaryPassport).first)
        #expect(expiring.isValid(on: today) && expiring.expiryDate.daysSince(today) < 183)
        #expect(try person(Key.firstTimer).documents.isEmpty)
        let minor = try person(Key.minor)
        #expect(minor.age(on: today) == 10 && minor.isMinor(on: today))
        let parent = try person(try #require(DemoRegistry.parents[minor.id]))
        #expect(!parent.isMinor(on: today) && parent.household == minor.household)
        #expect(parent.name.first == minor.name.first)
        #expect(try person(Key.elderly).age(on: today) == 82)
        #expect(try person(Key.stateFunctionary).isStateFunctionary)
        #expect(try person(Key.activeMilitary).isActiveMilitary)
        #expect(people.filter(\.isStateFunctionary).count == 1 && people.filter(\.isActiveMilitary).count == 1)
    }

    @Test func foreignersAndResidentsOfHongKongMacaoAndTaiwan() throws {
        let foreigners = people.filter { $0.residency == .foreigner }
        #expect(Set(foreigners.map(\.nationality)).isSuperset(of: ["USA", "DEU", "JPN"]))
        #expect(try person(Key.foreignerWithVisa).heldDocuments(of: .visa).first?.isValid(on: today) == true)
        let residence = try person(Key.foreignerWithResidencePermit)
        #expect(residence.heldDocuments(of: .residencePermit).first?.isValid(on: today) == true)
        let card = try #require(try person(Key.foreignerWithPRCard).heldDocuments(of: .prCard).first)
        #expect(card.number.hasPrefix("9") && card.number.count == 18)
        #expect(try person(Key.foreignerWithPRCard).identity.kind == .passport)
        #expect(try person(Key.foreignerRegisteredByPRCard).identity.kind == .prCard)

        let hongKong = try person(Key.hongKongResident).identity
        let macao = try person(Key.macaoResident).identity
        let taiwan = try person(Key.taiwanResident).identity
        #expect(try TravelDocumentNumber.parse(hongKong.number, type: .homeReturnPermit).region == .hongKong)
        #expect(try TravelDocumentNumber.parse(macao.number, type: .homeReturnPermit).region == .macao)
        #expect(taiwan.kind == .taiwanCompatriotPermit && taiwan.number.count == 8)
    }

    @Test func citizensHaveSandboxMobileNumbers() throws {
        for citizen in people where citizen.residency == .mainlandCitizen && !citizen.isMinor(on: today) {
            let mobile = try MobileNumber.parse(try #require(citizen.mobile))
            #expect(mobile.value.hasPrefix("1380000"))
        }
        let mobiles = people.compactMap(\.mobile)
        #expect(Set(mobiles).count == mobiles.count)
    }

    @Test func seedingFillsAnEmptyRegistryOnce() async throws {
        try await withApp { app in
            let store = RegistryTesting.store(app)
            let seeded = try await DemoRegistry.seedIfEmpty(on: app.db, store: store, today: today)
            #expect(seeded == people.count)
            #expect(try await store.count() == people.count)
            #expect(try await DemoRegistry.seedIfEmpty(on: app.db, store: store, today: today) == 0)
            let hongKong = try person(Key.hongKongResident)
            #expect(try await store.person(identity: hongKong.identity) == RegistryTesting.sorted(hongKong))
        }
    }
}
