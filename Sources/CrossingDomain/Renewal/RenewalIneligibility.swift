/// One rule of online renewal that a person does not meet, with the explanation and where to go
/// instead. `code` is stable (API field error codes, page anchors).
public enum RenewalIneligibility: Hashable, Sendable {
    /// Online renewal is for mainland citizens' documents (foreigners and HK/Macao/Taiwan residents
    /// hold other documents).
    case notMainlandCitizen
    case underMinimumAge(age: Int, minimumAge: Int, cityCode: String?)
    case noHouseholdRegistration
    /// `listIsComplete` false: the published pilot-city list is partial, so the answer may be wrong.
    case notAPilotCity(cityCode: String?, listIsComplete: Bool)
    case pilotCityNotYetLive(city: PilotCity)
    case stateFunctionary(cityCode: String?)
    case activeMilitary
    /// Never held this document type: the first one is applied for in person.
    case firstApplication(document: RenewalDocument, cityCode: String?)
    /// The most recent document of this type is expired or cancelled.
    case previousDocumentNotValid(number: String, status: HeldDocumentStatus, expiry: CalendarDate, cityCode: String?)
    /// No fingerprints from an earlier counter application.
    case biometricsMissing(cityCode: String?)
    case outsideMainland(document: RenewalDocument)
    case reasonDoesNotFitDocument(reason: RenewalReason, document: RenewalDocument)
    /// "Validity under 6 months" chosen, but the document expires on or after `threshold`.
    case validityNotUnderSixMonths(expiry: CalendarDate, applyFrom: CalendarDate)
    /// Assisted service: the helper has no active delegation from this person.
    case noActiveDelegation

    public var code: String {
        switch self {
        case .notMainlandCitizen: "renewal-not-mainland-citizen"
        case .underMinimumAge: "renewal-under-16"
        case .noHouseholdRegistration: "renewal-no-household-registration"
        case .notAPilotCity: "renewal-not-a-pilot-city"
        case .pilotCityNotYetLive: "renewal-pilot-city-not-yet-live"
        case .stateFunctionary: "renewal-state-functionary"
        case .activeMilitary: "renewal-active-military"
        case .firstApplication: "renewal-first-application"
        case .previousDocumentNotValid: "renewal-previous-document-not-valid"
        case .biometricsMissing: "renewal-biometrics-missing"
        case .outsideMainland: "renewal-outside-mainland"
        case .reasonDoesNotFitDocument: "renewal-reason-does-not-fit"
        case .validityNotUnderSixMonths: "renewal-validity-not-under-6-months"
        case .noActiveDelegation: "renewal-no-active-delegation"
        }
    }

    /// Where to go instead.
    public var alternative: RenewalAlternative {
        switch self {
        case .notMainlandCitizen, .noHouseholdRegistration, .notAPilotCity(cityCode: nil, _):
            .counterAppointment(cityCode: nil)
        case .notAPilotCity(let city?, _): .counterAppointment(cityCode: city)
        case .underMinimumAge(_, _, let city): .guardianAtCounter(cityCode: city)
        case .pilotCityNotYetLive(let city): .waitForGoLive(city.goLiveDate)
        case .stateFunctionary(let city): .employerApproval(cityCode: city)
        case .activeMilitary: .militaryChannel
        case .previousDocumentNotValid(_, .reportedLost, _, _), .previousDocumentNotValid(_, .reportedStolen, _, _):
            .chooseAnotherReason
        case .firstApplication(_, let city), .previousDocumentNotValid(_, _, _, let city),
            .biometricsMissing(let city):
            .counterAppointment(cityCode: city)
        case .outsideMainland(let document):
            document == .ordinaryPassport ? .embassyOrConsulate : .returnToMainland
        case .reasonDoesNotFitDocument: .chooseAnotherReason
        case .validityNotUnderSixMonths(_, let date): .applyFrom(date)
        case .noActiveDelegation: .setUpDelegation
        }
    }

    /// Why, in plain words.
    public var message: LocalizedText {
        switch self {
        case .notMainlandCitizen:
            LocalizedText(
                zh: "网上换发补发只适用于内地居民的护照和通行证",
                en: "Online renewal is only for passports and permits of mainland Chinese citizens")
        case .underMinimumAge(let age, let minimum, _):
            LocalizedText(
                zh: "年满\(minimum)周岁才能在网上申请，申请人现在\(age)岁",
                en: "Online renewal is for people aged \(minimum) or over; the applicant is \(age)")
        case .noHouseholdRegistration:
            LocalizedText(
                zh: "没有查到申请人的户籍登记，无法确认是否属于试点城市",
                en: "We have no household registration on record, so we cannot tell whether it is in a pilot city")
        case .notAPilotCity(_, listIsComplete: true):
            LocalizedText(
                zh: "户籍所在地尚未开通出入境证件“全程网办”",
                en: "Fully online renewal is not available where your household is registered")
        case .notAPilotCity(_, listIsComplete: false):
            LocalizedText(
                zh: "在我们掌握的试点城市名单中没有找到您的户籍所在地（官方名单尚不完整，请向当地出入境管理机构确认）",
                en:
                    "Your place of household registration is not on the pilot-city list we have (the published list is incomplete; check with your local exit-entry office)"
            )
        case .pilotCityNotYetLive(let city):
            LocalizedText(
                zh: "\(city.nameZh)自 \(city.goLiveDate) 起才开通“全程网办”",
                en: "\(city.nameEn) starts fully online renewal on \(city.goLiveDate)")
        case .stateFunctionary:
            LocalizedText(
                zh: "登记备案的国家工作人员不能在网上申请，须经单位审批后到窗口办理",
                en:
                    "Registered state functionaries cannot apply online; they need their employer's approval and apply at a counter"
            )
        case .activeMilitary:
            LocalizedText(
                zh: "现役军人不能在网上申请", en: "Active-duty military personnel cannot apply online")
        case .firstApplication(let document, _):
            LocalizedText(
                zh: "您以前没有办理过\(document.name.zh)，首次申请须本人到窗口办理（需要采集指纹）",
                en:
                    "You have not held a \(document.name.en) before; a first application is made in person at a counter (fingerprints are taken)"
            )
        case .previousDocumentNotValid(let number, .cancelled, _, _):
            LocalizedText(
                zh: "您的证件 \(number) 已被注销，不能在网上换发",
                en: "Your document \(number) has been cancelled; it cannot be renewed online")
        case .previousDocumentNotValid(let number, .reportedLost, _, _),
            .previousDocumentNotValid(let number, .reportedStolen, _, _):
            LocalizedText(
                zh: "您的证件 \(number) 已报失，只能以“证件遗失或被盗”为由申请补发",
                en:
                    "Your document \(number) was reported lost or stolen; apply for a replacement with the reason \"Lost or stolen\""
            )
        case .previousDocumentNotValid(let number, _, let expiry, _):
            LocalizedText(
                zh: "您的证件 \(number) 已于 \(expiry) 过期，网上换发要求原证件仍在有效期内",
                en: "Your document \(number) expired on \(expiry); online renewal needs a document that is still valid")
        case .biometricsMissing:
            LocalizedText(
                zh: "没有查到您以前在窗口留存的指纹信息，须本人到窗口办理",
                en: "We have no fingerprints from an earlier counter application, so you need to apply in person")
        case .outsideMainland(let document):
            document == .ordinaryPassport
                ? LocalizedText(
                    zh: "提交申请时须在中国内地；在境外请向中国驻外使领馆申请护照",
                    en:
                        "You must be in mainland China to apply; abroad, apply for a passport at a Chinese embassy or consulate"
                )
                : LocalizedText(
                    zh: "提交申请时须在中国内地；请回到内地后再申请\(document.name.zh)",
                    en: "You must be in mainland China to apply; apply for the \(document.name.en) after you return")
        case .reasonDoesNotFitDocument(let reason, let document):
            LocalizedText(
                zh: "“\(reason.name.zh)”不适用于\(document.name.zh)（只适用于护照）",
                en: "\"\(reason.name.en)\" does not apply to the \(document.name.en) (passports only)")
        case .validityNotUnderSixMonths(let expiry, let from):
            LocalizedText(
                zh: "您的证件 \(expiry) 到期，有效期还不少于6个月；自 \(from) 起可以申请换发",
                en: "Your document expires on \(expiry), which is 6 months or more away; you can renew it from \(from)")
        case .noActiveDelegation:
            LocalizedText(
                zh: "您还没有获得为此人代办的授权", en: "You do not have an active permission to act for this person")
        }
    }
}
