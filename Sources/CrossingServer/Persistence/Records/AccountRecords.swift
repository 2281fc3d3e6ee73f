import Fluent
import Foundation

// Accounts and everything that authenticates them. Secrets are never stored as given: passwords as
// bcrypt hashes, one-time codes and session/refresh tokens as keyed digests, TOTP secrets and
// signing keys sealed with the field cipher, mobile numbers sealed with a blind index.

final class AccountRecord: Model, @unchecked Sendable {
    static let schema = "accounts"

    @ID(key: .id) var id: UUID?
    /// The registry person this account is the real-name account of (nil for partner accounts).
    @OptionalField(key: "person_key") var personKey: String?
    /// applicant | staff | partner
    @Field(key: "kind") var kind: String
    /// Staff sign-in name (officers, supervisors, administrators); nil for applicants.
    @OptionalField(key: "username") var username: String?
    @OptionalField(key: "mobile_sealed") var mobileSealed: String?
    @OptionalField(key: "mobile_index") var mobileIndex: String?
    @OptionalField(key: "mobile_verified_at") var mobileVerifiedAt: Date?
    @Field(key: "password_hash") var passwordHash: String
    /// Preferred language for messages: zh | en.
    @Field(key: "language") var language: String
    /// Sign-in methods the holder switched off (comma-separated: password, code, token).
    @Field(key: "locked_methods") var lockedMethods: String
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @Field(key: "lock_count") var lockCount: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

final class RoleGrantRecord: Model, @unchecked Sendable {
    static let schema = "role_grants"

    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "role") var role: String
    @OptionalField(key: "office_code") var officeCode: String?

    init() {}
}

final class TOTPCredentialRecord: Model, @unchecked Sendable {
    static let schema = "totp_credentials"

    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "secret_sealed") var secretSealed: String
    /// The last time step accepted, so a code cannot be replayed.
    @OptionalField(key: "last_used_step") var lastUsedStep: Int64?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

final class OneTimeCodeRecord: Model, @unchecked Sendable {
    static let schema = "one_time_codes"

    @ID(key: .id) var id: UUID?
    @Field(key: "purpose") var purpose: String
    /// Blind index of the recipient (mobile number).
    @Field(key: "recipient_index") var recipientIndex: String
    @Field(key: "code_digest") var codeDigest: String
    @Field(key: "issued_at") var issuedAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "attempts") var attempts: Int
    @OptionalField(key: "consumed_at") var consumedAt: Date?

    init() {}
}

final class FaceVerificationRecordRow: Model, @unchecked Sendable {
    static let schema = "face_verifications"

    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "person_key") var personKey: String
    @Field(key: "verified_at") var verifiedAt: Date
    @Field(key: "score") var score: Double

    init() {}
}

/// Portal sessions: the cookie holds a random token; only its digest is stored.
final class SessionRecord: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_digest") var tokenDigest: String
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @Field(key: "device") var device: String
    @Field(key: "client_address") var clientAddress: String

    init() {}
}

final class RefreshTokenRecord: Model, @unchecked Sendable {
    static let schema = "refresh_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_digest") var tokenDigest: String
    @Field(key: "family_id") var familyID: UUID
    @OptionalField(key: "parent_id") var parentID: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "issued_at") var issuedAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
}

/// Keys that sign API access tokens; the private key is sealed. Retired keys stay published in the
/// JWK set until every token they signed has expired.
final class SigningKeyRecord: Model, @unchecked Sendable {
    static let schema = "signing_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "key_id") var keyID: String
    @Field(key: "algorithm") var algorithm: String
    @Field(key: "private_key_sealed") var privateKeySealed: String
    @Field(key: "public_key_x963") var publicKey: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "retired_at") var retiredAt: Date?

    init() {}
}

/// Rate-limit events, shared by every server instance through the database.
final class RateLimitEventRecord: Model, @unchecked Sendable {
    static let schema = "rate_limit_events"

    @ID(key: .id) var id: UUID?
    /// Rule name and a digest of the key (account, client address, recipient), never the key itself.
    @Field(key: "bucket") var bucket: String
    @Field(key: "occurred_at") var occurredAt: Date

    init() {}

    init(bucket: String, occurredAt: Date) {
        self.bucket = bucket
        self.occurredAt = occurredAt
    }
}

final class DelegationRecord: Model, @unchecked Sendable {
    static let schema = "delegations"

    @ID(key: .id) var id: UUID?
    @Field(key: "helper_person_key") var helperPersonKey: String
    @Field(key: "dependent_person_key") var dependentPersonKey: String
    @Field(key: "relationship") var relationship: String
    @Field(key: "consent") var consent: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revoked_by") var revokedBy: String?
    /// guardian-declaration | dependent-code | dependent-account; nil while pending (M0015).
    @OptionalField(key: "confirmation") var confirmation: String?
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    /// Until when a pending delegation can be confirmed.
    @OptionalField(key: "expires_at") var expiresAt: Date?
    /// The one-time code sent to the dependent for this delegation (its challenge ID), if any.
    @OptionalField(key: "consent_code_id") var consentCodeID: UUID?

    init() {}
}

/// One liveness challenge of the sandbox face-verification provider (M0015): kept in the database so
/// that a challenge started on one server instance can be answered on another. The nonce is stored as
/// a keyed digest; `consumed_at` is set by a conditional update, so a nonce is used once.
final class FaceChallengeRecord: Model, @unchecked Sendable {
    static let schema = "face_challenges"

    @ID(key: .id) var id: UUID?
    @Field(key: "nonce_digest") var nonceDigest: String
    @Field(key: "person_key") var personKey: String
    /// Liveness actions, comma-separated provider codes.
    @Field(key: "actions") var actions: String
    @Field(key: "issued_at") var issuedAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "consumed_at") var consumedAt: Date?

    init() {}
}
