import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

@Suite("Sandbox WeChat and Alipay notifiers, channel router")
struct SandboxChannelNotifierTests {
    static let sentAt = Date(timeIntervalSince1970: 1_800_000_000)
    static let openID = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"
    static let alipayID = "2088123456789012"
    static let waybill = ["applicationNumber": "R2026112200017", "waybill": "EA123456785CN"]

    let wechat = SandboxWeChatNotifier(linkBase: "https://crossing.example/", now: { Self.sentAt })
    let alipay = SandboxAlipayNotifier(linkBase: "https://crossing.example", now: { Self.sentAt })

    func message(
        _ channel: NotificationChannel, to recipient: String, template: String = "dispatched",
        parameters: [String: String] = Self.waybill, language: Language = .zh, key: String = "k1"
    ) -> OutboundMessage {
        OutboundMessage(
            channel: channel, recipient: recipient, template: template, parameters: parameters, language: language,
            deduplicationKey: key)
    }

    func failure(_ notifier: any Notifier, _ message: OutboundMessage) async -> NotifierError? {
        do {
            _ = try await notifier.send(message)
            return nil
        } catch {
            return error
        }
    }

    @Test func weChatSendsATemplateMessageWithFieldsAndAnAbsoluteLink() async throws {
        let receipt = try await wechat.send(message(.wechat, to: Self.openID))
        #expect(receipt == DeliveryReceipt(providerMessageID: "sandbox-wechat-1", wasDuplicate: false))
        let sent = try #require(await wechat.outbox().first)
        #expect(sent.recipient == Self.openID)
        #expect(sent.rendered.providerTemplateCode == "CROSSING-TM-06")
        #expect(sent.rendered.fields.map(\.value) == ["R2026112200017", "EA123456785CN"])
        #expect(sent.link == "https://crossing.example/renewals")
        #expect(sent.sentAt == Self.sentAt)
    }

    @Test func alipaySendsTheTitleAndText() async throws {
        _ = try await alipay.send(message(.alipay, to: Self.alipayID, language: .en))
        let sent = try #require(await alipay.messages(to: Self.alipayID).first)
        #expect(sent.rendered.title == "Document dispatched")
        #expect(sent.rendered.text.contains("waybill EA123456785CN"))
        #expect(sent.link == "https://crossing.example/renewals")
    }

    @Test func aRepeatedKeySendsNothingAndAnswersTheFirstReceipt() async throws {
        let first = try await wechat.send(message(.wechat, to: Self.openID, key: "same"))
        let second = try await wechat.send(message(.wechat, to: Self.openID, key: "same"))
        #expect(second == DeliveryReceipt(providerMessageID: first.providerMessageID, wasDuplicate: true))
        #expect(await wechat.outbox().count == 1)
        _ = try await wechat.send(message(.wechat, to: Self.openID, key: "other"))
        #expect(await wechat.outbox().count == 2)
    }

    @Test func aRecipientMustBeABoundIDOfThatPlatform() async {
        for recipient in ["13812345678", "o-too-short", Self.alipayID] {
            guard case .undeliverable = await failure(wechat, message(.wechat, to: recipient)) else {
                Issue.record("\(recipient) accepted by WeChat")
                continue
            }
        }
        for recipient in [Self.openID, "2099123456789012", "20881234567890"] {
            guard case .undeliverable = await failure(alipay, message(.alipay, to: recipient)) else {
                Issue.record("\(recipient) accepted by Alipay")
                continue
            }
        }
        #expect(await wechat.outbox().isEmpty)
        #expect(await alipay.outbox().isEmpty)
    }

    @Test func eachPlatformRefusesOtherChannels() async {
        guard case .undeliverable = await failure(wechat, message(.alipay, to: Self.alipayID)) else {
            Issue.record("WeChat sent an Alipay message")
            return
        }
        guard case .undeliverable = await failure(alipay, message(.sms, to: "13812345678")) else {
            Issue.record("Alipay sent an SMS")
            return
        }
    }

    @Test func unknownTemplatesAndMissingParametersAreRejected() async {
        guard
            case .undeliverable(let reason) = await failure(
                wechat, message(.wechat, to: Self.openID, template: "promo"))
        else {
            Issue.record("unknown template accepted")
            return
        }
        #expect(reason.contains("template"))
        guard
            case .undeliverable(let missing) = await failure(
                alipay, message(.alipay, to: Self.alipayID, parameters: ["waybill": "EA123456785CN"]))
        else {
            Issue.record("missing parameter accepted")
            return
        }
        #expect(missing.contains("applicationNumber"))
    }

    @Test func documentedPermanentFailuresAlwaysFail() async {
        for _ in 0..<2 {
            guard
                case .undeliverable(let reason) = await failure(
                    wechat, message(.wechat, to: SandboxWeChatNotifier.TestOpenIDs.unsubscribed))
            else {
                Issue.record("unsubscribed open id accepted")
                return
            }
            #expect(reason.contains("43004"))
            guard
                case .undeliverable = await failure(
                    alipay, message(.alipay, to: SandboxAlipayNotifier.TestUserIDs.authorisationWithdrawn))
            else {
                Issue.record("withdrawn authorisation accepted")
                return
            }
        }
        #expect(await wechat.outbox().isEmpty)
        #expect(await alipay.outbox().isEmpty)
    }

    @Test func documentedFailOnceRecipientsSucceedOnTheRetry() async throws {
        let busy = message(.wechat, to: SandboxWeChatNotifier.TestOpenIDs.busyOnce)
        #expect(await failure(wechat, busy) == .temporarilyUnavailable)
        #expect(await wechat.outbox().isEmpty)
        #expect(try await wechat.send(busy).wasDuplicate == false)
        #expect(await wechat.outbox().count == 1)
        // Per key: another message fails once again.
        #expect(
            await failure(wechat, message(.wechat, to: SandboxWeChatNotifier.TestOpenIDs.busyOnce, key: "k2"))
                == .temporarilyUnavailable)

        let once = message(.alipay, to: SandboxAlipayNotifier.TestUserIDs.failsOnce)
        #expect(await failure(alipay, once) == .temporarilyUnavailable)
        #expect(try await alipay.send(once).wasDuplicate == false)
        #expect(await alipay.outbox().count == 1)
    }

    @Test func documentedTimeoutsDeliverOnceAndTheRetryFindsTheMessage() async throws {
        let slow = message(.wechat, to: SandboxWeChatNotifier.TestOpenIDs.timesOut)
        #expect(await failure(wechat, slow) == .temporarilyUnavailable)
        #expect(await wechat.outbox().count == 1)
        let retry = try await wechat.send(slow)
        #expect(retry == DeliveryReceipt(providerMessageID: "sandbox-wechat-1", wasDuplicate: true))
        #expect(await wechat.outbox().count == 1)

        let slowAlipay = message(.alipay, to: SandboxAlipayNotifier.TestUserIDs.timesOut)
        #expect(await failure(alipay, slowAlipay) == .temporarilyUnavailable)
        #expect(try await alipay.send(slowAlipay).wasDuplicate)
        #expect(await alipay.outbox().count == 1)
    }

    @Test func documentedTestIDsHaveTheRealFormats() throws {
        for id in [
            SandboxWeChatNotifier.TestOpenIDs.unsubscribed, SandboxWeChatNotifier.TestOpenIDs.busyOnce,
            SandboxWeChatNotifier.TestOpenIDs.timesOut,
        ] {
            #expect(try BoundRecipientID.weChatOpenID(id) == id)
        }
        for id in [
            SandboxAlipayNotifier.TestUserIDs.authorisationWithdrawn, SandboxAlipayNotifier.TestUserIDs.failsOnce,
            SandboxAlipayNotifier.TestUserIDs.timesOut,
        ] {
            #expect(try BoundRecipientID.alipayUserID(id) == id)
        }
    }

    @Test func theRouterDispatchesByChannel() async throws {
        let sms = SandboxSMSNotifier(now: { Self.sentAt })
        let router = ChannelRouterNotifier(sms: sms, wechat: wechat, alipay: alipay)
        _ = try await router.send(message(.sms, to: "13812345678", key: "a"))
        _ = try await router.send(message(.wechat, to: Self.openID, key: "b"))
        _ = try await router.send(message(.alipay, to: Self.alipayID, key: "c"))
        let text = try #require(await sms.outbox().first?.text)
        #expect(text == "【出入境服务】申请R2026112200017的证件已交邮政EMS寄出，运单号EA123456785CN。")
        #expect(await wechat.outbox().count == 1)
        #expect(await alipay.outbox().count == 1)
        let partial = ChannelRouterNotifier(adapters: [.sms: sms])
        guard case .undeliverable = await failure(partial, message(.wechat, to: Self.openID, key: "d")) else {
            Issue.record("a channel without an adapter was accepted")
            return
        }
    }

    @Test func theSMSSandboxStillRefusesTemplatesOutsideBothCatalogues() async {
        let sms = SandboxSMSNotifier(now: { Self.sentAt })
        guard
            case .undeliverable(let reason) = await failure(
                sms, message(.sms, to: "13812345678", template: "marketing"))
        else {
            Issue.record("accepted")
            return
        }
        #expect(reason.contains("template review"))
        guard
            case .undeliverable(let missing) = await failure(
                sms, message(.sms, to: "13812345678", parameters: ["waybill": "EA123456785CN"]))
        else {
            Issue.record("accepted without a parameter")
            return
        }
        #expect(missing.contains("applicationNumber"))
    }
}
