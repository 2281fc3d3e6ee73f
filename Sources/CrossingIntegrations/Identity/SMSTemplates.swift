import CrossingDomain
import Foundation

/// The SMS templates the sandbox accepts, in Chinese and English: the identity messages below and
/// every template of the notification catalogue (`NotificationCatalogue`). Mainland SMS providers only send
/// pre-approved templates with a signature in 【】 and reject variables that do not fit the
/// template's review (a verification code must look like one), so the sandbox does the same.
enum SMSTemplates {
    static let oneTimeCode = "one-time-code"
    static let signInAlert = "sign-in-alert"
    static let dependentAdded = "dependent-added"
    /// A code the dependent gives the helper only if they agree that the helper acts for them.
    static let delegationConsent = "delegation-consent"
    static let names: Set<String> = [oneTimeCode, signInAlert, dependentAdded, delegationConsent]

    /// The rendered text, or the reason the provider would refuse the message.
    static func render(
        _ template: String, language: Language, parameters: [String: String]
    ) -> Result<String, NotifierError> {
        func value(_ name: String) -> String? {
            guard let value = parameters[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty,
                value.count <= 64
            else { return nil }
            return value
        }
        func missing(_ name: String) -> Result<String, NotifierError> {
            .failure(.undeliverable(reason: "template \(template) needs parameter \(name) (1–64 characters)"))
        }
        switch template {
        case oneTimeCode:
            guard let code = value("code"), isDigits(code, length: 4...8) else { return missing("code") }
            guard let minutes = value("minutes"), isDigits(minutes, length: 1...3) else { return missing("minutes") }
            guard let purpose = value("purpose") else { return missing("purpose") }
            let label = purposeLabel(purpose, language: language)
            return .success(
                language == .zh
                    ? "【出入境服务】您的验证码为\(code)，用于\(label)，\(minutes)分钟内有效。工作人员不会向您索要验证码，请勿告诉他人。"
                    : "[Crossing] Your verification code is \(code), for \(label). It expires in \(minutes) minutes. "
                        + "Our staff will never ask for it; do not share it.")
        case delegationConsent:
            guard let code = value("code"), isDigits(code, length: 4...8) else { return missing("code") }
            guard let minutes = value("minutes"), isDigits(minutes, length: 1...3) else { return missing("minutes") }
            guard let helper = value("helper") else { return missing("helper") }
            return .success(
                language == .zh
                    ? "【出入境服务】\(helper)申请代您办理出入境业务。如您同意，请将验证码\(code)告诉对方（\(minutes)分钟内有效）；"
                        + "如不同意，请勿告诉任何人，也可登录账户拒绝。"
                    : "[Crossing] \(helper) asks to act for you in exit-entry services. If you agree, give them the code "
                        + "\(code) (valid \(minutes) minutes). If not, share it with nobody; you can also decline in your account."
            )
        case signInAlert:
            guard let time = value("time") else { return missing("time") }
            guard let device = value("device") else { return missing("device") }
            return .success(
                language == .zh
                    ? "【出入境服务】您的账号于\(time)在\(device)登录。如非本人操作，请立即修改密码。"
                    : "[Crossing] Your account was signed in to at \(time) on \(device). "
                        + "If this was not you, change your password now.")
        case dependentAdded:
            guard let helper = value("helper") else { return missing("helper") }
            return .success(
                language == .zh
                    ? "【出入境服务】\(helper)已将您添加为代办对象，可代您办理出入境业务。如非您本人或监护人同意，请登录账户撤销授权。"
                    : "[Crossing] \(helper) can now act for you in exit-entry services. "
                        + "If you or your guardian did not agree, sign in and revoke it.")
        default:
            // The notification catalogue's templates (application, delivery and appointment messages).
            guard let known = NotificationTemplateID(rawValue: template) else {
                return .failure(
                    .undeliverable(reason: "template \(template) has not passed the provider's template review"))
            }
            do {
                return .success(
                    try NotificationCatalogue.template(known).render(
                        channel: .sms, language: language, parameters: parameters
                    ).text)
            } catch {
                return .failure(.undeliverable(reason: "rejected by the provider's template check: \(error)"))
            }
        }
    }

    /// Known one-time-code purposes read as words; any other purpose is shown as given. Matching
    /// ignores case and hyphens so both `sign-in` and `signIn` work.
    private static func purposeLabel(_ purpose: String, language: Language) -> String {
        let key = purpose.lowercased().filter { $0 != "-" && $0 != "_" }
        let labels: [String: LocalizedText] = [
            "verifymobile": LocalizedText(zh: "验证手机号", en: "verifying your mobile number"),
            "signin": LocalizedText(zh: "登录", en: "signing in"),
            "resetpassword": LocalizedText(zh: "重置密码", en: "resetting your password"),
            "highassurance": LocalizedText(zh: "身份确认", en: "confirming your identity"),
        ]
        guard let label = labels[key] else { return purpose }
        return language == .zh ? label.zh : label.en
    }

    private static func isDigits(_ text: String, length: ClosedRange<Int>) -> Bool {
        length.contains(text.utf8.count)
            && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
