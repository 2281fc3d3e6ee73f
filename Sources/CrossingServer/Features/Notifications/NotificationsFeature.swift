import CrossingDomain
import CrossingIntegrations
import Foundation
import Vapor

/// Wires notifications: the WeChat and Alipay adapters (sandboxes; refused in production unless
/// allowed, like the SMS one), the `notification.send` job, the preferences page and API, and outside
/// production the sandbox outbox page and `crossing notifications outbox`.
enum NotificationsFeature {
    static func configure(_ app: Application) throws {
        let config = app.services.config
        try sandboxAllowed(in: app.environment, config: config)
        // Read the clock through the app each time: tests move `services.now` after configure.
        let now: @Sendable () -> Date = { [weak app] in app?.services.now() ?? Date() }
        let base = config.notifications.linkBaseURL
        app.storage[NotificationAdaptersKey.self] = NotificationAdapters(
            wechat: SandboxWeChatNotifier(linkBase: base, now: now),
            alipay: SandboxAlipayNotifier(linkBase: base, now: now))
        app.notificationStrings = try NotificationStringTables.load(
            from: app.directory.resourcesDirectory + "Localization/")
        app.jobs.register(SendNotificationHandler())
        app.asyncCommands.use(NotificationsCommand(), as: "notifications")
    }

    /// The sandbox WeChat and Alipay providers are refused in production unless explicitly allowed
    /// (staging, load tests), like the SMS sandbox.
    static func sandboxAllowed(in environment: Environment, config: AppConfig) throws {
        guard environment == .production, !config.allowSandboxInProduction else { return }
        throw StartupError(
            description: "Only sandbox WeChat and Alipay message providers exist; they are refused in production. "
                + "Set ALLOW_SANDBOX_IN_PRODUCTION=true for staging or load tests.")
    }

    static func routes(_ app: Application) throws {
        let pages = app.grouped(AccountFailureMiddleware()).grouped(CSRFMiddleware())
        try pages.register(collection: NotificationPreferencesPageController())
        try app.grouped("api", "v1").register(collection: NotificationPreferencesAPIController())
        if app.environment != .production {
            try app.register(collection: DevNotificationsController())
        }
    }
}

/// The channel adapters besides SMS (which is `services.notifier`, shared with one-time codes).
struct NotificationAdapters: Sendable {
    var wechat: any Notifier
    var alipay: any Notifier
}

private struct NotificationAdaptersKey: StorageKey {
    typealias Value = NotificationAdapters
}

private struct NotificationStringsKey: StorageKey {
    typealias Value = NotificationStringTables
}

extension Application {
    var notificationAdapters: NotificationAdapters {
        get {
            guard let adapters = storage[NotificationAdaptersKey.self] else {
                preconditionFailure("NotificationsFeature.configure must run before notifications are sent")
            }
            return adapters
        }
        set { storage[NotificationAdaptersKey.self] = newValue }
    }

    /// One notifier for every channel. SMS is read from `services.notifier` each time, so it is the
    /// same adapter (and sandbox outbox) the one-time codes use.
    var notificationRouter: ChannelRouterNotifier {
        ChannelRouterNotifier(
            sms: services.notifier, wechat: notificationAdapters.wechat, alipay: notificationAdapters.alipay)
    }

    var notificationStrings: NotificationStringTables {
        get {
            guard let strings = storage[NotificationStringsKey.self] else {
                preconditionFailure("NotificationsFeature.configure must run before the notification pages are used")
            }
            return strings
        }
        set { storage[NotificationStringsKey.self] = newValue }
    }

    /// True when every channel adapter is a sandbox (development pages may show their outboxes).
    var notificationSandboxes: (sms: SandboxSMSNotifier, wechat: SandboxWeChatNotifier, alipay: SandboxAlipayNotifier)?
    {
        guard let sms = services.notifier as? SandboxSMSNotifier,
            let wechat = notificationAdapters.wechat as? SandboxWeChatNotifier,
            let alipay = notificationAdapters.alipay as? SandboxAlipayNotifier
        else { return nil }
        return (sms, wechat, alipay)
    }
}

extension Request {
    var notificationStrings: NotificationStrings { application.notificationStrings[language] }
}

enum NotificationPaths {
    static let page = "/account/notifications"
}
