import CrossingDomain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The dependent's own consent (16 or over). Two ways, both needing the dependent's applicant account:
/// - a one-time code sent to the dependent's verified mobile, naming the helper; the dependent gives
///   it to the helper only if they agree, and the helper enters it (`confirm`). The code is bound to
///   the delegation (its challenge ID is stored on the row), single use, with the usual attempt limit;
/// - accepting in their own account (`accept`), where they also see who acts for them and revoke.
/// Until then the delegation is pending: the Authorizer ignores it, and it expires after
/// `DelegationRules.confirmationWindow`.
extension DependentService {
    /// The dependent's applicant account, if they have one.
    func applicantAccount(of person: PersonID) async throws -> AccountRecord? {
        try await AccountRecord.query(on: database)
            .filter(\.$personKey == person.rawValue).filter(\.$kind == AccountKind.applicant.rawValue).first()
    }

    /// Sends the consent code and binds it to the delegation; answers the masked number it went to.
    func sendConsentCode(
        for delegation: Delegation, to dependentAccount: AccountRecord, helper: RegistryPerson
    ) async throws -> String {
        guard let sealed = dependentAccount.mobileSealed else {
            throw field("code", DependentConsentError.noVerifiedMobile)
        }
        let mobile = try MobileNumber.parse(try services.cipher.open(sealed))
        let issued = try await OneTimeCodeService(services: services, database: database).issue(
            .delegationConsent, to: mobile, language: Language(rawValue: dependentAccount.language) ?? .zh,
            clientAddress: client.address, parameters: ["helper": DependentMasking.name(helper.name)])
        guard let id = UUID(uuidString: delegation.id) else { throw Self.notFound }
        try await DelegationRecord.query(on: database).filter(\.$id == id)
            .set(\.$consentCodeID, to: issued.challengeID).update()
        return AccountProfile.mask(mobile.value)
    }

    /// Sends the dependent a new code for a pending delegation of this helper (throttled like any code).
    func resendConsentCode(id: String, by account: AuthenticatedAccount) async throws -> String {
        let delegation = try await pending(id: id, helper: account)
        guard let dependentAccount = try await applicantAccount(of: delegation.dependent),
            dependentAccount.mobileVerifiedAt != nil
        else { throw field("code", DependentConsentError.noVerifiedMobile) }
        guard let helper = try await RegistryStore(database: database, services: services).person(id: delegation.helper)
        else { throw Self.applicantsOnly }
        do {
            return try await sendConsentCode(for: delegation, to: dependentAccount, helper: helper)
        } catch let failure as AccountFailure {
            throw failure.problem(in: language)
        }
    }

    /// The helper enters the code the dependent gave them.
    func confirm(id: String, code: String, by account: AuthenticatedAccount) async throws -> Delegation {
        let delegation = try await pending(id: id, helper: account)
        guard let uuid = UUID(uuidString: delegation.id),
            let codeID = try await DelegationRecord.find(uuid, on: database)?.consentCodeID
        else { throw field("code", DependentConsentError.noCodeSent) }
        do {
            try await OneTimeCodeService(services: services, database: database)
                .check(challengeID: codeID, purpose: .delegationConsent, code: code)
        } catch let failure as AccountFailure {
            try await services.auditLog.append(
                audit(
                    "delegation.confirmation", account: account, onBehalfOf: delegation.dependent,
                    subject: delegation.id, outcome: "failure", details: ["method": "dependent-code"]),
                on: database)
            throw failure.problem(in: language)
        }
        return try await markConfirmed(delegation, by: .dependentCode, account: account)
    }

    /// The dependent accepts a pending delegation in their own account.
    func accept(id: String, by account: AuthenticatedAccount) async throws -> Delegation {
        guard let personID = account.personID, let uuid = UUID(uuidString: id),
            let delegation = try await DelegationRecord.find(uuid, on: database)?.delegation,
            delegation.dependent == personID, delegation.isOpen
        else { throw Self.notFound }
        return try await markConfirmed(delegation, by: .dependentAccount, account: account)
    }

    /// The people who act (or asked to act) for the account's person: active and pending, oldest first.
    func helpers(for account: AuthenticatedAccount) async throws -> [(Delegation, RegistryPerson?)] {
        guard let personID = account.personID else { return [] }
        return try await open(\.$dependentPersonKey == personID.rawValue) { $0.helper }
    }

    /// A pending (or otherwise explained) delegation of this helper; 404 for anyone else's.
    private func pending(id: String, helper account: AuthenticatedAccount) async throws -> Delegation {
        let delegation = try await delegation(id: id, helper: account)
        let now = services.now()
        do throws(DelegationConfirmationError) {
            _ = try delegation.confirmed(by: .dependentCode, at: now)
        } catch .revoked {
            throw Self.notFound
        } catch {
            throw Problem(
                .conflict, detail: error.message.text(in: language),
                errors: [.init(field: "code", code: error.code, message: error.message.text(in: language))])
        }
        return delegation
    }

    /// Confirms once: the update only applies to a row still pending, so a code entered and an
    /// acceptance racing each other confirm it one time (the loser is told it is already confirmed).
    private func markConfirmed(
        _ delegation: Delegation, by method: DelegationConfirmation, account: AuthenticatedAccount
    ) async throws -> Delegation {
        let now = services.now()
        let confirmed: Delegation
        do throws(DelegationConfirmationError) {
            confirmed = try delegation.confirmed(by: method, at: now)
        } catch .revoked {
            throw Self.notFound
        } catch {
            throw Problem(.conflict, detail: error.message.text(in: language))
        }
        let helperAccountActs = method == .dependentCode
        try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { throw AuditLogUnavailable() }
            let rows = try await sql.update(DelegationRecord.schema)
                .set("confirmation", to: SQLBind(method.rawValue))
                .set("confirmed_at", to: SQLBind(now))
                .set("expires_at", to: SQLLiteral.null)
                .where("id", .equal, SQLBind(UUID(uuidString: delegation.id)))
                .where("confirmed_at", .is, SQLLiteral.null)
                .where("revoked_at", .is, SQLLiteral.null)
                .returning("id")
                .all()
            guard !rows.isEmpty else {
                throw Problem(
                    .conflict, detail: DelegationConfirmationError.alreadyConfirmed.message.text(in: language))
            }
            try await services.auditLog.append(
                audit(
                    "delegation.confirmed", account: account,
                    onBehalfOf: helperAccountActs ? delegation.dependent : nil, subject: delegation.id,
                    details: ["method": method.rawValue]),
                on: transaction)
        }
        return confirmed
    }
}

enum DependentConsentError: DomainError {
    case noVerifiedMobile
    case noCodeSent

    var code: String {
        switch self {
        case .noVerifiedMobile: "delegation-dependent-no-mobile"
        case .noCodeSent: "delegation-no-code-sent"
        }
    }

    var message: LocalizedText {
        switch self {
        case .noVerifiedMobile:
            LocalizedText(
                zh: "对方的账户没有已验证的手机号，请让对方登录自己的账户确认",
                en: "The person's account has no verified mobile number; ask them to agree in their own account")
        case .noCodeSent:
            LocalizedText(
                zh: "尚未向对方发送验证码，请先发送验证码", en: "No code has been sent to the person yet; send one first")
        }
    }
}
