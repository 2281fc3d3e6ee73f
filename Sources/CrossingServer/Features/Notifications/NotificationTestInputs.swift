import CrossingIntegrations
import Foundation

/// The sandboxes' documented test recipients, as the preferences page lists them.
enum NotificationTestInputs {
    static func weChat(_ strings: NotificationStrings) -> [TestInputView] {
        [
            TestInputView(value: SandboxWeChatNotifier.TestOpenIDs.unsubscribed, label: strings.testPermanent),
            TestInputView(value: SandboxWeChatNotifier.TestOpenIDs.busyOnce, label: strings.testFailsOnce),
            TestInputView(value: SandboxWeChatNotifier.TestOpenIDs.timesOut, label: strings.testTimesOut),
        ]
    }

    static func alipay(_ strings: NotificationStrings) -> [TestInputView] {
        [
            TestInputView(
                value: SandboxAlipayNotifier.TestUserIDs.authorisationWithdrawn, label: strings.testPermanent),
            TestInputView(value: SandboxAlipayNotifier.TestUserIDs.failsOnce, label: strings.testFailsOnce),
            TestInputView(value: SandboxAlipayNotifier.TestUserIDs.timesOut, label: strings.testTimesOut),
        ]
    }
}
