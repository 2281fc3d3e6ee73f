import CrossingDomain
import Foundation

/// Wording of the dependent's consent on the dependents page: the helper's pending requests and
/// the "people who act for you" section, zh and en side by side.
struct DelegationConsentStrings: Encodable, Sendable {
    var statusColumn: String
    var pendingStatus: String
    var activeByCode: String
    var activeByAccount: String
    var activeByDeclaration: String
    var codeLabel: String
    var codeHint: String
    var confirmButton: String
    var resendButton: String
    var withdrawButton: String
    var requestedNotice: String
    var confirmedNotice: String
    var codeSentNotice: String
    var helpersHeading: String
    var helpersIntro: String
    var helpersCaption: String
    var noHelpers: String
    var acceptButton: String
    var declineButton: String
    var stopButton: String
    var acceptedNotice: String
    var declinedNotice: String

    static let zh = DelegationConsentStrings(
        statusColumn: "状态",
        pendingStatus: "等待对方同意，截止",
        activeByCode: "已生效：对方通过验证码同意",
        activeByAccount: "已生效：对方在自己的账户中同意",
        activeByDeclaration: "已生效：由您以父母或监护人身份声明",
        codeLabel: "对方收到的验证码",
        codeHint: "我们已向对方已验证的手机发送短信。对方同意时会把验证码告诉您。",
        confirmButton: "确认",
        resendButton: "重新发送验证码",
        withdrawButton: "撤回申请",
        requestedNotice: "已向对方发出代办申请。对方把短信验证码告诉您，或在自己的账户中同意后，代办才生效（3 天内有效）。",
        confirmedNotice: "对方已同意，您现在可以为此人代办业务。",
        codeSentNotice: "已重新发送验证码。",
        helpersHeading: "代我办理的人",
        helpersIntro: "以下人员可以或申请代您办理出入境业务。您可以随时同意、拒绝或取消。",
        helpersCaption: "可以或申请代您办理业务的人",
        noHelpers: "目前没有人代您办理业务。",
        acceptButton: "同意",
        declineButton: "拒绝",
        stopButton: "取消授权",
        acceptedNotice: "您已同意。对方现在可以代您办理业务。",
        declinedNotice: "已处理。对方不能代您办理业务。")

    static let en = DelegationConsentStrings(
        statusColumn: "Status",
        pendingStatus: "Waiting for them to agree, until",
        activeByCode: "In force: they agreed with the code we sent them",
        activeByAccount: "In force: they agreed in their own account",
        activeByDeclaration: "In force: declared by you as parent or guardian",
        codeLabel: "Code they received",
        codeHint: "We texted a code to their verified mobile. If they agree, they will tell you the code.",
        confirmButton: "Confirm",
        resendButton: "Send the code again",
        withdrawButton: "Withdraw the request",
        requestedNotice:
            "Request sent. It takes effect once they tell you the code we texted them, or agree in their own account (within 3 days).",
        confirmedNotice: "They agreed. You can now apply on this person's behalf.",
        codeSentNotice: "We sent the code again.",
        helpersHeading: "People who act for you",
        helpersIntro:
            "These people act for you in exit-entry services, or have asked to. You can agree, decline or stop it at any time.",
        helpersCaption: "People who act or asked to act for you",
        noHelpers: "Nobody acts for you at the moment.",
        acceptButton: "Agree",
        declineButton: "Decline",
        stopButton: "Stop this",
        acceptedNotice: "Done. They can now act for you.",
        declinedNotice: "Done. They cannot act for you.")

    static func table(_ language: Language) -> DelegationConsentStrings { language == .zh ? zh : en }

    func status(_ delegation: Delegation, at now: Date, format: (Date) -> String) -> String {
        switch delegation.confirmation {
        case .dependentCode?: activeByCode
        case .dependentAccount?: activeByAccount
        case .guardianDeclaration?: activeByDeclaration
        case nil: pendingStatus + " " + (delegation.expiresAt.map(format) ?? "")
        }
    }
}
