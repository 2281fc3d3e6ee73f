import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

@Suite("Payment notification signatures")
struct PaymentSignatureTests {
    static let now = Date(timeIntervalSince1970: 1_795_320_000)
    static let key = PaymentSigningKey.generate()

    static func body(amount: Money = Money(yuan: 120), key: PaymentSigningKey = key) throws -> Data {
        try PaymentNotificationFormat.body(
            notifyID: "sbx1s", notifyTime: now, orderNumber: "CX202611220000000000000ABC", tradeNumber: "2026112212345",
            status: .success, amount: amount, currency: "CNY", paidAt: now, key: key)
    }

    @Test func aSignedNotificationVerifiesAndParses() throws {
        let notification = try PaymentNotificationFormat.notification(
            from: try Self.body(), key: Self.key.verificationKey)
        #expect(notification.notifyID == "sbx1s")
        #expect(notification.orderNumber.rawValue == "CX202611220000000000000ABC")
        #expect(notification.tradeStatus == .success)
        #expect(notification.amount == Money(yuan: 120))
        #expect(notification.currency == "CNY")
        #expect(notification.notifyTime == Self.now)
        #expect(notification.paidAt == Self.now)
        #expect(notification.contentDigest.count == 64)
    }

    @Test func anotherKeysSignatureIsForged() throws {
        let body = try Self.body(key: .generate())
        #expect(throws: PaymentNotificationRejection.forged) {
            try PaymentNotificationFormat.notification(from: body, key: Self.key.verificationKey)
        }
    }

    @Test func changingAFieldBreaksTheSignature() throws {
        let text = String(decoding: try Self.body(), as: UTF8.self).replacingOccurrences(
            of: "total_amount=120.00", with: "total_amount=1.00")
        #expect(throws: PaymentNotificationRejection.forged) {
            try PaymentNotificationFormat.notification(from: Data(text.utf8), key: Self.key.verificationKey)
        }
    }

    @Test func aMissingSignatureOrGarbageIsRefused() throws {
        #expect(throws: PaymentNotificationRejection.forged) {
            try PaymentNotificationFormat.notification(
                from: Data("notify_id=1&out_trade_no=x".utf8), key: Self.key.verificationKey)
        }
        #expect(throws: PaymentNotificationRejection.malformed) {
            try PaymentNotificationFormat.notification(from: Data([0xFF, 0xFE]), key: Self.key.verificationKey)
        }
    }

    @Test func aSignedButIncompleteNotificationIsMalformed() throws {
        let signed = try Self.key.sign(SignedFormFields(["notify_id": "n1", "trade_status": "TRADE_SUCCESS"]))
        #expect(throws: PaymentNotificationRejection.malformed) {
            try PaymentNotificationFormat.notification(
                from: Data(signed.formEncoded.utf8), key: Self.key.verificationKey)
        }
    }

    @Test func differentContentHasADifferentDigest() throws {
        let one = try PaymentNotificationFormat.notification(from: try Self.body(), key: Self.key.verificationKey)
        let two = try PaymentNotificationFormat.notification(
            from: try Self.body(amount: Money(yuan: 1)), key: Self.key.verificationKey)
        #expect(one.contentDigest != two.contentDigest)
    }

    @Test func keysRoundTripThroughTheirConfiguredForms() throws {
        let key = PaymentSigningKey.generate()
        let restored = try PaymentSigningKey(encoded: key.encoded)
        #expect(restored.verificationKey == key.verificationKey)
        #expect(try PaymentVerificationKey(encoded: key.verificationKey.encoded) == key.verificationKey)
        #expect(throws: PaymentKeyError.unreadable) { try PaymentVerificationKey(encoded: "not a key") }
        #expect(throws: PaymentKeyError.unreadable) { try PaymentSigningKey(encoded: "bm90IGEga2V5") }
    }

    @Test func beijingTimesRoundTrip() {
        #expect(PaymentNotificationFormat.format(Self.now) == "2026-11-22 12:00:00")
        #expect(PaymentNotificationFormat.parseTime("2026-11-22 12:00:00") == Self.now)
        #expect(PaymentNotificationFormat.parseTime("2026-11-22T12:00:00") == nil)
        #expect(PaymentNotificationFormat.parseTime("2026-11-22 25:00:00") == nil)
    }
}
