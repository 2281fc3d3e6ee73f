import Fluent
import Foundation

// The administration's person and document registry, which real-name checks and eligibility rely on.
// Identity and document numbers are stored sealed (AES-GCM, key id inside) with a keyed blind index
// (HMAC) for look-up: the database alone reveals neither.

final class PersonRecord: Model, @unchecked Sendable {
    static let schema = "persons"

    @ID(key: .id) var id: UUID?
    /// The registry's own stable identifier (`PersonID`), never an identity number.
    @Field(key: "person_key") var personKey: String
    @Field(key: "name") var name: String
    @OptionalField(key: "name_latin") var nameLatin: String?
    @Field(key: "identity_kind") var identityKind: String
    @Field(key: "identity_number_sealed") var identityNumberSealed: String
    @Field(key: "identity_number_index") var identityNumberIndex: String
    @OptionalField(key: "issuing_country") var issuingCountry: String?
    @Field(key: "sex") var sex: String
    @Field(key: "birth_date") var birthDate: String
    @Field(key: "nationality") var nationality: String
    @Field(key: "residency") var residency: String
    @OptionalField(key: "household_city_code") var householdCityCode: String?
    @OptionalField(key: "household_address_code") var householdAddressCode: String?
    @OptionalField(key: "household_address") var householdAddress: String?
    @Field(key: "is_state_functionary") var isStateFunctionary: Bool
    @Field(key: "is_active_military") var isActiveMilitary: Bool
    @Field(key: "biometrics_on_file") var biometricsOnFile: Bool
    @Field(key: "reference_photo_on_file") var referencePhotoOnFile: Bool
    @OptionalField(key: "mobile_sealed") var mobileSealed: String?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

final class PersonDocumentRecord: Model, @unchecked Sendable {
    static let schema = "person_documents"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_key") var personKey: String
    @Field(key: "kind") var kind: String
    @Field(key: "number_sealed") var numberSealed: String
    @Field(key: "number_index") var numberIndex: String
    @Field(key: "issue_date") var issueDate: String
    @Field(key: "expiry_date") var expiryDate: String
    @Field(key: "status") var status: String

    init() {}
}

/// The append-only, hash-chained audit log. `sequence` is unique, so two writers can never both
/// append entry N: the loser retries on the new head.
final class AuditLogRecord: Model, @unchecked Sendable {
    static let schema = "audit_log"

    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int64
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "actor") var actor: String
    @OptionalField(key: "on_behalf_of") var onBehalfOf: String?
    @Field(key: "action") var action: String
    @OptionalField(key: "subject") var subject: String?
    @Field(key: "outcome") var outcome: String
    /// Details as a JSON object of strings.
    @Field(key: "details") var details: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}
}

/// One row that every audit append updates first. The update takes the write lock before the head of
/// the chain is read: a row lock on PostgreSQL (appends from all instances queue here), and SQLite's
/// write lock, which avoids the deadlock two read-then-write transactions would otherwise hit.
final class AuditChainHeadRecord: Model, @unchecked Sendable {
    static let schema = "audit_chain_head"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "appends") var appends: Int64

    init() {}

    init(id: Int, appends: Int64) {
        self.id = id
        self.appends = appends
    }
}
