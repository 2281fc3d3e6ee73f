import CrossingDomain
import Foundation
import Testing

struct FeeScheduleTests {
    let schedule: FeeSchedule

    init() throws {
        schedule = try FeeSchedule(items: Fixtures.feeItems)
    }

    @Test(arguments: [
        ("passport.ordinary", "2017-06-30", Int64(200), true),
        ("passport.ordinary", "2017-07-01", 160, false),
        ("passport.ordinary", "2019-06-30", 160, false),
        ("passport.ordinary", "2019-07-01", 120, false),
        ("passport.ordinary", "2026-11-22", 120, false),
        ("hkmo-permit", "2017-06-30", 100, true),
        ("hkmo-permit", "2017-07-01", 80, false),
        ("hkmo-permit", "2019-06-30", 80, false),
        ("hkmo-permit", "2019-07-01", 60, false),
        ("taiwan-permit.electronic", "2019-12-31", 80, false),
        ("taiwan-permit.electronic", "2020-01-01", 60, false),
        ("hkmo-endorsement.single", "2026-01-01", 15, false),
        ("hkmo-endorsement.double", "2026-01-01", 30, false),
        ("hkmo-endorsement.multiple-1y", "2026-01-01", 80, false),
        ("hkmo-endorsement.single", "2017-06-30", 20, true),
    ])
    func rateHistory(code: String, on iso: String, yuan: Int64, isUndatedRate: Bool) throws {
        let rate = try schedule.rate(for: code, on: Fixtures.date(iso))
        #expect(rate.amount == Money(yuan: yuan))
        #expect((rate.effectiveFrom == nil) == isUndatedRate)
    }

    @Test func unknownItem() {
        #expect(throws: FeeLookupError.unknownItem(code: "visa")) {
            try schedule.rate(for: "visa", on: Fixtures.date("2026-01-01"))
        }
    }

    @Test func noRateBeforeTheFirstDatedRate() throws {
        let onlyDated = FeeItem(
            code: "new", nameZh: "新", nameEn: "New", unitZh: "件", unitEn: "each",
            rates: [Fixtures.rate("2020-01-01", yuan: 5, "x")])
        let schedule = try FeeSchedule(items: [onlyDated])
        let day = Fixtures.date("2019-12-31")
        #expect(throws: FeeLookupError.noRateOnDate(code: "new", date: day)) {
            try schedule.rate(for: "new", on: day)
        }
        #expect(schedule.quotes(on: day).isEmpty)
        #expect(schedule.quotes(on: Fixtures.date("2020-01-01")).count == 1)
    }

    @Test func quotesFollowItemOrder() {
        let quotes = schedule.quotes(on: Fixtures.date("2026-06-01"))
        #expect(quotes.map(\.item.code) == Fixtures.feeItems.map(\.code))
        #expect(quotes.first?.rate.amount.yuanString == "120.00")
        #expect(schedule.item(code: "hkmo-permit")?.unit == LocalizedText(zh: "证", en: "per card"))
    }

    static func item(_ rates: [FeeRate], code: String = "x") -> FeeItem {
        FeeItem(code: code, nameZh: "x", nameEn: "x", unitZh: "x", unitEn: "x", rates: rates)
    }

    @Test(arguments: [
        (
            [Fixtures.rate("2019-07-01", yuan: 1, ""), Fixtures.rate("2017-07-01", yuan: 2, "")],
            "fee-rates-out-of-order"
        ),
        (
            [Fixtures.rate("2017-07-01", yuan: 1, ""), Fixtures.rate("2017-07-01", yuan: 2, "")],
            "fee-rates-out-of-order"
        ),
        ([Fixtures.rate("2017-07-01", yuan: 1, ""), Fixtures.rate(nil, yuan: 2, "")], "fee-rates-out-of-order"),
        ([Fixtures.rate(nil, yuan: 1, ""), Fixtures.rate(nil, yuan: 2, "")], "fee-multiple-undated-rates"),
        ([], "fee-no-rates"),
    ])
    func inconsistentRatesAreRejected(rates: [FeeRate], code: String) {
        do {
            _ = try FeeSchedule(items: [Self.item(rates)])
            Issue.record("Expected \(code)")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func duplicateItemsAreRejected() {
        let rates = [Fixtures.rate(nil, yuan: 1, "")]
        #expect(throws: FeeScheduleError.duplicateItem(code: "x")) {
            try FeeSchedule(items: [Self.item(rates), Self.item(rates)])
        }
    }

    @Test func decodesTheFeesJSONShape() throws {
        let json = """
            {"code": "passport.ordinary", "nameZh": "普通护照", "nameEn": "Ordinary passport",
             "unitZh": "本", "unitEn": "per book",
             "rates": [{"effectiveFrom": null, "amountFen": 20000, "basis": "..."},
                       {"effectiveFrom": "2019-07-01", "amountFen": 12000, "basis": "发改价格〔2019〕914号"}]}
            """
        let item = try JSONDecoder().decode(FeeItem.self, from: Data(json.utf8))
        #expect(item.rates.map(\.amount) == [Money(yuan: 200), Money(yuan: 120)])
        #expect(item.rates.first?.effectiveFrom == nil)
        let reencoded = try JSONDecoder().decode(FeeItem.self, from: JSONEncoder().encode(item))
        #expect(reencoded == item)
        let rateJSON = String(decoding: try JSONEncoder().encode(item.rates[0]), as: UTF8.self)
        #expect(rateJSON.contains(#""effectiveFrom":null"#))
        #expect(rateJSON.contains(#""amountFen":20000"#))
    }
}
