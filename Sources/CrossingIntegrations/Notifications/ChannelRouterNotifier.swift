import CrossingDomain
import Foundation

/// One `Notifier` for every channel: hands each message to the adapter of its channel (SMS, WeChat,
/// Alipay). A channel without an adapter is `.undeliverable`.
public struct ChannelRouterNotifier: Notifier {
    public let adapters: [NotificationChannel: any Notifier]

    public init(sms: any Notifier, wechat: any Notifier, alipay: any Notifier) {
        adapters = [.sms: sms, .wechat: wechat, .alipay: alipay]
    }

    public init(adapters: [NotificationChannel: any Notifier]) {
        self.adapters = adapters
    }

    public func send(_ message: OutboundMessage) async throws(NotifierError) -> DeliveryReceipt {
        guard let adapter = adapters[message.channel] else {
            throw .undeliverable(reason: "no provider for the \(message.channel.rawValue) channel")
        }
        return try await adapter.send(message)
    }
}
