import CrossingDomain

/// Test data transcribed by hand from domain-facts.md (§4, §5, §8), independent of the JSON files.
enum Fixtures {
    static func date(_ iso: String) -> CalendarDate {
        guard let date = CalendarDate(iso: iso) else {
            preconditionFailure("Bad fixture date \(iso)")
        }
        return date
    }

    static func holiday(
        _ nameZh: String, _ nameEn: String, _ from: String, _ to: String, makeUp: [String] = []
    ) -> HolidayPeriod {
        HolidayPeriod(
            nameZh: nameZh, nameEn: nameEn, from: date(from), to: date(to), makeUpWorkdays: makeUp.map(date))
    }

    /// 国办发明电〔2024〕12号.
    static let holidays2025: [HolidayPeriod] = [
        holiday("元旦", "New Year's Day", "2025-01-01", "2025-01-01"),
        holiday("春节", "Spring Festival", "2025-01-28", "2025-02-04", makeUp: ["2025-01-26", "2025-02-08"]),
        holiday("清明节", "Qingming Festival", "2025-04-04", "2025-04-06"),
        holiday("劳动节", "Labour Day", "2025-05-01", "2025-05-05", makeUp: ["2025-04-27"]),
        holiday("端午节", "Dragon Boat Festival", "2025-05-31", "2025-06-02"),
        holiday(
            "国庆节、中秋节", "National Day and Mid-Autumn Festival", "2025-10-01", "2025-10-08",
            makeUp: ["2025-09-28", "2025-10-11"]),
    ]

    /// State Council General Office notice of 4 Nov 2025.
    static let holidays2026: [HolidayPeriod] = [
        holiday("元旦", "New Year's Day", "2026-01-01", "2026-01-03", makeUp: ["2026-01-04"]),
        holiday("春节", "Spring Festival", "2026-02-15", "2026-02-23", makeUp: ["2026-02-14", "2026-02-28"]),
        holiday("清明节", "Qingming Festival", "2026-04-04", "2026-04-06"),
        holiday("劳动节", "Labour Day", "2026-05-01", "2026-05-05", makeUp: ["2026-05-09"]),
        holiday("端午节", "Dragon Boat Festival", "2026-06-19", "2026-06-21"),
        holiday("中秋节", "Mid-Autumn Festival", "2026-09-25", "2026-09-27"),
        holiday("国庆节", "National Day", "2026-10-01", "2026-10-07", makeUp: ["2026-09-20", "2026-10-10"]),
    ]

    static let workingDays = WorkingDayCalendar(periods: holidays2025 + holidays2026, coveredYears: [2025, 2026])

    static func rate(_ from: String?, yuan: Int64, _ basis: String) -> FeeRate {
        FeeRate(effectiveFrom: from.map(date), amount: Money(yuan: yuan), basis: basis)
    }

    static let feeItems: [FeeItem] = [
        FeeItem(
            code: "passport.ordinary", nameZh: "普通护照", nameEn: "Ordinary passport", unitZh: "本",
            unitEn: "per book",
            rates: [
                rate(nil, yuan: 200, "earlier rate"), rate("2017-07-01", yuan: 160, "发改价格〔2017〕1186号"),
                rate("2019-07-01", yuan: 120, "发改价格〔2019〕914号"),
            ]),
        FeeItem(
            code: "hkmo-permit", nameZh: "往来港澳通行证", nameEn: "HK/Macao permit", unitZh: "证",
            unitEn: "per card",
            rates: [
                rate(nil, yuan: 100, "earlier rate"), rate("2017-07-01", yuan: 80, "发改价格〔2017〕1186号"),
                rate("2019-07-01", yuan: 60, "发改价格〔2019〕914号"),
            ]),
        FeeItem(
            code: "taiwan-permit.electronic", nameZh: "往来台湾通行证（电子）", nameEn: "Taiwan e-permit",
            unitZh: "证", unitEn: "per card",
            rates: [
                rate(nil, yuan: 100, "earlier rate"), rate("2017-07-01", yuan: 80, "发改价格〔2017〕1186号"),
                rate("2020-01-01", yuan: 60, "发改价格规〔2019〕1931号"),
            ]),
        FeeItem(
            code: "hkmo-endorsement.single", nameZh: "往来港澳一次有效签注", nameEn: "HK/Macao single-trip endorsement",
            unitZh: "件", unitEn: "per endorsement",
            rates: [rate(nil, yuan: 20, "earlier rate"), rate("2017-07-01", yuan: 15, "发改价格〔2017〕1186号")]),
        FeeItem(
            code: "hkmo-endorsement.double", nameZh: "往来港澳二次有效签注", nameEn: "HK/Macao two-trip endorsement",
            unitZh: "件", unitEn: "per endorsement",
            rates: [rate(nil, yuan: 40, "earlier rate"), rate("2017-07-01", yuan: 30, "发改价格〔2017〕1186号")]),
        FeeItem(
            code: "hkmo-endorsement.multiple-1y", nameZh: "往来港澳一年多次有效签注",
            nameEn: "HK/Macao multiple-trip endorsement (up to 1 year)", unitZh: "件", unitEn: "per endorsement",
            rates: [rate(nil, yuan: 100, "earlier rate"), rate("2017-07-01", yuan: 80, "发改价格〔2017〕1186号")]),
    ]

    static func city(
        _ code: String, _ zh: String, _ en: String, _ provinceZh: String, _ provinceEn: String, _ prefixes: [String],
        batch: Int, goLive: String, confirmed: Bool = true
    ) -> PilotCity {
        PilotCity(
            code: code, nameZh: zh, nameEn: en, provinceZh: provinceZh, provinceEn: provinceEn,
            addressCodePrefixes: prefixes, batch: batch, goLiveDate: date(goLive), confirmed: confirmed)
    }

    static let pilotCities: [PilotCity] = [
        city("110100", "北京", "Beijing", "北京市", "Beijing", ["11"], batch: 1, goLive: "2024-05-06"),
        city("440300", "深圳", "Shenzhen", "广东省", "Guangdong", ["4403"], batch: 1, goLive: "2024-05-06"),
        city("610100", "西安", "Xi'an", "陕西省", "Shaanxi", ["6101"], batch: 1, goLive: "2024-05-06"),
        city("320500", "苏州", "Suzhou", "江苏省", "Jiangsu", ["3205"], batch: 2, goLive: "2025-11-20"),
        city("420100", "武汉", "Wuhan", "湖北省", "Hubei", ["4201"], batch: 2, goLive: "2025-11-26"),
        city(
            "450100", "南宁", "Nanning", "广西壮族自治区", "Guangxi", ["4501"], batch: 2, goLive: "2025-11-26",
            confirmed: false),
    ]

    static let pilotRegistry = PilotCityRegistry(cities: pilotCities, listIsComplete: false)
}
