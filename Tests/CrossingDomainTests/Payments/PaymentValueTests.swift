import CrossingDomain
import Foundation
import Testing

@Suite("Payment values")
struct PaymentValueTests {
    @Test func orderNumbersCarryTheDateAndSixteenHexDigits() throws {
        let date = try #require(CalendarDate(iso: "2026-11-22"))
        let number = PaymentOrderNumber.make(on: date, random: 0xABC)
        #expect(number.rawValue == "CX202611220000000000000ABC")
        #expect(number.refundNumber == "RF202611220000000000000ABC")
    }

    @Test(arguments: ["", "short", "has space 123", "中文订单号123", String(repeating: "A", count: 33), "a/b/c/d/e"])
    func invalidOrderNumbersAreRefused(text: String) {
        #expect(PaymentOrderNumber(text) == nil)
    }

    @Test func gatewayAmountsAreYuanWithTwoDecimals() {
        #expect(GatewayAmount.parse("120.00") == Money(yuan: 120))
        #expect(GatewayAmount.parse("0.01") == Money(fen: 1))
        for bad in ["120", "120.0", "120.000", "-1.00", "1e2.00", "", ".50", "12a.00", "99999999999.00"] {
            #expect(GatewayAmount.parse(bad) == nil, "\(bad)")
        }
        #expect(GatewayAmount.format(Money(fen: 12_005)) == "120.05")
    }

    @Test func theCanonicalStringSortsFieldsAndLeavesOutTheSignature() {
        let fields = SignedFormFields(["b": "2", "a": "1", "sign": "xyz", "sign_type": "ES256", "empty": ""])
        #expect(fields.canonicalString == "a=1&b=2")
    }

    @Test func formBodiesRoundTripAndRefuseRepeatedNames() {
        let fields = SignedFormFields(["notify_time": "2026-11-22 12:00:00", "sign": "a+b/c=", "x": "中"])
        #expect(SignedFormFields.parse(fields.formEncoded) == fields)
        #expect(SignedFormFields.parse("a=1&a=2") == nil)
        #expect(SignedFormFields.parse("novalue") == nil)
        #expect(SignedFormFields.parse("") == nil)
        #expect(SignedFormFields.parse("a=%ZZ") == nil)
    }

    @Test func notificationsMustBeFresh() {
        let now = Date(timeIntervalSince1970: 1_795_320_000)
        let day: TimeInterval = 86_400
        #expect(PaymentNotificationRules.isFresh(now.addingTimeInterval(-day), now: now, maximumAge: 2 * day))
        #expect(!PaymentNotificationRules.isFresh(now.addingTimeInterval(-3 * day), now: now, maximumAge: 2 * day))
        #expect(PaymentNotificationRules.isFresh(now.addingTimeInterval(299), now: now, maximumAge: day))
        #expect(!PaymentNotificationRules.isFresh(now.addingTimeInterval(301), now: now, maximumAge: day))
    }

    @Test func notificationsMustMatchTheOrder() throws {
        let order = try #require(PaymentOrderNumber("CX2026112200000001"))
        let notification = PaymentNotification(
            notifyID: "n1", notifyTime: Date(), orderNumber: order, tradeNumber: "T1", tradeStatus: .success,
            amount: Money(yuan: 120), currency: "CNY", paidAt: nil, contentDigest: "d")
        #expect(
            PaymentNotificationRules.mismatch(notification, orderAmount: Money(yuan: 120), orderCurrency: .cny) == nil)
        #expect(
            PaymentNotificationRules.mismatch(notification, orderAmount: Money(yuan: 100), orderCurrency: .cny)
                == .amountMismatch)
        var usd = notification
        usd.currency = "USD"
        #expect(
            PaymentNotificationRules.mismatch(usd, orderAmount: Money(yuan: 120), orderCurrency: .cny)
                == .currencyMismatch)
    }
}
