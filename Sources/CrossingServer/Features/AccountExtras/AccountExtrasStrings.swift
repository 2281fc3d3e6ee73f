import CrossingDomain
import Foundation

/// Wording of the face-check and dependents pages, zh and en side by side.
struct AccountExtrasStrings: Encodable, Sendable {
    var backToAccount: String
    var faceHeading: String
    var faceIntro: String
    var faceHowItWorks: String
    var facePrivacy: String
    var faceLastPassed: String
    var faceNeverPassed: String
    var faceStartButton: String
    var faceChallengeHeading: String
    var faceChallengeIntro: String
    var faceActionsHeading: String
    var faceExpires: String
    var sandboxHeading: String
    var sandboxIntro: String
    var sandboxInputsHeading: String
    var sandboxOwnFace: String
    var sandboxSpoof: String
    var sandboxTimeout: String
    var sandboxUnavailable: String
    var sandboxBorderline: String
    var sandboxLow: String
    var faceTokenLabel: String
    var faceTokenHint: String
    var actionsLabel: String
    var actionsHint: String
    var faceSubmitButton: String
    var noSandbox: String
    var facePassedHeading: String
    var facePassedText: String
    var faceFailedHeading: String
    var faceTryAgain: String
    var faceStartFailedHeading: String
    var continueLink: String
    var dependentsHeading: String
    var dependentsIntro: String
    var listHeading: String
    var listCaption: String
    var nameColumn: String
    var relationshipColumn: String
    var sinceColumn: String
    var actionColumn: String
    var noDependents: String
    var revokeButton: String
    var revokeHiddenPrefix: String
    var addedNotice: String
    var revokedNotice: String
    var addHeading: String
    var addIntro: String
    var faceRequiredNotice: String
    var faceRequiredLink: String
    var nameLabel: String
    var nameHint: String
    var documentKindLabel: String
    var chooseDocumentKind: String
    var documentNumberLabel: String
    var issuingCountryLabel: String
    var issuingCountryHint: String
    var relationshipLabel: String
    var chooseRelationship: String
    var consentLabel: String
    var consentHint: String
    var chooseConsent: String
    var addButton: String
    var extrasLinkFace: String
    var extrasLinkDependents: String

    static let zh = AccountExtrasStrings(
        backToAccount: "返回我的账户",
        faceHeading: "人脸验证（实人认证）",
        faceIntro: "办理代办人添加等重要事项前，我们需要确认操作的是您本人。人脸验证会将您的现场人脸与证件照进行比对。",
        faceHowItWorks: "开始后，页面会列出几个动作（例如眨眼、点头），请按顺序完成。验证通过后 10 分钟内有效。",
        facePrivacy: "采集的人脸信息只用于本次比对，不会被保存或记录。",
        faceLastPassed: "您最近一次通过人脸验证的时间：",
        faceNeverPassed: "您还没有通过人脸验证。",
        faceStartButton: "开始人脸验证",
        faceChallengeHeading: "请完成以下动作",
        faceChallengeIntro: "请面对摄像头，按顺序完成下列动作：",
        faceActionsHeading: "需要完成的动作",
        faceExpires: "本次验证将在以下时间失效：",
        sandboxHeading: "测试环境：模拟人脸采集",
        sandboxIntro: "这是测试环境，不会打开摄像头。请在下面填写模拟的人脸标识和动作，然后提交。",
        sandboxInputsHeading: "可用的测试输入",
        sandboxOwnFace: "本人的参考标识（已预先填好），比对得分 0.97，通过",
        sandboxSpoof: "活体检测不通过（照片、屏幕或面具）",
        sandboxTimeout: "服务超时，可以重试",
        sandboxUnavailable: "服务暂时不可用，请稍后再试",
        sandboxBorderline: "得分正好 0.80，通过",
        sandboxLow: "得分 0.79，比对不通过",
        faceTokenLabel: "人脸标识",
        faceTokenHint: "测试环境中代替摄像头拍摄的人脸",
        actionsLabel: "完成的动作",
        actionsHint: "用英文逗号分隔，必须与上面列出的动作完全一致且顺序相同",
        faceSubmitButton: "提交验证",
        noSandbox: "请使用“出入境”手机应用完成人脸采集。",
        facePassedHeading: "人脸验证已通过",
        facePassedText: "已确认是您本人。接下来 10 分钟内，您可以办理需要人脸验证的事项。",
        faceFailedHeading: "人脸验证未通过",
        faceTryAgain: "重新验证",
        faceStartFailedHeading: "暂时无法开始人脸验证",
        continueLink: "继续办理",
        dependentsHeading: "代办服务",
        dependentsIntro: "您可以为家人或其他人代办出入境业务。添加前需要核对对方的证件信息，并确认对方同意（或您是未满 16 周岁孩子的父母或监护人）。",
        listHeading: "我代办的人",
        listCaption: "您目前可以代为办理业务的人",
        nameColumn: "姓名",
        relationshipColumn: "关系",
        sinceColumn: "添加日期",
        actionColumn: "操作",
        noDependents: "您目前没有代办的人。",
        revokeButton: "取消代办",
        revokeHiddenPrefix: "取消代办：",
        addedNotice: "已添加。您现在可以为此人代办业务。",
        revokedNotice: "已取消代办。",
        addHeading: "添加代办人",
        addIntro: "请按对方证件上的内容填写。为保护对方的信息，添加前需要您在 10 分钟内通过人脸验证。",
        faceRequiredNotice: "添加代办人前，需要先确认是您本人操作（10 分钟内有效）。",
        faceRequiredLink: "去完成人脸验证",
        nameLabel: "对方的姓名",
        nameHint: "与证件上的姓名一致",
        documentKindLabel: "对方的证件类型",
        chooseDocumentKind: "请选择",
        documentNumberLabel: "对方的证件号码",
        issuingCountryLabel: "护照签发国家（仅护照填写）",
        issuingCountryHint: "三位字母代码，例如 GBR、USA；中国护照填 CHN",
        relationshipLabel: "您与对方的关系",
        chooseRelationship: "请选择关系",
        consentLabel: "对方如何同意由您代办",
        consentHint: "未满 16 周岁的孩子：由父母或监护人声明即可。其他人：需要本人确认同意。",
        chooseConsent: "请选择",
        addButton: "添加代办人",
        extrasLinkFace: "人脸验证",
        extrasLinkDependents: "代办服务")

    static let en = AccountExtrasStrings(
        backToAccount: "Back to my account",
        faceHeading: "Face verification (real-person check)",
        faceIntro:
            "Before important actions, such as adding a person you act for, we check that it really is you. Face verification compares your live face with the photo on your identity record.",
        faceHowItWorks:
            "When you start, the page lists a few actions (for example, blink or nod). Do them in order. A pass is valid for 10 minutes.",
        facePrivacy: "Your face capture is used only for this check. It is not stored or logged.",
        faceLastPassed: "You last passed face verification at:",
        faceNeverPassed: "You have not passed face verification yet.",
        faceStartButton: "Start face verification",
        faceChallengeHeading: "Do the following actions",
        faceChallengeIntro: "Face the camera and do these actions, in this order:",
        faceActionsHeading: "Actions to do",
        faceExpires: "This check expires at:",
        sandboxHeading: "Test environment: simulated face capture",
        sandboxIntro:
            "This is the test environment, so no camera is used. Type a simulated face token and the actions below, then submit.",
        sandboxInputsHeading: "Test inputs you can use",
        sandboxOwnFace: "your own reference token (already filled in): scores 0.97 and passes",
        sandboxSpoof: "fails the liveness check (photo, screen or mask)",
        sandboxTimeout: "the service times out (you can try again)",
        sandboxUnavailable: "the service is down (try again later)",
        sandboxBorderline: "scores exactly 0.80 and passes",
        sandboxLow: "scores 0.79 and does not match",
        faceTokenLabel: "Face token",
        faceTokenHint: "Stands in for the camera capture in the test environment",
        actionsLabel: "Actions done",
        actionsHint: "Separate them with commas. They must be exactly the actions listed above, in the same order",
        faceSubmitButton: "Submit",
        noSandbox: "Use the Crossing mobile app to capture your face.",
        facePassedHeading: "Face verification passed",
        facePassedText:
            "We have confirmed it is you. For the next 10 minutes you can do actions that need face verification.",
        faceFailedHeading: "Face verification did not pass",
        faceTryAgain: "Try again",
        faceStartFailedHeading: "Face verification cannot start right now",
        continueLink: "Continue",
        dependentsHeading: "Acting for others",
        dependentsIntro:
            "You can apply for exit-entry services on behalf of family members or other people. Before adding someone we check their identity document, and they must agree (or you must be the parent or legal guardian of a child under 16).",
        listHeading: "People you act for",
        listCaption: "People you can currently apply for",
        nameColumn: "Name",
        relationshipColumn: "Relationship",
        sinceColumn: "Added on",
        actionColumn: "Action",
        noDependents: "You do not act for anyone at the moment.",
        revokeButton: "Stop acting for this person",
        revokeHiddenPrefix: "Stop acting for ",
        addedNotice: "Added. You can now apply on this person's behalf.",
        revokedNotice: "Done. You no longer act for that person.",
        addHeading: "Add a person",
        addIntro:
            "Enter the details exactly as they appear on the person's document. To protect them, you need to have passed face verification in the last 10 minutes.",
        faceRequiredNotice: "Before adding a person, we need to check that it is really you (valid for 10 minutes).",
        faceRequiredLink: "Do the face verification",
        nameLabel: "Their full name",
        nameHint: "As shown on their identity document",
        documentKindLabel: "Their identity document",
        chooseDocumentKind: "Choose one",
        documentNumberLabel: "Their document number",
        issuingCountryLabel: "Issuing country (passports only)",
        issuingCountryHint: "Three-letter code such as GBR or USA; CHN for Chinese passports",
        relationshipLabel: "How you are related to them",
        chooseRelationship: "Choose a relationship",
        consentLabel: "How they agreed to you acting for them",
        consentHint:
            "A child under 16: the parent or legal guardian declares it. Anyone else: the person confirms it themselves.",
        chooseConsent: "Choose one",
        addButton: "Add this person",
        extrasLinkFace: "Face verification",
        extrasLinkDependents: "Acting for others")

    static func table(_ language: Language) -> AccountExtrasStrings { language == .zh ? zh : en }

    static func relationship(_ relationship: Relationship, _ language: Language) -> String {
        let text: LocalizedText
        switch relationship {
        case .parent: text = LocalizedText(zh: "我是对方的父亲或母亲", en: "I am their parent")
        case .legalGuardian: text = LocalizedText(zh: "我是对方的法定监护人", en: "I am their legal guardian")
        case .child: text = LocalizedText(zh: "我是对方的子女", en: "I am their child")
        case .spouse: text = LocalizedText(zh: "配偶", en: "Spouse")
        case .sibling: text = LocalizedText(zh: "兄弟姐妹", en: "Brother or sister")
        case .grandparent: text = LocalizedText(zh: "我是对方的祖父母或外祖父母", en: "I am their grandparent")
        case .grandchild: text = LocalizedText(zh: "我是对方的孙子女或外孙子女", en: "I am their grandchild")
        case .otherRelative: text = LocalizedText(zh: "其他亲属", en: "Other relative")
        case .friend: text = LocalizedText(zh: "朋友", en: "Friend")
        case .other: text = LocalizedText(zh: "其他", en: "Other")
        }
        return text.text(in: language)
    }

    static func consent(_ consent: ConsentKind, _ language: Language) -> String {
        let text: LocalizedText
        switch consent {
        case .dependentInPerson:
            text = LocalizedText(
                zh: "对方本人确认同意（我们向对方已验证的手机发送验证码，或由对方在自己的账户中同意）",
                en:
                    "They confirm it themselves (we text a code to their verified mobile, or they agree in their own account)"
            )
        case .guardianDeclaration:
            text = LocalizedText(
                zh: "我是未满 16 周岁孩子的父母或监护人，由我声明",
                en: "I am the parent or guardian of a child under 16 and declare it")
        }
        return text.text(in: language)
    }

    static func action(_ action: String, _ language: Language) -> String {
        let text: LocalizedText
        switch action {
        case "blink": text = LocalizedText(zh: "眨眼", en: "Blink")
        case "turn-left": text = LocalizedText(zh: "向左转头", en: "Turn your head to the left")
        case "turn-right": text = LocalizedText(zh: "向右转头", en: "Turn your head to the right")
        case "nod": text = LocalizedText(zh: "点头", en: "Nod")
        case "open-mouth": text = LocalizedText(zh: "张嘴", en: "Open your mouth")
        default: text = LocalizedText(zh: action, en: action)
        }
        return text.text(in: language)
    }
}
