import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Vapor

/// Staff sign-in with username, password and a TOTP code. Checks, in order: rate limits per username
/// and per client address, the account lock-out, the password, then the code (one step of drift;
/// a step at or before the last accepted one is refused, so a code works once). Every wrong factor
/// gets the same answer; the audit entry's reason code says which one it was.
struct StaffSignInService: Sendable {
    var staff: StaffService
    var lockout: LockoutPolicy = .standard

    init(_ staff: StaffService) {
        self.staff = staff
    }

    static let signInAction = "staff.sign-in"
    static let method = "password+totp"
    static let allowedDrift = 1

    private var services: AppServices { staff.services }
    private var database: any Database { staff.database }

    func signIn(
        username rawUsername: String, password: String, code: String, client: ClientContext
    ) async throws
        -> AccountRecord
    {
        let now = services.now()
        let username = StaffService.normalized(rawUsername)
        let limits = RateLimitStore(database: database, services: services)
        if case .limited(let wait) = try await limits.hit(.signInPerAccount, key: "staff:" + username, now: now) {
            try await audit(nil, reason: "rate-limited-account", client: client)
            throw AccountFailure.rateLimited(retryAfter: wait)
        }
        if case .limited(let wait) = try await limits.hit(.signInPerAddress, key: "address:" + client.address, now: now)
        {
            try await audit(nil, reason: "rate-limited-address", client: client)
            throw AccountFailure.rateLimited(retryAfter: wait)
        }
        guard
            let account = try await AccountRecord.query(on: database).filter(\.$username == username)
                .filter(\.$kind == AccountKind.staff.rawValue).first(),
            let accountID = account.id
        else {
            try await PasswordHashing.verifyAgainstNothing(
                password, cost: services.config.passwordHashCost, on: threadPool)
            try await audit(nil, reason: "unknown-username", client: client)
            throw StaffSignInFailure.invalidCredentials
        }
        if let until = account.lockedUntil, until > now {
            try await audit(account, reason: "locked", client: client)
            throw AccountFailure.locked(retryAfter: until.timeIntervalSince(now))
        }
        let passwordMatches = try await threadPool.runIfActive {
            try Bcrypt.verify(password, created: account.passwordHash)
        }
        guard passwordMatches else {
            try await fail(account, reason: "wrong-password", client: client, now: now)
        }
        guard
            let credential = try await TOTPCredentialRecord.query(on: database).filter(\.$accountID == accountID)
                .first(),
            let secret = Base32.decode(try services.cipher.open(credential.secretSealed)),
            let totp = try? CrossingIntegrations.TOTP(secret: secret)
        else {
            try await fail(account, reason: "no-totp-credential", client: client, now: now)
        }
        guard
            let step = totp.verify(
                code, at: now, allowedDrift: Self.allowedDrift, notAfterStep: credential.lastUsedStep)
        else {
            let replayed = totp.verify(code, at: now, allowedDrift: Self.allowedDrift, notAfterStep: nil) != nil
            try await fail(account, reason: replayed ? "code-replayed" : "wrong-code", client: client, now: now)
        }
        try await database.transaction { transaction in
            credential.lastUsedStep = step
            try await credential.update(on: transaction)
            try await RateLimitStore(database: transaction, services: services).clear(bucket: failureBucket(accountID))
            if account.lockedUntil != nil {
                account.lockedUntil = nil
                try await account.update(on: transaction)
            }
            try await services.auditLog.append(
                draft(account, outcome: "success", reason: nil, client: client), on: transaction)
        }
        return account
    }

    private var threadPool: NIOThreadPool { staff.threadPool }

    private func failureBucket(_ accountID: UUID) -> String {
        "staff-sign-in-failures|" + services.tokenDigest.digest("rate-limit:staff-account:" + accountID.uuidString)
    }

    /// Counts the failure toward the lock-out (locking when due), audits it and throws.
    private func fail(_ account: AccountRecord, reason: String, client: ClientContext, now: Date) async throws -> Never
    {
        let bucket = failureBucket(try account.requireID())
        try await database.transaction { transaction in
            let store = RateLimitStore(database: transaction, services: services)
            try await store.record(bucket: bucket, now: now)
            let failures = try await store.events(
                bucket, rule: RateLimitRule(name: "", limit: 0, window: lockout.window), now: now)
            var reason = reason
            if case .locked(let until) = lockout.decide(failures: failures, previousLocks: account.lockCount, now: now)
            {
                account.lockedUntil = until
                account.lockCount += 1
                try await account.update(on: transaction)
                try await store.clear(bucket: bucket)
                reason += "-locked"
            }
            try await services.auditLog.append(
                draft(account, outcome: "failure", reason: reason, client: client), on: transaction)
        }
        throw StaffSignInFailure.invalidCredentials
    }

    private func audit(_ account: AccountRecord?, reason: String, client: ClientContext) async throws {
        try await services.auditLog.append(
            draft(account, outcome: "failure", reason: reason, client: client), on: database)
    }

    private func draft(
        _ account: AccountRecord?, outcome: String, reason: String?, client: ClientContext
    )
        -> AuditEntryDraft
    {
        var details = ["method": Self.method, "device": client.device, "clientAddress": client.address]
        if let reason { details["reason"] = reason }
        let id = account?.id?.uuidString
        return AuditEntryDraft(
            occurredAt: services.now(), actor: id.map { "account:" + $0 } ?? "anonymous", onBehalfOf: nil,
            action: Self.signInAction, subject: id, outcome: outcome, details: details)
    }
}

/// Any wrong factor (username, password or code): one answer, so it does not tell which was wrong.
enum StaffSignInFailure: Error, Sendable {
    case invalidCredentials

    static let message = LocalizedText(
        zh: "用户名、密码或动态验证码不正确，请核对后重试",
        en: "The username, password or authenticator code is not correct. Check them and try again")

    func problem(in language: Language) -> Problem {
        let text = Self.message.text(in: language)
        return Problem(
            .unauthorized, detail: text, errors: [.init(field: "username", code: "invalid-credentials", message: text)])
    }
}

/// Renders StaffSignInFailure as a 401 problem in the reader's language.
struct StaffFailureMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let failure as StaffSignInFailure {
            return try await ProblemMiddleware.answer(failure.problem(in: request.language), for: request)
        }
    }
}
