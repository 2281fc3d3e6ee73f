import CrossingDomain
import Fluent

/// Made-up but realistic people for development and tests, the same every run for a given `today`:
/// every number passes the domain parsers (ID and PR card check characters, document formats), birth
/// dates and ages agree with the numbers, and document dates are set relative to `today`.
/// Mobile numbers are in the sandbox-safe range 1380000xxxx.
enum DemoRegistry {
    /// Person keys of the demo people, for tests and demo accounts.
    enum Key {
        static let beijingCitizen = PersonID("demo-beijing-citizen")
        static let shanghaiCitizen = PersonID("demo-shanghai-citizen")
        static let shenzhenCitizen = PersonID("demo-shenzhen-citizen")
        static let wuhanCitizen = PersonID("demo-wuhan-citizen")
        static let passportExpiringSoon = PersonID("demo-passport-expiring")
        static let nonPilotCitizen = PersonID("demo-lanzhou-citizen")
        static let firstTimer = PersonID("demo-first-timer")
        static let minor = PersonID("demo-minor")
        static let elderly = PersonID("demo-elderly")
        static let stateFunctionary = PersonID("demo-state-functionary")
        static let activeMilitary = PersonID("demo-active-military")
        static let foreignerWithVisa = PersonID("demo-foreigner-visa")
        static let foreignerWithResidencePermit = PersonID("demo-foreigner-residence")
        static let foreignerWithPRCard = PersonID("demo-foreigner-pr")
        static let foreignerRegisteredByPRCard = PersonID("demo-foreigner-pr-id")
        static let hongKongResident = PersonID("demo-hong-kong")
        static let macaoResident = PersonID("demo-macao")
        static let taiwanResident = PersonID("demo-taiwan")
    }

    /// Child -> parent among the demo people.
    static let parents: [PersonID: PersonID] = [Key.minor: Key.beijingCitizen]

    /// Days before `today` that a demo passport expiring "soon" runs out after `today`.
    static let expiringSoonDays = 120

    static func people(today: CalendarDate) -> [RegistryPerson] {
        DemoPeopleBuilder(today: today).citizens() + DemoPeopleBuilder(today: today).others()
    }

    /// Saves the demo people when the registry is empty, in one transaction. Returns how many were
    /// saved (0 when the registry already had people).
    @discardableResult
    static func seedIfEmpty(on database: any Database, store: RegistryStore, today: CalendarDate) async throws -> Int {
        let store = store.on(database)
        guard try await store.count() == 0 else { return 0 }
        let people = people(today: today)
        try await store.save(people)
        return people.count
    }
}

/// Builds the demo people; split from `DemoRegistry` to keep each list readable.
struct DemoPeopleBuilder {
    var today: CalendarDate

    private struct City {
        var code: String
        var district: String
        var address: String
    }

    private static let beijing = City(code: "110100", district: "110105", address: "北京市朝阳区建国路88号")
    private static let shanghai = City(code: "310100", district: "310115", address: "上海市浦东新区世纪大道100号")
    private static let shenzhen = City(code: "440300", district: "440305", address: "深圳市南山区科技园南路1号")
    private static let wuhan = City(code: "420100", district: "420106", address: "武汉市武昌区中南路9号")
    private static let lanzhou = City(code: "620100", district: "620102", address: "兰州市城关区东岗西路1号")

    func citizens() -> [RegistryPerson] {
        typealias Key = DemoRegistry.Key
        let expiring = today.adding(days: DemoRegistry.expiringSoonDays)
        return [
            citizen(
                Key.beijingCitizen, "王芳", "WANG FANG", .female, age: 38, Self.beijing, serial: 1,
                documents: [passport(1, issuedDaysAgo: 1_100), hkMacao(1, issuedDaysAgo: 700)]),
            citizen(
                Key.shanghaiCitizen, "李明", "LI MING", .male, age: 45, Self.shanghai, serial: 2,
                documents: [passport(2, issuedDaysAgo: 2_000), hkMacao(2, issuedDaysAgo: 400)]),
            citizen(
                Key.shenzhenCitizen, "陈静", "CHEN JING", .female, age: 29, Self.shenzhen, serial: 3,
                documents: [passport(3, issuedDaysAgo: 900), hkMacao(3, issuedDaysAgo: 300)]),
            citizen(
                Key.wuhanCitizen, "刘洋", "LIU YANG", .male, age: 33, Self.wuhan, serial: 4,
                documents: [
                    passport(4, issuedDaysAgo: 500), hkMacao(4, issuedDaysAgo: 600),
                    document(.ordinaryPassport, DemoNumbers.passport(40_000_004), issued: today.adding(days: -4_200))
                        .with(status: .expired),
                ]),
            citizen(
                Key.passportExpiringSoon, "赵磊", "ZHAO LEI", .male, age: 51, Self.shanghai, serial: 5,
                documents: [
                    document(
                        .ordinaryPassport, DemoNumbers.passport(5),
                        issued: DemoNumbers.yearsBefore(expiring, 10).adding(days: 1), years: 10)
                ]),
            citizen(
                Key.nonPilotCitizen, "马小兰", "MA XIAOLAN", .female, age: 41, Self.lanzhou, serial: 6,
                documents: [passport(6, issuedDaysAgo: 1_500)]),
            citizen(
                Key.firstTimer, "孙悦", "SUN YUE", .female, age: 24, Self.shenzhen, serial: 7, documents: [],
                biometrics: false),
            citizen(
                Key.minor, "王子涵", "WANG ZIHAN", .male, age: 10, Self.beijing, serial: 8,
                documents: [passport(8, issuedDaysAgo: 800, years: 5)], mobile: false),
            citizen(
                Key.elderly, "周秀英", "ZHOU XIUYING", .female, age: 82, Self.shanghai, serial: 9,
                documents: [
                    document(.ordinaryPassport, DemoNumbers.passport(9), issued: today.adding(days: -4_000))
                        .with(status: .expired)
                ]),
            citizen(
                Key.stateFunctionary, "吴建国", "WU JIANGUO", .male, age: 48, Self.wuhan, serial: 10,
                documents: [passport(10, issuedDaysAgo: 1_200)], functionary: true),
            citizen(
                Key.activeMilitary, "郑强", "ZHENG QIANG", .male, age: 27, Self.shenzhen, serial: 11, documents: [],
                military: true),
        ]
    }

    func others() -> [RegistryPerson] {
        typealias Key = DemoRegistry.Key
        let prBirth = DemoNumbers.birthDate(age: 45, today: today, daysAgo: 140)
        let prCard = DemoNumbers.prCard2023(
            province: "31", nationalityNumeric: "392", birthDate: prBirth, sex: .female, serial: 21)
        let prIDBirth = DemoNumbers.birthDate(age: 52, today: today, daysAgo: 60)
        let prIDCard = DemoNumbers.prCard2023(
            province: "11", nationalityNumeric: "826", birthDate: prIDBirth, sex: .male, serial: 22)
        let hongKong = DemoNumbers.homeReturnPermit(macao: false, 60_112_233)
        let macao = DemoNumbers.homeReturnPermit(macao: true, 10_223_344)
        let taiwan = DemoNumbers.taiwanCompatriotPermit(12_345_678)
        return [
            foreigner(
                Key.foreignerWithVisa, "JOHNSON EMILY", .female, age: 34, country: "USA", passport: "A03456789",
                documents: [
                    document(.visa, "V" + DemoNumbers.digits(20_260_001, 8), issued: today.adding(days: -30))
                        .with(expiry: today.adding(days: 150))
                ]),
            foreigner(
                Key.foreignerWithResidencePermit, "MUELLER LUKAS", .male, age: 39, country: "DEU",
                passport: "C01X00T47",
                documents: [
                    document(
                        .residencePermit, "R" + DemoNumbers.digits(31_000_452, 8), issued: today.adding(days: -200),
                        years: 2)
                ]),
            RegistryPerson(
                id: Key.foreignerWithPRCard, name: "TANAKA YUKI", nameLatin: "TANAKA YUKI",
                identity: IdentityDocument(kind: .passport, number: "TK1234567", issuingCountry: "JPN"), sex: .female,
                birthDate: prBirth, nationality: "JPN", residency: .foreigner, biometricsOnFile: true,
                referencePhotoOnFile: true,
                documents: [document(.prCard, prCard, issued: today.adding(days: -365), years: 10)]),
            RegistryPerson(
                id: Key.foreignerRegisteredByPRCard, name: "SMITH OLIVER", nameLatin: "SMITH OLIVER",
                identity: IdentityDocument(kind: .prCard, number: prIDCard), sex: .male, birthDate: prIDBirth,
                nationality: "GBR", residency: .foreigner, biometricsOnFile: true, referencePhotoOnFile: true,
                documents: [document(.prCard, prIDCard, issued: today.adding(days: -700), years: 10)]),
            RegistryPerson(
                id: Key.hongKongResident, name: "陈家明", nameLatin: "CHAN KA MING",
                identity: IdentityDocument(kind: .homeReturnPermit, number: hongKong), sex: .male,
                birthDate: DemoNumbers.birthDate(age: 36, today: today, daysAgo: 33), nationality: "CHN",
                residency: .hongKong, biometricsOnFile: true, referencePhotoOnFile: true,
                documents: [document(.homeReturnPermit, hongKong, issued: today.adding(days: -1_000))]),
            RegistryPerson(
                id: Key.macaoResident, name: "梁嘉欣", nameLatin: "LEONG KA IAN",
                identity: IdentityDocument(kind: .homeReturnPermit, number: macao), sex: .female,
                birthDate: DemoNumbers.birthDate(age: 31, today: today, daysAgo: 250), nationality: "CHN",
                residency: .macao, biometricsOnFile: true, referencePhotoOnFile: true,
                documents: [document(.homeReturnPermit, macao, issued: today.adding(days: -450))]),
            RegistryPerson(
                id: Key.taiwanResident, name: "林志豪", nameLatin: "LIN CHIH-HAO",
                identity: IdentityDocument(kind: .taiwanCompatriotPermit, number: taiwan), sex: .male,
                birthDate: DemoNumbers.birthDate(age: 44, today: today, daysAgo: 190), nationality: "CHN",
                residency: .taiwan, biometricsOnFile: true, referencePhotoOnFile: true,
                documents: [document(.taiwanCompatriotPermit, taiwan, issued: today.adding(days: -600), years: 5)]),
        ]
    }

    private func citizen(
        _ id: PersonID, _ name: String, _ latin: String, _ sex: Sex, age: Int, _ city: City, serial: Int,
        documents: [HeldDocument], biometrics: Bool = true, mobile: Bool = true, functionary: Bool = false,
        military: Bool = false
    ) -> RegistryPerson {
        let birthDate = DemoNumbers.birthDate(age: age, today: today, daysAgo: 17 * serial % 300 + 1)
        let number = DemoNumbers.residentID(addressCode: city.district, birthDate: birthDate, sex: sex, serial: serial)
        return RegistryPerson(
            id: id, name: name, nameLatin: latin, identity: IdentityDocument(kind: .residentID, number: number),
            sex: sex, birthDate: birthDate, nationality: "CHN", residency: .mainlandCitizen,
            household: HouseholdRegistration(cityCode: city.code, addressCode: city.district, address: city.address),
            isStateFunctionary: functionary, isActiveMilitary: military, biometricsOnFile: biometrics,
            referencePhotoOnFile: true, documents: documents, mobile: mobile ? DemoNumbers.mobile(serial) : nil)
    }

    private func foreigner(
        _ id: PersonID, _ name: String, _ sex: Sex, age: Int, country: String, passport: String,
        documents: [HeldDocument]
    ) -> RegistryPerson {
        RegistryPerson(
            id: id, name: name, nameLatin: name,
            identity: IdentityDocument(kind: .passport, number: passport, issuingCountry: country), sex: sex,
            birthDate: DemoNumbers.birthDate(age: age, today: today, daysAgo: 5 * age), nationality: country,
            residency: .foreigner, biometricsOnFile: true, referencePhotoOnFile: true, documents: documents)
    }

    private func passport(_ serial: Int, issuedDaysAgo days: Int, years: Int = 10) -> HeldDocument {
        document(.ordinaryPassport, DemoNumbers.passport(serial), issued: today.adding(days: -days), years: years)
    }

    private func hkMacao(_ serial: Int, issuedDaysAgo days: Int) -> HeldDocument {
        document(.hkMacaoPermit, DemoNumbers.hkMacaoPermit(serial), issued: today.adding(days: -days), years: 10)
    }

    private func document(
        _ kind: HeldDocumentKind, _ number: String, issued: CalendarDate, years: Int = 10
    )
        -> HeldDocument
    {
        HeldDocument(
            kind: kind, number: number, issueDate: issued,
            expiryDate: DemoNumbers.expiry(issued: issued, years: years), status: .valid)
    }
}

extension HeldDocument {
    fileprivate func with(status: HeldDocumentStatus) -> HeldDocument {
        var copy = self
        copy.status = status
        return copy
    }

    fileprivate func with(expiry: CalendarDate) -> HeldDocument {
        var copy = self
        copy.expiryDate = expiry
        return copy
    }
}
