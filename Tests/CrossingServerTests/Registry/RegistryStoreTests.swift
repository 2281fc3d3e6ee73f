import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor

@testable import CrossingServer

@Suite("Registry store")
struct RegistryStoreTests {
    typealias Key = DemoRegistry.Key

    @Test func savedCitizenIsFoundByResidentIDAndKey() async throws {
        let citizen = try RegistryTesting.demo(Key.beijingCitizen)
        try await withApp { app in
            let store = RegistryTesting.store(app)
            try await store.save(citizen)
            let typed = " " + citizen.identity.number.lowercased() + " "
            let identity = try IdentityDocument.parse(kind: .residentID, number: typed, today: RegistryTesting.today)
            #expect(try await store.person(identity: identity) == RegistryTesting.sorted(citizen))
            #expect(try await store.person(id: citizen.id) == RegistryTesting.sorted(citizen))
            #expect(try await store.person(id: PersonID("nobody")) == nil)
            #expect(try await store.count() == 1)
        }
    }

    @Test func passportLookUpNeedsTheIssuingCountry() async throws {
        let foreigner = try RegistryTesting.demo(Key.foreignerWithVisa)
        try await withApp { app in
            let store = RegistryTesting.store(app)
            try await store.save(foreigner)
            let today = RegistryTesting.today
            let number = foreigner.identity.number
            let usa = try IdentityDocument.parse(kind: .passport, number: number, issuingCountry: "usa", today: today)
            let gbr = try IdentityDocument.parse(kind: .passport, number: number, issuingCountry: "GBR", today: today)
            #expect(try await store.person(identity: usa)?.id == foreigner.id)
            #expect(try await store.person(identity: gbr) == nil)
        }
    }

    @Test func homeReturnPermitIsFoundByItsLifetimeNumber() async throws {
        let resident = try RegistryTesting.demo(Key.hongKongResident)
        try await withApp { app in
            let store = RegistryTesting.store(app)
            try await store.save(resident)
            // An old card of the same person: the lifetime number plus a 2-digit renewal count.
            let legacy = try IdentityDocument.parse(
                kind: .homeReturnPermit, number: resident.identity.number + "01", today: RegistryTesting.today)
            #expect(legacy.number == resident.identity.number)
            #expect(try await store.person(identity: legacy)?.id == resident.id)
        }
    }

    @Test func heldDocumentsFindTheirHolder() async throws {
        let citizen = try RegistryTesting.demo(Key.shanghaiCitizen)
        let passport = try #require(citizen.heldDocuments(of: .ordinaryPassport).first)
        let permit = try #require(citizen.heldDocuments(of: .hkMacaoPermit).first)
        try await withApp { app in
            let store = RegistryTesting.store(app)
            try await store.save(citizen)
            let spaced = passport.number.lowercased().map(String.init).joined(separator: " ")
            #expect(try await store.person(holding: .ordinaryPassport, number: spaced)?.id == citizen.id)
            #expect(try await store.person(holding: .hkMacaoPermit, number: permit.number)?.id == citizen.id)
            #expect(try await store.person(holding: .hkMacaoPermit, number: passport.number) == nil)
            #expect(try await store.person(holding: .visa, number: "not a number") == nil)
        }
    }

    @Test func rowsHoldNoPlainNumbers() async throws {
        let people = DemoRegistry.people(today: RegistryTesting.today)
        try await withApp { app in
            try await RegistryTesting.store(app).save(people)
            var values = try await RegistryTesting.textValues(in: PersonRecord.schema, on: app.db)
            values += try await RegistryTesting.textValues(in: PersonDocumentRecord.schema, on: app.db)
            #expect(values.count > people.count * 5)
            for secret in people.flatMap(RegistryTesting.secrets) {
                let leaks = values.filter { $0.localizedCaseInsensitiveContains(secret) }
                #expect(leaks.isEmpty, "a number is stored in plain text")
            }
            // The sealed and index columns are what the columns say they are.
            let records = try await PersonRecord.query(on: app.db).all()
            #expect(Set(records.map(\.identityNumberIndex)).count == people.count)
            #expect(
                records.allSatisfy { $0.identityNumberIndex.count == 64 && $0.mobileSealed != $0.identityNumberSealed })
        }
    }

    @Test func savingAgainReplacesTheDocuments() async throws {
        var citizen = try RegistryTesting.demo(Key.wuhanCitizen)
        let old = citizen.documents
        try await withApp { app in
            let store = RegistryTesting.store(app)
            try await store.save(citizen)
            #expect(try await PersonDocumentRecord.query(on: app.db).count() == old.count)
            let today = RegistryTesting.today
            citizen.documents = [
                HeldDocument(
                    kind: .taiwanPermit, number: "L12345678", issueDate: today, expiryDate: today.adding(days: 3_652),
                    status: .valid)
            ]
            citizen.mobile = nil
            citizen.isStateFunctionary = true
            try await store.save(citizen)
            #expect(try await store.person(id: citizen.id) == citizen)
            #expect(try await store.count() == 1)
            #expect(try await PersonDocumentRecord.query(on: app.db).count() == 1)
            for document in old {
                #expect(try await store.person(holding: document.kind, number: document.number) == nil)
            }
        }
    }

    @Test func anotherPersonCannotTakeAnIdentity() async throws {
        let citizen = try RegistryTesting.demo(Key.beijingCitizen)
        var impostor = try RegistryTesting.demo(Key.shenzhenCitizen)
        impostor.identity = citizen.identity
        try await withApp { app in
            let store = RegistryTesting.store(app)
            try await store.save(citizen)
            await #expect(throws: (any Error).self) { try await store.save(impostor) }
            #expect(try await store.count() == 1)
            #expect(try await store.person(id: impostor.id) == nil)
        }
    }

    @Test func blindIndexDependsOnTheKind() async throws {
        try await withApp { app in
            let mapping = RegistryTesting.store(app).mapping
            let number = "110105198001010010"
            let kinds: [IdentityDocumentKind] = [.residentID, .prCard, .passport, .homeReturnPermit]
            let indexes = kinds.map { mapping.identityIndex(IdentityDocument(kind: $0, number: number)) }
            #expect(Set(indexes).count == kinds.count)
            let usa = mapping.identityIndex(
                IdentityDocument(kind: .passport, number: "A1234567", issuingCountry: "USA"))
            let deu = mapping.identityIndex(
                IdentityDocument(kind: .passport, number: "A1234567", issuingCountry: "DEU"))
            #expect(usa != deu)
            let permit = mapping.documentIndex(kind: .homeReturnPermit, number: "H12345678")
            let card = mapping.documentIndex(kind: .ordinaryPassport, number: "H12345678")
            #expect(permit != card)

            // Stored under one kind, the same number is not found under another.
            var person = try RegistryTesting.demo(Key.beijingCitizen)
            person.documents = []
            try await RegistryTesting.store(app).save(person)
            let asCard = IdentityDocument(kind: .prCard, number: person.identity.number)
            #expect(try await RegistryTesting.store(app).person(identity: asCard) == nil)
        }
    }
}
