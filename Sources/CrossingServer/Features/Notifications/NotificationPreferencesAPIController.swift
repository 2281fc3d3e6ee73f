import CrossingDomain
import Fluent
import Foundation
import Vapor

/// GET/PUT /api/v1/account/notification-preferences: the signed-in account's own channels, language
/// and bindings. There is no id in the path, so nobody can reach another person's preferences.
struct NotificationPreferencesAPIController: RouteCollection {
    static let maxBodySize: ByteCount = "8kb"

    func boot(routes: any RoutesBuilder) throws {
        let path: [PathComponent] = ["account", "notification-preferences"]
        routes.get(path, use: show)
        routes.on(.PUT, path, body: .collect(maxSize: Self.maxBodySize), use: update)
    }

    struct UpdateRequest: Content {
        var channels: [String]?
        var language: String?
        var wechatOpenId: String?
        var alipayUserId: String?
    }

    func show(_ request: Request) async throws -> NotificationPreferencesDocument {
        let account = try request.requireAccount()
        let store = NotificationPreferenceStore(services: request.services, database: request.db)
        guard let setup = try await store.setup(accountID: account.accountID) else {
            throw Problem.notFound("That account")
        }
        return NotificationPreferencesDocument(setup)
    }

    func update(_ request: Request) async throws -> NotificationPreferencesDocument {
        let account = try request.requireAccount()
        guard request.headers.contentType == .json else {
            throw Problem(.unsupportedMediaType, detail: "Send the request body as application/json.")
        }
        let body = try request.content.decode(UpdateRequest.self)
        var refused: [Problem.FieldError] = []
        if !NotificationPreferencesPageController.bindsHere(request) {
            let message = LocalizedText(
                zh: "请在“移民局12367”微信或支付宝小程序中授权绑定",
                en: "Bind it by authorising the 移民局12367 mini-program in WeChat or Alipay"
            ).text(in: request.language)
            if body.wechatOpenId != nil {
                refused.append(.init(field: "wechatOpenId", code: "bind-in-mini-program", message: message))
            }
            if body.alipayUserId != nil {
                refused.append(.init(field: "alipayUserId", code: "bind-in-mini-program", message: message))
            }
        }
        if !refused.isEmpty { throw Problem.validation(refused) }
        let change = NotificationPreferenceChange(
            channels: body.channels ?? [], language: body.language ?? "", weChatOpenID: body.wechatOpenId,
            alipayUserID: body.alipayUserId)
        let store = NotificationPreferenceStore(services: request.services, database: request.db)
        switch try await store.apply(change, accountID: account.accountID, client: request.clientContext) {
        case .success(let setup):
            return NotificationPreferencesDocument(setup)
        case .failure(let failure):
            throw Problem.validation(
                failure.errors.map {
                    Problem.FieldError(field: $0.field, code: $0.code, message: $0.message.text(in: request.language))
                })
        }
    }
}

struct NotificationPreferencesDocument: Content {
    struct Bindings: Content {
        var sms: String?
        var wechat: String?
        var alipay: String?
    }

    /// The channels chosen, in order.
    var channels: [String]
    var language: String
    /// False while the defaults apply (SMS, the account's language).
    var saved: Bool
    /// Masked recipients bound on each channel (null when none).
    var bindings: Bindings
    /// Where a message would go now: the chosen channels that are bound, or SMS as the fallback.
    var effectiveChannels: [String]

    init(_ setup: NotificationSetup) {
        channels = setup.preferences.channels.map(\.rawValue)
        language = setup.preferences.language.rawValue
        saved = setup.saved
        let addresses = setup.addresses
        bindings = Bindings(
            sms: addresses.mobile.map { DeliveryRecorder.mask($0, channel: .sms) },
            wechat: addresses.weChatOpenID.map { DeliveryRecorder.mask($0, channel: .wechat) },
            alipay: addresses.alipayUserID.map { DeliveryRecorder.mask($0, channel: .alipay) })
        effectiveChannels = setup.targets.map(\.channel.rawValue)
    }
}
