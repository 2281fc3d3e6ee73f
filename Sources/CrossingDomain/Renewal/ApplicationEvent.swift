import Foundation

/// Who recorded an event. `description` is the form stored with events and shown on timelines
/// ("applicant:p-1", "officer:s-7", "system:payments"), and `init?(_:)` parses it back.
public enum ApplicationActor: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The applicant, or a helper acting for them under a delegation (the person who acted).
    case applicant(PersonID)
    case helper(PersonID)
    /// An officer, supervisor or administrator (their staff ID).
    case officer(String)
    /// The payment gateway (its notification), recorded by the payments feature.
    case payments
    /// The courier (its tracking push), recorded by the courier feature.
    case courier
    /// A scheduled job (automatic withdrawal) or another automatic step, named.
    case system(String)

    public var description: String {
        switch self {
        case .applicant(let person): "applicant:\(person.rawValue)"
        case .helper(let person): "helper:\(person.rawValue)"
        case .officer(let staff): "officer:\(staff)"
        case .payments: "system:payments"
        case .courier: "system:courier"
        case .system(let name): "system:\(name)"
        }
    }

    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let kind = text[..<colon]
        let value = String(text[text.index(after: colon)...])
        guard !value.isEmpty else { return nil }
        switch kind {
        case "applicant": self = .applicant(PersonID(value))
        case "helper": self = .helper(PersonID(value))
        case "officer": self = .officer(value)
        case "system":
            switch value {
            case "payments": self = .payments
            case "courier": self = .courier
            default: self = .system(value)
            }
        default: return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let actor = ApplicationActor(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Unknown actor \"\(text)\"")
        }
        self = actor
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var isApplicantSide: Bool {
        switch self {
        case .applicant, .helper: true
        default: false
        }
    }

    public var isOfficer: Bool {
        if case .officer = self { return true }
        return false
    }

    public var isSystem: Bool {
        switch self {
        case .payments, .courier, .system: true
        default: false
        }
    }
}

/// What an officer asks the applicant to fix when returning an application. `code` is stable;
/// `note` is the officer's own words (optional for the standard reasons, required for `.other`).
public struct CorrectionRequest: Hashable, Sendable, Codable {
    public enum Item: String, CaseIterable, Hashable, Sendable, Codable {
        case photo
        case signature
        case idCardPhotos = "id-card-photos"
        case personalDetails = "personal-details"
        case deliveryAddress = "delivery-address"
        case other
    }

    public var item: Item
    public var note: String?

    public init(item: Item, note: String? = nil) {
        self.item = item
        self.note = note
    }

    public var title: LocalizedText {
        switch item {
        case .photo: LocalizedText(zh: "请重新上传证件照片", en: "Upload a new photo")
        case .signature: LocalizedText(zh: "请重新上传手写签名照片", en: "Upload a new signature photo")
        case .idCardPhotos: LocalizedText(zh: "请重新上传身份证正反面照片", en: "Upload new photos of both sides of your ID card")
        case .personalDetails: LocalizedText(zh: "请核对并更正个人信息", en: "Check and correct your personal details")
        case .deliveryAddress: LocalizedText(zh: "请核对并更正收件地址", en: "Check and correct the delivery address")
        case .other: LocalizedText(zh: "请按审核意见修改", en: "Make the change the officer describes")
        }
    }
}

/// Why an application was withdrawn.
public enum WithdrawalCause: String, Hashable, Sendable, Codable {
    case byApplicant = "by-applicant"
    /// Returned for correction and not resubmitted within the waiting period (7 days).
    case correctionNotMade = "correction-not-made"
    /// Approved and not paid within the waiting period (7 days).
    case notPaid = "not-paid"

    public var isAutomatic: Bool { self != .byApplicant }

    public var message: LocalizedText {
        switch self {
        case .byApplicant: LocalizedText(zh: "申请人撤回了申请", en: "The applicant withdrew the application")
        case .correctionNotMade:
            LocalizedText(
                zh: "退回补正后7日内未重新提交，申请视为撤回", en: "Not corrected within 7 days of being returned, so it was withdrawn")
        case .notPaid:
            LocalizedText(
                zh: "审核通过后7日内未缴费，申请视为撤回", en: "Not paid within 7 days of approval, so it was withdrawn")
        }
    }
}

/// How the finished document reaches the applicant.
public enum HandoverMethod: String, CaseIterable, Hashable, Sendable, Codable {
    /// Mailed by courier, postage paid on delivery (邮费到付).
    case courier
    /// Collected at the household-registration office with a pickup code.
    case collection
}

/// One thing that happened to an application.
public enum ApplicationEventType: Hashable, Sendable, Codable {
    case submitted(handover: HandoverMethod)
    case returned(corrections: [CorrectionRequest])
    case resubmitted
    case approved
    case paid(amount: Money)
    case inProduction
    /// Courier handover; the tracking number (UPU S10) when known.
    case dispatched(trackingNumber: String?)
    case outForDelivery
    case delivered
    /// Finished and waiting at the office (collection); the pickup code is sent separately.
    case readyForCollection
    case collected
    case withdrawn(WithdrawalCause)
    case rejected(reason: String)
    case refunded(amount: Money)

    public var kind: ApplicationEventKind {
        switch self {
        case .submitted: .submitted
        case .returned: .returned
        case .resubmitted: .resubmitted
        case .approved: .approved
        case .paid: .paid
        case .inProduction: .inProduction
        case .dispatched: .dispatched
        case .outForDelivery: .outForDelivery
        case .delivered: .delivered
        case .readyForCollection: .readyForCollection
        case .collected: .collected
        case .withdrawn: .withdrawn
        case .rejected: .rejected
        case .refunded: .refunded
        }
    }
}

/// The kind of an event without its details; the raw value is the stable timeline `kind`.
public enum ApplicationEventKind: String, CaseIterable, Hashable, Sendable, Codable {
    case submitted
    case returned
    case resubmitted
    case approved
    case paid
    case inProduction = "in-production"
    case dispatched
    case outForDelivery = "out-for-delivery"
    case delivered
    case readyForCollection = "ready-for-collection"
    case collected
    case withdrawn
    case rejected
    case refunded

    public var name: LocalizedText {
        switch self {
        case .submitted: LocalizedText(zh: "已提交", en: "Submitted")
        case .returned: LocalizedText(zh: "退回补正", en: "Returned for correction")
        case .resubmitted: LocalizedText(zh: "已重新提交", en: "Resubmitted")
        case .approved: LocalizedText(zh: "审核通过", en: "Approved")
        case .paid: LocalizedText(zh: "已缴费", en: "Paid")
        case .inProduction: LocalizedText(zh: "制证中", en: "In production")
        case .dispatched: LocalizedText(zh: "已寄出", en: "Dispatched")
        case .outForDelivery: LocalizedText(zh: "派送中", en: "Out for delivery")
        case .delivered: LocalizedText(zh: "已签收", en: "Delivered")
        case .readyForCollection: LocalizedText(zh: "待领取", en: "Ready for collection")
        case .collected: LocalizedText(zh: "已领取", en: "Collected")
        case .withdrawn: LocalizedText(zh: "已撤回", en: "Withdrawn")
        case .rejected: LocalizedText(zh: "不予批准", en: "Rejected")
        case .refunded: LocalizedText(zh: "已退款", en: "Refunded")
        }
    }
}

/// An event with who recorded it and when.
public struct ApplicationEvent: Hashable, Sendable, Codable {
    public var type: ApplicationEventType
    public var actor: ApplicationActor
    public var at: Date

    public init(_ type: ApplicationEventType, by actor: ApplicationActor, at: Date) {
        self.type = type
        self.actor = actor
        self.at = at
    }

    public var kind: ApplicationEventKind { type.kind }
}
