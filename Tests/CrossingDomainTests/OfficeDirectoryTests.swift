import CrossingDomain
import Testing

@Suite("Office directory")
struct OfficeDirectoryTests {
    static func office(_ code: String, city: String, zh: String, en: String, services: [String]) -> Office {
        Office(
            code: code, name: LocalizedText(zh: "\(zh)出入境接待大厅", en: "\(en) Exit-Entry Hall"), cityCode: city,
            cityName: LocalizedText(zh: zh, en: en), address: LocalizedText(zh: "\(zh)某路1号", en: "1 Some Road, \(en)"),
            latitude: 30, longitude: 110, phone: "010-55550000", hours: [], counters: 4, services: services)
    }

    static let directory = OfficeDirectory(offices: [
        office("xa-yanta", city: "610100", zh: "西安", en: "Xi'an", services: ["passport.first"]),
        office(
            "bj-dongcheng", city: "110100", zh: "北京", en: "Beijing", services: ["passport.first", "foreigner.visa"]),
        office("bj-haidian", city: "110100", zh: "北京", en: "Beijing", services: ["passport.first"]),
        office("sh-pudong", city: "310100", zh: "上海", en: "Shanghai", services: ["foreigner.visa"]),
    ])

    @Test(arguments: ["110100", "北京", "beijing", "BEIJING", " Beijing "])
    func findsACityByCodeOrName(raw: String) {
        #expect(Self.directory.city(matching: raw)?.code == "110100")
    }

    @Test(arguments: ["Xi'an", "xian", "XI AN", "Xi-an", "西安"])
    func foldsPunctuationInCityNames(raw: String) {
        #expect(Self.directory.city(matching: raw)?.code == "610100")
    }

    @Test(arguments: ["", "   ", "nowhere", "999999"])
    func unknownCitiesAreNotFound(raw: String) {
        #expect(Self.directory.city(matching: raw) == nil)
    }

    @Test func citiesAreListedOnceInCodeOrder() {
        #expect(Self.directory.cities.map(\.code) == ["110100", "310100", "610100"])
    }

    @Test func filtersByCityServiceAndText() {
        let byCity = Self.directory.search(.init(cityCode: "110100"))
        #expect(byCity.map(\.code) == ["bj-dongcheng", "bj-haidian"])
        let byService = Self.directory.search(.init(serviceCode: "foreigner.visa"))
        #expect(byService.map(\.code) == ["bj-dongcheng", "sh-pudong"])
        let both = Self.directory.search(.init(cityCode: "110100", serviceCode: "foreigner.visa"))
        #expect(both.map(\.code) == ["bj-dongcheng"])
        #expect(Self.directory.search(.init(text: "some road, shanghai")).map(\.code) == ["sh-pudong"])
        #expect(Self.directory.search(.init(text: "上海某路")).map(\.code) == ["sh-pudong"])
    }

    @Test func pagesWalkEveryOfficeOnce() throws {
        var seen: [String] = []
        var after: String?
        repeat {
            let page = try #require(Self.directory.search(.init(), after: after, limit: 3))
            seen += page.offices.map(\.code)
            after = page.nextAfter
        } while after != nil
        #expect(seen == Self.directory.offices.map(\.code))
    }

    @Test func aCursorFromAnotherSearchIsRejected() {
        #expect(Self.directory.search(.init(cityCode: "310100"), after: "bj-dongcheng", limit: 5) == nil)
        #expect(Self.directory.search(.init(cityCode: "110100"), after: "bj-haidian", limit: 5)?.offices == [])
    }

    @Test func mapLinkIsCentredOnTheOffice() {
        let url = Self.office("x", city: "1", zh: "x", en: "x", services: []).mapURL
        #expect(url == "https://www.openstreetmap.org/?mlat=30.00000&mlon=110.00000#map=17/30.00000/110.00000")
    }

    @Test func catalogueListsOfficeServicesAndAudiences() {
        func guide(_ code: String, _ audience: ServiceAudience, atOffices: Bool) -> ServiceGuide {
            let text = LocalizedText(zh: code, en: code)
            let list = LocalizedList(zh: [], en: [])
            return ServiceGuide(
                code: code, audience: audience, feature: .appointments, offeredAtOffices: atOffices, name: text,
                summary: text, whoCanApply: list, materials: list, steps: list, timeLimit: text, feeItems: [],
                feeNote: text, sources: [])
        }
        let catalogue = ServiceCatalogue(guides: [
            guide("passport.first", .citizen, atOffices: true), guide("citizen.records", .citizen, atOffices: false),
            guide("foreigner.visa", .foreigner, atOffices: true),
        ])
        #expect(catalogue.officeServices.map(\.code) == ["passport.first", "foreigner.visa"])
        #expect(catalogue.guides(for: .citizen).map(\.code) == ["passport.first", "citizen.records"])
        #expect(catalogue.guide(code: "foreigner.visa")?.isAvailable == true)
        #expect(catalogue.guide(code: "nope") == nil)
    }
}
