/// A city where passports and permits can be renewed or reissued fully online (全程网办).
public struct PilotCity: Hashable, Sendable, Codable {
    /// GB/T 2260 prefecture-level code, e.g. "110100" (municipalities use the x10100/500100 form).
    public var code: String
    public var nameZh: String
    public var nameEn: String
    public var provinceZh: String
    public var provinceEn: String
    /// Prefixes of 6-digit household-registration address codes that belong to the city:
    /// the 2-digit province prefix for municipalities, the 4-digit prefecture prefix otherwise.
    public var addressCodePrefixes: [String]
    /// 1 = the 20 cities of 6 May 2024, 2 = the 30 cities of 20 Nov 2025.
    public var batch: Int
    /// Local go-live date; cities in one batch may differ (Wuhan started on 26 Nov 2025).
    public var goLiveDate: CalendarDate
    /// false when the city or its date comes only from secondary sources.
    public var confirmed: Bool
    public var source: String?

    public init(
        code: String, nameZh: String, nameEn: String, provinceZh: String, provinceEn: String,
        addressCodePrefixes: [String], batch: Int, goLiveDate: CalendarDate, confirmed: Bool,
        source: String? = nil
    ) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.provinceZh = provinceZh
        self.provinceEn = provinceEn
        self.addressCodePrefixes = addressCodePrefixes
        self.batch = batch
        self.goLiveDate = goLiveDate
        self.confirmed = confirmed
        self.source = source
    }

    public var name: LocalizedText { LocalizedText(zh: nameZh, en: nameEn) }
    public var province: LocalizedText { LocalizedText(zh: provinceZh, en: provinceEn) }

    public func isLive(on date: CalendarDate) -> Bool { goLiveDate <= date }
}

/// The outcome of "can someone registered here renew online on this date?".
public enum PilotCityEligibility: Hashable, Sendable {
    case eligible(PilotCity)
    case notYetLive(PilotCity)
    /// `listIsComplete` false means the published list is partial, so "no" may be wrong.
    case notAPilotCity(listIsComplete: Bool)

    public var isEligible: Bool {
        if case .eligible = self { return true }
        return false
    }

    public var city: PilotCity? {
        switch self {
        case .eligible(let city), .notYetLive(let city): city
        case .notAPilotCity: nil
        }
    }

    /// Stable machine reason: "eligible", "not-yet-live" or "not-a-pilot-city".
    public var reasonCode: String {
        switch self {
        case .eligible: "eligible"
        case .notYetLive: "not-yet-live"
        case .notAPilotCity: "not-a-pilot-city"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .eligible(let city):
            LocalizedText(
                zh: "\(city.nameZh)已开通出入境证件换发补发“全程网办”（自 \(city.goLiveDate) 起），可以在网上申请。",
                en:
                    "\(city.nameEn) offers fully online renewal and reissue since \(city.goLiveDate); you can apply online."
            )
        case .notYetLive(let city):
            LocalizedText(
                zh: "\(city.nameZh)将于 \(city.goLiveDate) 开通“全程网办”，在此之前请到出入境管理窗口办理。",
                en:
                    "\(city.nameEn) starts fully online renewal on \(city.goLiveDate); until then, please apply at an exit-entry office."
            )
        case .notAPilotCity(listIsComplete: true):
            LocalizedText(
                zh: "您的户籍所在地尚未开通“全程网办”，请到户籍地出入境管理窗口办理。",
                en:
                    "Fully online renewal is not available for your place of household registration; please apply at your local exit-entry office."
            )
        case .notAPilotCity(listIsComplete: false):
            LocalizedText(
                zh: "在我们掌握的试点城市名单中没有找到您的户籍所在地。官方公布的名单不完整，请向当地出入境管理机构确认。",
                en:
                    "Your place of household registration is not on the pilot-city list we have. The published list is incomplete, so please check with your local exit-entry office."
            )
        }
    }
}

/// Lookup over the pilot-city list (loaded from pilot-cities.json).
public struct PilotCityRegistry: Hashable, Sendable {
    public let cities: [PilotCity]
    /// false while the official list is only partly known (see domain-facts §5.2).
    public let listIsComplete: Bool
    private let citiesByCode: [String: PilotCity]
    private let citiesByName: [String: PilotCity]

    public init(cities: [PilotCity], listIsComplete: Bool) {
        self.cities = cities
        self.listIsComplete = listIsComplete
        self.citiesByCode = Dictionary(cities.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var byName: [String: PilotCity] = [:]
        for city in cities {
            for name in [city.nameZh, city.nameZh + "市", city.nameEn] {
                let key = Self.nameKey(name)
                if !key.isEmpty, byName[key] == nil { byName[key] = city }
            }
        }
        self.citiesByName = byName
    }

    public func city(code: String) -> PilotCity? {
        citiesByCode[code.trimmingWhitespace()]
    }

    /// Finds a city by its Chinese or English name, ignoring case, spaces, hyphens and apostrophes,
    /// so "Xi'an", "xian", "西安" and "西安市" all match.
    public func city(named name: String) -> PilotCity? {
        citiesByName[Self.nameKey(name)]
    }

    /// The city whose address-code prefix matches; the longest matching prefix wins.
    public func city(forAddressCode addressCode: String) -> PilotCity? {
        let code = addressCode.trimmingWhitespace()
        var best: (city: PilotCity, length: Int)?
        for city in cities {
            for prefix in city.addressCodePrefixes
            where !prefix.isEmpty && code.hasPrefix(prefix) && prefix.count > (best?.length ?? 0) {
                best = (city, prefix.count)
            }
        }
        return best?.city
    }

    public func eligibility(cityCode: String, on date: CalendarDate) -> PilotCityEligibility {
        eligibility(of: city(code: cityCode), on: date)
    }

    public func eligibility(addressCode: String, on date: CalendarDate) -> PilotCityEligibility {
        eligibility(of: city(forAddressCode: addressCode), on: date)
    }

    /// Cities live on `date`, in list order.
    public func liveCities(on date: CalendarDate) -> [PilotCity] {
        cities.filter { $0.isLive(on: date) }
    }

    private func eligibility(of city: PilotCity?, on date: CalendarDate) -> PilotCityEligibility {
        guard let city else { return .notAPilotCity(listIsComplete: listIsComplete) }
        return city.isLive(on: date) ? .eligible(city) : .notYetLive(city)
    }

    private static func nameKey(_ name: String) -> String {
        let ignored: Set<Character> = [" ", "-", "'", "\u{2019}", "\u{2018}", "\u{3000}", "·"]
        return String(name.lowercased().filter { !ignored.contains($0) })
    }
}
