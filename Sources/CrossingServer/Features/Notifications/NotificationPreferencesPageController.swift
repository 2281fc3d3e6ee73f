import CrossingDomain
import Fluent
import Foundation
import Vapor

/// /account/notifications: choose channels and language; outside production also bind a sandbox
/// WeChat open id or Alipay user id. Lists the latest messages sent to the account.
struct NotificationPreferencesPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let page = routes.grouped("account", "notifications")
        page.get(use: show)
        page.post(use: save)
    }

    struct Form: Content {
        var sms: String?
        var wechat: String?
        var alipay: String?
        var language: String?
        var wechatOpenId: String?
        var alipayUserId: String?
    }

    func show(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let store = NotificationPreferenceStore(services: request.services, database: request.db)
        guard let setup = try await store.setup(accountID: account.accountID) else {
            throw Problem.notFound("That account")
        }
        let done = try? request.query.get(String.self, at: "done")
        return try await render(
            request, setup: setup, form: nil, errors: [],
            notice: done == "saved" ? request.notificationStrings.savedNotice : "")
    }

    func save(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let form = try request.content.decode(Form.self)
        let sandbox = Self.bindsHere(request)
        let change = NotificationPreferenceChange(
            channels: [("sms", form.sms), ("wechat", form.wechat), ("alipay", form.alipay)]
                .filter { $0.1 != nil }.map(\.0),
            language: form.language ?? "", weChatOpenID: sandbox ? (form.wechatOpenId ?? "") : nil,
            alipayUserID: sandbox ? (form.alipayUserId ?? "") : nil)
        let store = NotificationPreferenceStore(services: request.services, database: request.db)
        switch try await store.apply(change, accountID: account.accountID, client: request.clientContext) {
        case .success:
            return request.redirect(to: NotificationPaths.page + "?done=saved", redirectType: .normal)
        case .failure(let failure):
            guard let setup = try await store.setup(accountID: account.accountID) else {
                throw Problem.notFound("That account")
            }
            let errors = failure.errors.map {
                FieldErrorView(field: $0.field, message: $0.message.text(in: request.language))
            }
            return try await render(
                request, setup: setup, form: form, errors: errors, notice: "", status: .unprocessableEntity)
        }
    }

    /// Binding by typing an id is for the sandboxes only; live bindings come from the mini-programs.
    static func bindsHere(_ request: Request) -> Bool {
        request.application.environment != .production && request.application.notificationSandboxes != nil
    }

    private func render(
        _ request: Request, setup: NotificationSetup, form: Form?, errors: [FieldErrorView], notice: String,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let strings = request.notificationStrings
        let language = request.language
        let chosen = Set(setup.preferences.channels)
        let channels = NotificationChannel.allCases.map { channel in
            let recipient = setup.addresses.recipient(on: channel)
            let checked: Bool
            if let form {
                switch channel {
                case .sms: checked = form.sms != nil
                case .wechat: checked = form.wechat != nil
                case .alipay: checked = form.alipay != nil
                }
            } else {
                checked = chosen.contains(channel)
            }
            let status =
                recipient.map { strings.boundTo + DeliveryRecorder.mask($0, channel: channel) }
                ?? (channel == .sms ? strings.mobileNotVerified : strings.notBound)
            return ChannelOptionView(
                value: channel.rawValue, label: strings.channel(channel), checked: checked, status: status)
        }
        let chosenLanguage = form?.language ?? setup.preferences.language.rawValue
        let formatter = DateFormatter()
        formatter.timeZone = request.services.config.serviceTimeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let deliveries = try await NotificationPreferenceStore(services: request.services, database: request.db)
            .recentDeliveries(accountID: setup.accountID, limit: 20)
        let history = deliveries.map { row in
            let channel = NotificationChannel(rawValue: row.channel)
            return DeliveryRowView(
                time: formatter.string(from: row.recordedAt), channel: channel.map(strings.channel) ?? row.channel,
                message: NotificationTemplateID(rawValue: row.template)
                    .map { NotificationCatalogue.template($0).title.text(in: language) } ?? row.template,
                recipient: row.recipientMasked, sent: row.status == NotificationDeliveryStatus.sent.rawValue,
                status: row.status == NotificationDeliveryStatus.sent.rawValue
                    ? strings.statusSent : strings.statusFailed)
        }
        let sandbox = Self.bindsHere(request)
        let context = NotificationPreferencesContext(
            meta: Portal.meta(request, title: strings.heading, section: "account"), t: strings,
            csrfToken: CSRF.token(for: request), errors: errors, notice: notice, channels: channels,
            channelsError: FieldView(nil, field: "channels", errors: errors),
            languages: Language.allCases.map {
                OptionView(
                    value: $0.rawValue, label: $0 == .zh ? strings.chinese : strings.english,
                    selected: $0.rawValue == chosenLanguage)
            },
            languageError: FieldView(nil, field: "language", errors: errors),
            effective: setup.targets.map { strings.channel($0.channel) }.joined(
                separator: language == .zh ? "、" : ", "),
            sandbox: sandbox,
            wechatOpenId: FieldView(
                form?.wechatOpenId ?? (sandbox ? setup.addresses.weChatOpenID : nil), field: "wechatOpenId",
                errors: errors),
            alipayUserId: FieldView(
                form?.alipayUserId ?? (sandbox ? setup.addresses.alipayUserID : nil), field: "alipayUserId",
                errors: errors),
            weChatTests: NotificationTestInputs.weChat(strings), alipayTests: NotificationTestInputs.alipay(strings),
            history: history)
        return try await AccountPage.render("notifications/preferences", context, for: request, status: status)
    }
}

struct ChannelOptionView: Encodable, Sendable {
    var value: String
    var label: String
    var checked: Bool
    /// Where it goes: the masked recipient, or why it cannot be used yet.
    var status: String
}

struct DeliveryRowView: Encodable, Sendable {
    var time: String
    var channel: String
    var message: String
    var recipient: String
    var sent: Bool
    var status: String
}

struct TestInputView: Encodable, Sendable {
    var value: String
    var label: String
}

struct NotificationPreferencesContext: Encodable, Sendable {
    var meta: PageMeta
    var t: NotificationStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var notice: String
    var channels: [ChannelOptionView]
    var channelsError: FieldView
    var languages: [OptionView]
    var languageError: FieldView
    var effective: String
    var sandbox: Bool
    var wechatOpenId: FieldView
    var alipayUserId: FieldView
    var weChatTests: [TestInputView]
    var alipayTests: [TestInputView]
    var history: [DeliveryRowView]
}
