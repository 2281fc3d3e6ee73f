import CrossingDomain
import Foundation
import Testing

@Suite("Notification channel choice and preferences")
struct NotificationPreferencesTests {
    static let mobile = "13812345678"
    static let openID = "oCrossingTest-busy-once00001"
    static let alipayID = "2088000000000042"

    func targets(_ channels: [NotificationChannel], _ addresses: NotificationAddresses) -> [NotificationTarget] {
        NotificationChannelChoice.targets(
            preferences: NotificationPreferences(channels: channels, language: .zh), addresses: addresses)
    }

    @Test func theDefaultIsSMSInTheAccountsLanguage() {
        let defaults = NotificationPreferences.defaults(language: .en)
        #expect(defaults.channels == [.sms])
        #expect(defaults.language == .en)
    }

    @Test func chosenBoundChannelsAreUsedInThePersonsOrder() {
        let addresses = NotificationAddresses(
            mobile: Self.mobile, weChatOpenID: Self.openID, alipayUserID: Self.alipayID)
        #expect(
            targets([.alipay, .wechat], addresses) == [
                NotificationTarget(channel: .alipay, recipient: Self.alipayID),
                NotificationTarget(channel: .wechat, recipient: Self.openID),
            ])
        #expect(targets([.wechat, .sms, .wechat], addresses).map(\.channel) == [.wechat, .sms])
    }

    @Test func aChosenChannelWithoutABoundRecipientIsSkipped() {
        let addresses = NotificationAddresses(mobile: Self.mobile, weChatOpenID: Self.openID)
        #expect(
            targets([.wechat, .alipay], addresses) == [NotificationTarget(channel: .wechat, recipient: Self.openID)])
    }

    @Test func smsIsTheFallbackWhenNoChosenChannelIsBound() {
        let addresses = NotificationAddresses(mobile: Self.mobile)
        #expect(targets([.wechat, .alipay], addresses) == [NotificationTarget(channel: .sms, recipient: Self.mobile)])
        #expect(targets([], addresses) == [NotificationTarget(channel: .sms, recipient: Self.mobile)])
    }

    @Test func withNothingBoundNothingCanBeSent() {
        #expect(targets([.wechat, .sms], NotificationAddresses()).isEmpty)
    }

    @Test func boundIDsHaveThePlatformsFormats() throws {
        #expect(try BoundRecipientID.weChatOpenID(" \(Self.openID) ") == Self.openID)
        #expect(throws: NotificationPreferenceError.invalidWeChatOpenID) { try BoundRecipientID.weChatOpenID("o123") }
        #expect(throws: NotificationPreferenceError.invalidWeChatOpenID) {
            try BoundRecipientID.weChatOpenID("oCrossingTest busy once00001")
        }
        #expect(try BoundRecipientID.alipayUserID(Self.alipayID) == Self.alipayID)
        #expect(throws: NotificationPreferenceError.invalidAlipayUserID) {
            try BoundRecipientID.alipayUserID("2099000000000042")
        }
        #expect(throws: NotificationPreferenceError.invalidAlipayUserID) {
            try BoundRecipientID.alipayUserID("208800000000004")
        }
        #expect(BoundRecipientID.masked(Self.alipayID) == "2088********0042")
    }

    @Test func aValidChangeBindsAndChooses() throws {
        let change = NotificationPreferenceChange(
            channels: ["wechat", "sms"], language: "en", weChatOpenID: Self.openID, alipayUserID: nil)
        let (preferences, addresses) = try change.validate(current: NotificationAddresses(mobile: Self.mobile)).get()
        #expect(preferences == NotificationPreferences(channels: [.wechat, .sms], language: .en))
        #expect(addresses == NotificationAddresses(mobile: Self.mobile, weChatOpenID: Self.openID))
    }

    @Test func anEmptyBindingUnbinds() throws {
        let current = NotificationAddresses(mobile: Self.mobile, weChatOpenID: Self.openID, alipayUserID: Self.alipayID)
        let change = NotificationPreferenceChange(
            channels: ["sms"], language: "zh", weChatOpenID: "", alipayUserID: nil)
        let (_, addresses) = try change.validate(current: current).get()
        #expect(addresses.weChatOpenID == nil)
        #expect(addresses.alipayUserID == Self.alipayID)
    }

    @Test func everyProblemIsReportedWithItsField() {
        let change = NotificationPreferenceChange(
            channels: ["fax"], language: "fr", weChatOpenID: "nope", alipayUserID: "12")
        guard case .failure(let failure) = change.validate(current: NotificationAddresses()) else {
            Issue.record("accepted")
            return
        }
        #expect(
            Set(failure.errors) == [
                .invalidWeChatOpenID, .invalidAlipayUserID, .unknownLanguage, .unknownChannel("fax"),
            ])
        #expect(Set(failure.errors.map(\.field)) == ["wechatOpenId", "alipayUserId", "language", "channels"])
    }

    @Test func noChannelOrAnUnboundChannelIsRefused() {
        let none = NotificationPreferenceChange(channels: [], language: "zh")
        #expect(throws: NotificationPreferenceErrors(errors: [.noChannel])) {
            try none.validate(current: NotificationAddresses(mobile: Self.mobile)).get()
        }
        let unbound = NotificationPreferenceChange(channels: ["alipay"], language: "zh")
        #expect(throws: NotificationPreferenceErrors(errors: [.channelNotBound(.alipay)])) {
            try unbound.validate(current: NotificationAddresses(mobile: Self.mobile)).get()
        }
        let messages = [NotificationPreferenceError.channelNotBound(.alipay), .noChannel].map(\.message)
        #expect(messages.allSatisfy { !$0.zh.isEmpty && !$0.en.isEmpty })
    }
}
