import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Password sign-in with per-account and per-address rate limits and the domain's lock-out policy.
/// Every attempt, successful or not, leaves an audit entry with the device, client address, method
/// and a reason code (never the password or the identifier typed).
struct SignInService: Sendable {
    var accounts: AccountService
    var lockout: LockoutPolicy = .standard

    init(_ accounts: AccountService) {
        self.accounts = accounts
    }

    static let signInAction = "account.sign-in"
    static let passwordMethod = "password"

    private var services: AppServices { accounts.services }
    private var database: any Database { accounts.database }

    /// Returns the account on success; throws AccountFailure otherwise (after auditing it).
    func signIn(identifier: String, password: String, client: ClientContext) async throws -> AccountRecord {
        let now = services.now()
        let limits = RateLimitStore(database: database, services: services)
        if case .limited(let wait) = try await limits.hit(.signInPerAddress, key: "address:" + client.address, now: now)
        {
            try await auditAnonymous(reason: "rate-limited-address", client: client)
            throw AccountFailure.rateLimited(retryAfter: wait)
        }
        guard let account = try await find(identifier) else {
            try await accounts.verifyAgainstNothing(password)
            try await auditAnonymous(reason: "unknown-identifier", client: client)
            throw AccountFailure.invalidCredentials
        }
        let accountKey = "account:" + (account.id?.uuidString ?? "")
        if let until = account.lockedUntil, until > now {
            try await auditFailure(account, reason: "locked", client: client)
            throw AccountFailure.locked(retryAfter: until.timeIntervalSince(now))
        }
        if Self.lockedMethods(account).contains(Self.passwordMethod) {
            try await auditFailure(account, reason: "method-locked", client: client)
            throw AccountFailure.methodLocked
        }
        if case .limited(let wait) = try await limits.hit(.signInPerAccount, key: accountKey, now: now) {
            try await auditFailure(account, reason: "rate-limited-account", client: client)
            throw AccountFailure.rateLimited(retryAfter: wait)
        }
        let failureBucket = "sign-in-failures|" + limits.bucket(.signInPerAccount, key: accountKey)
        guard try await accounts.verifyPassword(password, hash: account.passwordHash) else {
            try await database.transaction { transaction in
                let store = RateLimitStore(database: transaction, services: services)
                try await store.record(bucket: failureBucket, now: now)
                let failures = try await store.events(
                    failureBucket, rule: RateLimitRule(name: "", limit: 0, window: lockout.window), now: now)
                var reason = "wrong-password"
                if case .locked(let until) = lockout.decide(
                    failures: failures, previousLocks: account.lockCount, now: now)
                {
                    account.lockedUntil = until
                    account.lockCount += 1
                    try await account.update(on: transaction)
                    try await store.clear(bucket: failureBucket)
                    reason = "wrong-password-locked"
                }
                try await services.auditLog.append(
                    failureDraft(account, reason: reason, client: client), on: transaction)
            }
            throw AccountFailure.invalidCredentials
        }
        try await database.transaction { transaction in
            try await RateLimitStore(database: transaction, services: services).clear(bucket: failureBucket)
            if account.lockedUntil != nil {
                account.lockedUntil = nil
                try await account.update(on: transaction)
            }
            try await services.auditLog.append(
                accounts.audit(
                    Self.signInAction, account: account, client: client, details: ["method": Self.passwordMethod]),
                on: transaction)
        }
        return account
    }

    /// A mobile number, or an identity document number (resident ID, Home Return or Taiwan
    /// compatriot permit, PR card, Chinese passport). Foreign passport holders sign in with their
    /// mobile number: a passport number alone does not say which country issued it.
    func find(_ identifier: String) async throws -> AccountRecord? {
        if let mobile = try? MobileNumber.parse(identifier) {
            return try await accounts.account(mobile: mobile)
        }
        let registry = RegistryStore(database: database, services: services)
        let candidates: [(IdentityDocumentKind, String?)] = [
            (.residentID, nil), (.homeReturnPermit, nil), (.taiwanCompatriotPermit, nil), (.prCard, nil),
            (.passport, "CHN"),
        ]
        for (kind, country) in candidates {
            guard
                let document = try? IdentityDocument.parse(
                    kind: kind, number: identifier, issuingCountry: country, today: accounts.today),
                let person = try await registry.person(identity: document)
            else { continue }
            return try await AccountRecord.query(on: database).filter(\.$personKey == person.id.rawValue).first()
        }
        return nil
    }

    static func lockedMethods(_ account: AccountRecord) -> Set<String> {
        Set(account.lockedMethods.split(separator: ",").map(String.init))
    }

    /// The holder switches the password method off (e.g. they fear it leaked) or back on.
    func setPasswordMethod(locked: Bool, account: AccountRecord, client: ClientContext) async throws {
        var methods = Self.lockedMethods(account)
        if locked { methods.insert(Self.passwordMethod) } else { methods.remove(Self.passwordMethod) }
        account.lockedMethods = methods.sorted().joined(separator: ",")
        try await database.transaction { transaction in
            try await account.update(on: transaction)
            try await services.auditLog.append(
                accounts.audit(
                    locked ? "account.method-lock" : "account.method-unlock", account: account, client: client,
                    details: ["method": Self.passwordMethod]),
                on: transaction)
        }
    }

    private func failureDraft(_ account: AccountRecord, reason: String, client: ClientContext) -> AuditEntryDraft {
        accounts.audit(
            Self.signInAction, account: account, client: client, outcome: "failure",
            details: ["method": Self.passwordMethod, "reason": reason])
    }

    private func auditFailure(_ account: AccountRecord, reason: String, client: ClientContext) async throws {
        try await services.auditLog.append(failureDraft(account, reason: reason, client: client), on: database)
    }

    private func auditAnonymous(reason: String, client: ClientContext) async throws {
        let draft = AuditEntryDraft(
            occurredAt: services.now(), actor: "anonymous", onBehalfOf: nil, action: Self.signInAction, subject: nil,
            outcome: "failure",
            details: [
                "method": Self.passwordMethod, "reason": reason, "device": client.device,
                "clientAddress": client.address,
            ])
        try await services.auditLog.append(draft, on: database)
    }
}
