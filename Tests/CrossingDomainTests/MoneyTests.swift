import CrossingDomain
import Foundation
import Testing

struct MoneyTests {
    @Test(arguments: [
        (Int64(12_000), "120.00", "¥120.00"), (0, "0.00", "¥0.00"), (5, "0.05", "¥0.05"), (150, "1.50", "¥1.50"),
        (-250, "-2.50", "-¥2.50"), (123_456_789, "1234567.89", "¥1234567.89"),
    ])
    func formatting(fen: Int64, yuan: String, formatted: String) {
        let money = Money(fen: fen)
        #expect(money.yuanString == yuan)
        #expect(money.formatted == formatted)
        #expect(money.description == formatted)
    }

    @Test func arithmeticAndOrdering() {
        #expect(Money(yuan: 120) == Money(fen: 12_000))
        #expect(Money(yuan: 60) + Money(yuan: 15) == Money(fen: 7_500))
        #expect(Money(yuan: 60) - Money(yuan: 80) == Money(fen: -2_000))
        #expect(Money(yuan: 15) * 3 == Money(yuan: 45))
        #expect(2 * Money(fen: 5) == Money(fen: 10))
        #expect(Money(yuan: 60) < Money(yuan: 80))
        #expect(Money.zero == Money(fen: 0))
    }

    @Test func codableAsIntegerFen() throws {
        let data = try JSONEncoder().encode([Money(yuan: 120)])
        #expect(String(decoding: data, as: UTF8.self) == "[12000]")
        #expect(try JSONDecoder().decode([Money].self, from: Data("[6000]".utf8)) == [Money(yuan: 60)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Money].self, from: Data("[60.5]".utf8)) }
    }
}
