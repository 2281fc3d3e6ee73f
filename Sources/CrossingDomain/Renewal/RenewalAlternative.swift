/// Where to send someone who cannot renew online: a typed value the portal and the API turn into a
/// link or an instruction. `code` is stable and never changes once published.
public enum RenewalAlternative: Hashable, Sendable {
    /// Book an appointment at the exit-entry counter of the household-registration city (nil when the
    /// person has no household registration on record; then any office).
    case counterAppointment(cityCode: String?)
    /// Under 16: a parent or guardian applies with the child at a counter.
    case guardianAtCounter(cityCode: String?)
    /// Registered state functionaries: get the employer's approval (through its personnel or
    /// organisation department, 登记备案), then apply at a counter with it.
    case employerApproval(cityCode: String?)
    /// Active-duty military: apply through the unit's own channel.
    case militaryChannel
    /// The city starts online renewal on this date; apply online from then or at a counter now.
    case waitForGoLive(CalendarDate)
    /// The document will have less than 6 months left from this date; apply online from then.
    case applyFrom(CalendarDate)
    /// Abroad, passport: apply at a Chinese embassy or consulate.
    case embassyOrConsulate
    /// Abroad, HK/Macao or Taiwan permit: return to the mainland first.
    case returnToMainland
    /// Choose a reason that fits the document.
    case chooseAnotherReason
    /// Ask the helper's dependent to confirm the assisted-service delegation first.
    case setUpDelegation

    public var code: String {
        switch self {
        case .counterAppointment: "counter-appointment"
        case .guardianAtCounter: "guardian-at-counter"
        case .employerApproval: "employer-approval"
        case .militaryChannel: "military-channel"
        case .waitForGoLive: "wait-for-go-live"
        case .applyFrom: "apply-from"
        case .embassyOrConsulate: "embassy-or-consulate"
        case .returnToMainland: "return-to-mainland"
        case .chooseAnotherReason: "choose-another-reason"
        case .setUpDelegation: "set-up-delegation"
        }
    }

    /// The household-registration city to book at, for the counter alternatives.
    public var cityCode: String? {
        switch self {
        case .counterAppointment(let city), .guardianAtCounter(let city), .employerApproval(let city): city
        default: nil
        }
    }

    /// The date the alternative refers to (go-live date, first day to apply).
    public var date: CalendarDate? {
        switch self {
        case .waitForGoLive(let date), .applyFrom(let date): date
        default: nil
        }
    }

    /// What to do, in plain words (the link text or the instruction).
    public var label: LocalizedText {
        switch self {
        case .counterAppointment:
            LocalizedText(zh: "预约到户籍地出入境管理窗口办理", en: "Book an appointment at your local exit-entry office")
        case .guardianAtCounter:
            LocalizedText(
                zh: "由监护人陪同到出入境管理窗口办理", en: "A parent or guardian applies with the child at an exit-entry office")
        case .employerApproval:
            LocalizedText(
                zh: "先经所在单位人事（组织）部门审批同意，再持审批材料到出入境管理窗口办理",
                en:
                    "Get your employer's approval through its personnel department first, then apply at an exit-entry office with it"
            )
        case .militaryChannel:
            LocalizedText(zh: "请通过所在部队规定的渠道办理", en: "Apply through the channel your military unit sets")
        case .waitForGoLive(let date):
            LocalizedText(
                zh: "自 \(date) 起可在网上申请，或现在预约窗口办理",
                en: "Apply online from \(date), or book a counter appointment now")
        case .applyFrom(let date):
            LocalizedText(zh: "自 \(date) 起可在网上申请换发", en: "You can apply online from \(date)")
        case .embassyOrConsulate:
            LocalizedText(zh: "请向中国驻外使领馆申请", en: "Apply at a Chinese embassy or consulate")
        case .returnToMainland:
            LocalizedText(zh: "请回到中国内地后再申请", en: "Apply after you return to mainland China")
        case .chooseAnotherReason:
            LocalizedText(zh: "请选择适合该证件的申请事由", en: "Choose a reason that applies to this document")
        case .setUpDelegation:
            LocalizedText(
                zh: "请先在“为家人代办”中添加被代办人并完成确认", en: "First add the person under \"Act for someone\" and have them confirm"
            )
        }
    }
}
