import CrossingDomain
import Foundation
import Testing

struct PilotCityTests {
    let registry = Fixtures.pilotRegistry

    @Test func beijingGoesLiveOn6May2024() {
        let before = registry.eligibility(cityCode: "110100", on: Fixtures.date("2024-05-05"))
        let after = registry.eligibility(cityCode: "110100", on: Fixtures.date("2024-05-06"))
        #expect(before.reasonCode == "not-yet-live")
        #expect(!before.isEligible)
        #expect(after.reasonCode == "eligible")
        #expect(after.isEligible)
        #expect(after.city?.nameEn == "Beijing")
    }

    @Test func wuhanUsesItsOwnGoLiveDate() {
        // The national date of the second batch was 20 Nov 2025; Wuhan started on 26 Nov.
        #expect(registry.eligibility(cityCode: "420100", on: Fixtures.date("2025-11-20")).reasonCode == "not-yet-live")
        #expect(registry.eligibility(cityCode: "420100", on: Fixtures.date("2025-11-25")).reasonCode == "not-yet-live")
        #expect(registry.eligibility(cityCode: "420100", on: Fixtures.date("2025-11-26")).isEligible)
        #expect(registry.eligibility(cityCode: "320500", on: Fixtures.date("2025-11-20")).isEligible)
    }

    @Test(arguments: [
        ("110105", "110100"), ("110102", "110100"), ("320506", "320500"), ("440305", "440300"), ("450102", "450100"),
        ("420106", "420100"), ("610113", "610100"),
    ])
    func addressCodeMapsToCity(addressCode: String, cityCode: String) {
        #expect(registry.city(forAddressCode: addressCode)?.code == cityCode)
        #expect(registry.eligibility(addressCode: addressCode, on: Fixtures.date("2026-01-01")).isEligible)
    }

    @Test func longestPrefixWins() {
        let province = Fixtures.city(
            "440000", "广东全省", "All Guangdong", "广东省", "Guangdong", ["44"], batch: 9, goLive: "2030-01-01")
        let shenzhen = Fixtures.pilotCities[1]
        for cities in [[province, shenzhen], [shenzhen, province]] {
            let registry = PilotCityRegistry(cities: cities, listIsComplete: true)
            #expect(registry.city(forAddressCode: "440305")?.code == "440300")
            #expect(registry.city(forAddressCode: "440105")?.code == "440000")
        }
    }

    @Test(arguments: [
        "北京", "北京市", "beijing", "BEIJING", " Beijing ", "Xi'an", "Xian", "xi an", "XI’AN", "西安", "Suzhou",
    ])
    func cityByName(name: String) {
        #expect(registry.city(named: name) != nil)
    }

    @Test func unknownNamesAndCodes() {
        #expect(registry.city(named: "Atlantis") == nil)
        #expect(registry.city(named: "") == nil)
        #expect(registry.city(code: "999999") == nil)
        #expect(registry.city(forAddressCode: "510104") == nil)
    }

    @Test func notAPilotCityExplainsTheIncompleteList() {
        let result = registry.eligibility(addressCode: "510104", on: Fixtures.date("2026-01-01"))
        #expect(result == .notAPilotCity(listIsComplete: false))
        #expect(result.reasonCode == "not-a-pilot-city")
        #expect(result.city == nil)
        #expect(result.message.en.contains("incomplete"))
        #expect(result.message.zh.contains("不完整"))
        let complete = PilotCityEligibility.notAPilotCity(listIsComplete: true)
        #expect(!complete.message.en.contains("incomplete"))
    }

    @Test func messagesNameTheCityAndDate() {
        let result = registry.eligibility(cityCode: "420100", on: Fixtures.date("2025-11-01"))
        #expect(result.message.zh.contains("武汉"))
        #expect(result.message.en.contains("Wuhan"))
        #expect(result.message.en.contains("2025-11-26"))
    }

    @Test func liveCitiesOnADate() {
        #expect(registry.liveCities(on: Fixtures.date("2025-01-01")).count == 3)
        #expect(registry.liveCities(on: Fixtures.date("2025-11-26")).count == 6)
    }

    @Test func decodesThePilotCitiesJSONShape() throws {
        let json = """
            { "code": "110100", "nameZh": "北京", "nameEn": "Beijing", "provinceZh": "北京市", "provinceEn": "Beijing",
              "addressCodePrefixes": ["11"], "batch": 1, "goLiveDate": "2024-05-06", "confirmed": true,
              "source": "https://example.org" }
            """
        let city = try JSONDecoder().decode(PilotCity.self, from: Data(json.utf8))
        #expect(city.goLiveDate == Fixtures.date("2024-05-06"))
        #expect(city.source == "https://example.org")
    }

    @Test(arguments: [
        ("110105", true), ("820000", true), ("710000", true), ("650102", true), ("160101", false), ("240101", false),
        ("900000", false), ("11010", false), ("11010a", false), ("000000", false),
    ])
    func addressCodeProvincePrefix(raw: String, isValid: Bool) {
        #expect((AddressCode(raw) != nil) == isValid)
    }
}
