import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

@Suite("Sandbox SMS notifier")
struct SandboxSMSNotifierTests {
    static let sentAt = Date(timeIntervalSince1970: 1_800_000_000)
    let notifier = SandboxSMSNotifier(now: { SandboxSMSNotifierTests.sentAt })

    func code(
        to recipient: String = "13800138000", code: String = "042917", language: Language = .zh,
        key: String = "otp-1", channel: NotificationChannel = .sms
    ) -> OutboundMessage {
        OutboundMessage(
            channel: channel, recipient: recipient, template: "one-time-code",
            parameters: ["code": code, "minutes": "5", "purpose": "verify-mobile"], language: language,
            deduplicationKey: key)
    }

    func reason(of message: OutboundMessage) async -> String? {
        let error = await #expect(throws: NotifierError.self) { try await notifier.send(message) }
        guard case .undeliverable(let reason) = error else { return nil }
        return reason
    }

    @Test func theSandboxSaysSo() {
        #expect(SandboxSMSNotifier.isSandbox)
        #expect(
            SandboxSMSNotifier.templates == ["one-time-code", "sign-in-alert", "dependent-added", "delegation-consent"])
    }

    @Test func aOneTimeCodeIsRenderedInChinese() async throws {
        let receipt = try await notifier.send(code())
        #expect(!receipt.wasDuplicate)
        let sms = try #require(await notifier.outbox().first)
        #expect(sms.id == receipt.providerMessageID)
        #expect(sms.recipient == "13800138000")
        #expect(sms.template == "one-time-code")
        #expect(sms.text.hasPrefix("【出入境服务】"))
        #expect(sms.text.contains("042917") && sms.text.contains("5分钟") && sms.text.contains("验证手机号"))
        #expect(sms.sentAt == Self.sentAt && sms.deliveredAt == Self.sentAt)
        #expect(sms.deduplicationKey == "otp-1")
    }

    @Test func aOneTimeCodeIsRenderedInEnglish() async throws {
        _ = try await notifier.send(code(language: .en))
        let text = try #require(await notifier.outbox().first?.text)
        #expect(text.contains("042917") && text.contains("5 minutes") && text.contains("verifying your mobile number"))
    }

    @Test(arguments: [
        ("sign-in-alert", ["time": "2027-01-15 09:30", "device": "iPhone"], "2027-01-15 09:30"),
        ("dependent-added", ["helper": "张*"], "张*"),
    ])
    func otherTemplatesRenderInBothLanguages(template: String, parameters: [String: String], shown: String) async throws
    {
        for language in Language.allCases {
            let message = OutboundMessage(
                channel: .sms, recipient: "13800138000", template: template, parameters: parameters, language: language,
                deduplicationKey: "\(template)-\(language)")
            _ = try await notifier.send(message)
        }
        let texts = await notifier.outbox().map(\.text)
        #expect(texts.count == 2 && texts.allSatisfy { $0.contains(shown) })
        #expect(texts[0].hasPrefix("【出入境服务】") && texts[1].hasPrefix("[Crossing]"))
    }

    @Test func theLastCodeIsReadableForDevelopment() async throws {
        #expect(await notifier.lastCode(to: "13800138000") == nil)
        _ = try await notifier.send(code(code: "111111", key: "a"))
        _ = try await notifier.send(code(code: "222222", key: "b"))
        _ = try await notifier.send(code(to: "13912345678", code: "333333", key: "c"))
        #expect(await notifier.lastCode(to: "13800138000") == "222222")
        #expect(await notifier.messages(to: "13800138000").count == 2)
        #expect(await notifier.outbox().map(\.recipient) == ["13800138000", "13800138000", "13912345678"])
    }

    @Test func aRepeatedDeduplicationKeySendsNothingNew() async throws {
        let first = try await notifier.send(code())
        let second = try await notifier.send(code())
        #expect(second == DeliveryReceipt(providerMessageID: first.providerMessageID, wasDuplicate: true))
        #expect(await notifier.outbox().count == 1)
        let other = try await notifier.send(code(key: "otp-2"))
        #expect(other.providerMessageID != first.providerMessageID && !other.wasDuplicate)
    }

    @Test(arguments: [
        "12345678901", "23800138000", "12800138000", "1380013800", "138001380000", "+8613800138000",
        "138 0013 8000", "1380013800a", "", "１３８００１３８０００",
    ])
    func onlyMainlandMobileNumbersAreAccepted(recipient: String) async {
        #expect(await reason(of: code(to: recipient)) != nil)
        #expect(await notifier.outbox().isEmpty)
    }

    @Test(arguments: ["13000000000", "15912345678", "19999999999"])
    func mainlandMobileNumbersAreAccepted(recipient: String) async throws {
        _ = try await notifier.send(code(to: recipient))
        #expect(await notifier.messages(to: recipient).count == 1)
    }

    @Test(arguments: [NotificationChannel.wechat, .alipay])
    func onlySMSIsSent(channel: NotificationChannel) async {
        #expect(await reason(of: code(channel: channel)) != nil)
    }

    @Test func anUnreviewedTemplateIsRefused() async {
        let message = OutboundMessage(
            channel: .sms, recipient: "13800138000", template: "marketing", parameters: [:], language: .zh,
            deduplicationKey: "m")
        #expect(await reason(of: message)?.contains("template review") == true)
        #expect(await notifier.outbox().isEmpty)
    }

    @Test(arguments: [
        ["minutes": "5", "purpose": "sign-in"], ["code": "12ab56", "minutes": "5", "purpose": "sign-in"],
        ["code": "123456", "purpose": "sign-in"], ["code": "123456", "minutes": "5"],
        ["code": "123456", "minutes": "5", "purpose": "  "],
    ])
    func missingOrBadParametersAreRefused(parameters: [String: String]) async {
        let message = OutboundMessage(
            channel: .sms, recipient: "13800138000", template: "one-time-code", parameters: parameters, language: .en,
            deduplicationKey: "p")
        #expect(await reason(of: message) != nil)
    }

    @Test func testNumberOneIsNeverDelivered() async {
        #expect(await reason(of: code(to: SandboxSMSNotifier.TestNumbers.undeliverable)) != nil)
        #expect(await reason(of: code(to: "13900000001")) != nil)
        #expect(await notifier.outbox().isEmpty)
    }

    @Test func testNumberTwoFailsOncePerKeyThenSucceeds() async throws {
        let message = code(to: "13900000002")
        await #expect(throws: NotifierError.temporarilyUnavailable) { try await notifier.send(message) }
        #expect(await notifier.outbox().isEmpty)
        let retry = try await notifier.send(message)
        #expect(!retry.wasDuplicate)
        #expect(try await notifier.send(message).wasDuplicate)
        await #expect(throws: NotifierError.temporarilyUnavailable) {
            try await notifier.send(code(to: "13900000002", key: "k2"))
        }
        #expect(await notifier.lastCode(to: "13900000002") == "042917")
    }

    @Test func testNumberThreeIsDeliveredLate() async throws {
        _ = try await notifier.send(code(to: "13900000003"))
        let sms = try #require(await notifier.messages(to: "13900000003").first)
        #expect(sms.sentAt == Self.sentAt)
        #expect(sms.deliveredAt == Self.sentAt.addingTimeInterval(30))
    }
}
