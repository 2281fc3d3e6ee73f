import CrossingDomain
import Fluent
import Foundation

/// One renewal or replacement application. The history (the domain's `ApplicationHistory` events,
/// as JSON) is the truth; `status`, `waiting_deadline` and `open_key` are derived from it on every
/// change so the queues can be read with an index. Recipient fields and the personal details are
/// sealed with the field cipher.
final class RenewalApplicationRecord: Model, @unchecked Sendable {
    static let schema = "renewal_applications"

    @ID(key: .id) var id: UUID?
    /// What people quote: `CR` + the application date + 8 random digits.
    @Field(key: "number") var number: String
    /// The registry person the application is for.
    @Field(key: "person_key") var personKey: String
    /// The account that submitted it (the person's own or a helper's).
    @Field(key: "account_id") var accountID: String
    @OptionalField(key: "helper_person_key") var helperPersonKey: String?
    @OptionalField(key: "delegation_id") var delegationID: String?
    @Field(key: "document") var document: String
    @Field(key: "reason") var reason: String
    @OptionalField(key: "loss_kind") var lossKind: String?
    @Field(key: "city_code") var cityCode: String
    /// The household-registration office whose officers review it.
    @Field(key: "office_code") var officeCode: String
    @Field(key: "handover") var handover: String
    @OptionalField(key: "recipient_name") var recipientName: String?
    @OptionalField(key: "recipient_phone") var recipientPhone: String?
    @OptionalField(key: "recipient_address") var recipientAddress: String?
    /// Sealed JSON of `RenewalPersonalDetails`.
    @Field(key: "details") var details: String
    @Field(key: "photo_key") var photoKey: String
    @Field(key: "signature_key") var signatureKey: String
    @Field(key: "id_front_key") var idFrontKey: String
    @Field(key: "id_back_key") var idBackKey: String
    @Field(key: "status") var status: String
    /// JSON array of `ApplicationEvent`.
    @Field(key: "history") var history: String
    @Field(key: "version") var version: Int
    @OptionalField(key: "claimed_by") var claimedBy: String?
    @OptionalField(key: "claimed_at") var claimedAt: Date?
    @Field(key: "fee_fen") var feeFen: Int
    @Field(key: "application_date") var applicationDate: String
    @Field(key: "submitted_at") var submittedAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "waiting_deadline") var waitingDeadline: Date?
    @Field(key: "idempotency_key") var idempotencyKey: String
    @Field(key: "request_digest") var requestDigest: String
    @OptionalField(key: "open_key") var openKey: String?
    @OptionalField(key: "new_document_number") var newDocumentNumber: String?
    @OptionalField(key: "pickup_code") var pickupCode: String?
    @Field(key: "language") var language: String

    init() {}

    var renewalDocument: RenewalDocument { RenewalDocument(rawValue: document) ?? .ordinaryPassport }
    var renewalReason: RenewalReason { RenewalReason(rawValue: reason) ?? .validityUnderSixMonths }
    var handoverMethod: HandoverMethod { HandoverMethod(rawValue: handover) ?? .courier }
    var applicationStatus: ApplicationStatus { ApplicationStatus(rawValue: status) ?? .underReview }
    var owner: PersonID { PersonID(personKey) }
    var fee: Money { Money(fen: Int64(feeFen)) }

    func events() throws -> [ApplicationEvent] {
        try JSONDecoder.outbox.decode([ApplicationEvent].self, from: Data(history.utf8))
    }

    func applicationHistory(policy: WithdrawalPolicy) throws -> ApplicationHistory {
        try ApplicationHistory(events: events(), policy: policy)
    }

    static func openKey(person: String, document: String) -> String { "\(person)|\(document)" }
}

/// An accepted upload: which person's file it is, of which kind. Only files recorded here for the
/// application's person can be attached, and only that person, their helpers and the reviewing
/// officers can read them.
final class RenewalUploadRecord: Model, @unchecked Sendable {
    static let schema = "renewal_uploads"

    @ID(key: .id) var id: UUID?
    @Field(key: "blob_key") var blobKey: String
    @Field(key: "kind") var kind: String
    @Field(key: "person_key") var personKey: String
    @Field(key: "account_id") var accountID: String
    @Field(key: "bytes") var bytes: Int
    @Field(key: "width") var width: Int
    @Field(key: "height") var height: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// The answers a person has given so far in the portal's question pages (sealed JSON), one draft per
/// account and person applied for.
final class RenewalDraftRecord: Model, @unchecked Sendable {
    static let schema = "renewal_drafts"

    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: String
    @Field(key: "person_key") var personKey: String
    @Field(key: "answers") var answers: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// The kinds of file an application carries.
enum RenewalUploadKind: String, CaseIterable, Codable, Sendable {
    case photo
    case signature
    case idCardFront = "id-card-front"
    case idCardBack = "id-card-back"

    var name: LocalizedText {
        switch self {
        case .photo: LocalizedText(zh: "证件照片", en: "Photo")
        case .signature: LocalizedText(zh: "手写签名照片", en: "Signature photo")
        case .idCardFront: LocalizedText(zh: "身份证人像面照片", en: "ID card, photo side")
        case .idCardBack: LocalizedText(zh: "身份证国徽面照片", en: "ID card, emblem side")
        }
    }
}

/// The personal details as the registry had them at submission (what the officer checks).
struct RenewalPersonalDetails: Codable, Sendable, Equatable {
    var name: String
    var nameLatin: String?
    var sex: String
    var birthDate: String
    var identityNumber: String
    var householdAddress: String?
    var currentDocumentNumber: String?
    var currentDocumentExpiry: String?
    var mobile: String?
}
