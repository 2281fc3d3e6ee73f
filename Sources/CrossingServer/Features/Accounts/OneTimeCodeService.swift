import CrossingDomain
import Fluent
import Foundation
import SQLKit

/// Issues and checks SMS one-time codes with the domain's rules. Only the keyed digest of a code is
/// stored; the recipient is stored as a blind index. Sending is throttled per recipient and purpose
/// (resend interval, daily cap), per recipient and per client address (database rate limits).
struct OneTimeCodeService: Sendable {
    var services: AppServices
    var database: any Database
    var policy: OneTimeCodePolicy = .standard

    init(services: AppServices, database: any Database) {
        self.services = services
        self.database = database
    }

    struct Issued: Sendable {
        var challengeID: UUID
        var expiresAt: Date
    }

    func recipientIndex(_ mobile: MobileNumber) -> String { services.mobileIndex(mobile) }

    /// `parameters` are added to the message's (e.g. the helper's masked name for a consent code).
    func issue(
        _ purpose: OneTimeCodePurpose, to mobile: MobileNumber, language: Language, clientAddress: String,
        parameters extra: [String: String] = [:]
    ) async throws -> Issued {
        let now = services.now()
        let index = recipientIndex(mobile)
        let previous = try await OneTimeCodeRecord.query(on: database)
            .filter(\.$recipientIndex == index).filter(\.$purpose == purpose.rawValue)
            .filter(\.$issuedAt > now.addingTimeInterval(-86_400))
            .all().map { $0.challenge(recipient: index) }
        switch OneTimeCodeIssuance.decide(previous: previous, now: now, policy: policy) {
        case .allowed: break
        case .tooSoon(let wait): throw AccountFailure.rateLimited(retryAfter: wait)
        case .dailyLimitReached: throw AccountFailure.field("code", OneTimeCodeError.dailyLimitReached)
        }
        let limits = RateLimitStore(database: database, services: services)
        try await limits.enforce(.codeSendPerRecipient, key: "mobile:" + mobile.value, now: now)
        try await limits.enforce(.codeSendPerAddress, key: "address:" + clientAddress, now: now)

        var generator = SystemRandomNumberGenerator()
        let code = OneTimeCode.generate(length: policy.length, using: &generator)
        let record = OneTimeCodeRecord()
        let id = UUID()
        record.id = id
        record.purpose = purpose.rawValue
        record.recipientIndex = index
        record.codeDigest = services.codeDigest.digest(id.uuidString + ":" + code)
        record.issuedAt = now
        record.expiresAt = now.addingTimeInterval(policy.lifetime)
        record.attempts = 0
        try await record.create(on: database)
        let message = OutboundMessage(
            channel: .sms, recipient: mobile.value,
            template: purpose == .delegationConsent ? "delegation-consent" : "one-time-code",
            parameters: extra.merging([
                "code": code, "minutes": String(Int(policy.lifetime / 60)), "purpose": purpose.rawValue,
            ]) { _, ours in ours },
            language: language, deduplicationKey: id.uuidString)
        do {
            _ = try await services.notifier.send(message)
        } catch {
            // An unsent code must not count against the person's resend allowance.
            try await record.delete(on: database)
            throw AccountFailure.field("mobile", CodeDeliveryFailed())
        }
        return Issued(challengeID: id, expiresAt: record.expiresAt)
    }

    /// Checks `code` against the newest challenge for the recipient and purpose. Single use, expiry
    /// and attempts are the domain's; a wrong entry is counted before the answer goes out.
    ///
    /// The new attempt count (or the consumption) is written with a compare-and-set on the count read,
    /// so concurrent guesses are all counted and a correct code is accepted once, however many
    /// requests race with it; a lost race reads the challenge again and decides again.
    func check(_ purpose: OneTimeCodePurpose, mobile: MobileNumber, code: String) async throws {
        let index = recipientIndex(mobile)
        try await check(code: code) {
            try await OneTimeCodeRecord.query(on: database)
                .filter(\.$recipientIndex == index).filter(\.$purpose == purpose.rawValue)
                .sort(\.$issuedAt, .descending).first()
        }
    }

    /// Checks `code` against one particular challenge (a code bound to something, such as a delegation
    /// waiting for its dependent's consent), with the same rules.
    func check(challengeID: UUID, purpose: OneTimeCodePurpose, code: String) async throws {
        try await check(code: code) {
            try await OneTimeCodeRecord.query(on: database)
                .filter(\.$id == challengeID).filter(\.$purpose == purpose.rawValue).first()
        }
    }

    private func check(code: String, challenge find: () async throws -> OneTimeCodeRecord?) async throws {
        let now = services.now()
        let entered = code.filter { !$0.isWhitespace }
        for _ in 0..<8 {
            guard
                let record = try await find(),
                let id = record.id
            else { throw AccountFailure.field("code", OneTimeCodeError.expired) }
            let challenge = record.challenge(recipient: record.recipientIndex)
            let (updated, verdict) = challenge.check(
                enteredDigest: services.codeDigest.digest(id.uuidString + ":" + entered), now: now, policy: policy)
            if updated != challenge {
                guard try await compareAndSet(id: id, from: challenge, to: updated) else { continue }
            }
            if let error = verdict.error { throw AccountFailure.field("code", error) }
            return
        }
        throw AccountFailure.rateLimited(retryAfter: 1)
    }

    /// Writes the new count and consumption only if nobody changed the row since it was read.
    private func compareAndSet(
        id: UUID, from old: OneTimeCodeChallenge, to new: OneTimeCodeChallenge
    ) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { throw AuditLogUnavailable() }
        let rows = try await sql.update(OneTimeCodeRecord.schema)
            .set("attempts", to: SQLBind(new.attempts))
            .set("consumed_at", to: SQLBind(new.consumedAt))
            .where("id", .equal, SQLBind(id))
            .where("attempts", .equal, SQLBind(old.attempts))
            .where("consumed_at", .is, SQLLiteral.null)
            .returning("id")
            .all()
        return !rows.isEmpty
    }
}

struct CodeDeliveryFailed: DomainError {
    var code: String { "code-not-delivered" }
    var message: LocalizedText {
        LocalizedText(
            zh: "短信未能发送到该号码，请核对号码或稍后再试",
            en: "The text message could not be sent to this number. Check the number or try again later")
    }
}

extension OneTimeCodeRecord {
    func challenge(recipient: String) -> OneTimeCodeChallenge {
        OneTimeCodeChallenge(
            id: id?.uuidString ?? "", purpose: OneTimeCodePurpose(rawValue: purpose) ?? .verifyMobile,
            recipient: recipient, codeDigest: codeDigest, issuedAt: issuedAt, expiresAt: expiresAt,
            attempts: attempts, consumedAt: consumedAt)
    }
}
