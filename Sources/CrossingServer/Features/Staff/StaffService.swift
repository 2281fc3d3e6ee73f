import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Vapor

/// Officers, supervisors and administrators: created from the command line (never self-registered),
/// each with a random initial password and a TOTP secret for the second factor.
struct StaffService: Sendable {
    var services: AppServices
    var database: any Database
    var threadPool: NIOThreadPool

    init(_ request: Request) {
        self.init(
            services: request.services, database: request.db, threadPool: request.application.passwordHashing.pool)
    }

    init(services: AppServices, database: any Database, threadPool: NIOThreadPool) {
        self.services = services
        self.database = database
        self.threadPool = threadPool
    }

    static let staffRoles: Set<Role> = [.officer, .supervisor, .administrator]

    /// A new staff account and the secrets to hand over once (they are not stored in the clear).
    struct Created: Sendable {
        var account: AccountRecord
        var username: String
        var initialPassword: String
        var totp: CrossingIntegrations.TOTP

        var provisioningURI: String { totp.provisioningURI(account: username) }
    }

    /// One staff account as listed by `crossing staff list`.
    struct Listed: Sendable {
        var username: String
        var displayName: String
        var role: String
        var officeCode: String?
        var lockedUntil: Date?
    }

    /// Creates the account, its role grant, its sealed TOTP secret and its profile in one transaction.
    /// `password` and `totpSecret` are for the development demo accounts; otherwise both are random.
    func create(
        username rawUsername: String, displayName: String, role: Role, officeCode: String?,
        password: String? = nil, totpSecret: Data? = nil
    ) async throws -> Created {
        let username = Self.normalized(rawUsername)
        guard Self.isValidUsername(username) else { throw StaffCreationError.invalidUsername }
        let name = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw StaffCreationError.nameRequired }
        guard Self.staffRoles.contains(role) else { throw StaffCreationError.notAStaffRole(role.rawValue) }
        let office = try await checkedOffice(officeCode, role: role)
        if try await AccountRecord.query(on: database).filter(\.$username == username).first() != nil {
            throw StaffCreationError.usernameTaken(username)
        }
        let initialPassword = password ?? Self.randomPassword()
        var generator = SystemRandomNumberGenerator()
        let secret = totpSecret ?? CrossingIntegrations.TOTP.generateSecret(using: &generator)
        let totp = try CrossingIntegrations.TOTP(secret: secret)
        let cost = services.config.passwordHashCost
        let hash = try await threadPool.runIfActive { try Bcrypt.hash(initialPassword, cost: cost) }
        let now = services.now()
        let account = AccountRecord()
        account.id = UUID()
        account.kind = AccountKind.staff.rawValue
        account.username = username
        account.passwordHash = hash
        account.language = "zh"
        account.lockedMethods = ""
        account.lockCount = 0
        account.createdAt = now
        let accountID = try account.requireID()
        let grant = RoleGrantRecord()
        grant.accountID = accountID
        grant.role = role.rawValue
        grant.officeCode = office
        let credential = TOTPCredentialRecord()
        credential.accountID = accountID
        credential.secretSealed = try services.cipher.seal(totp.base32Secret)
        credential.createdAt = now
        let profile = StaffProfileRecord()
        profile.accountID = accountID
        profile.displayName = name
        profile.createdAt = now
        try await database.transaction { transaction in
            try await account.create(on: transaction)
            try await grant.create(on: transaction)
            try await credential.create(on: transaction)
            try await profile.create(on: transaction)
            var details = ["role": role.rawValue]
            if let office { details["officeCode"] = office }
            try await services.auditLog.append(
                AuditEntryDraft(
                    occurredAt: now, actor: "system:staff-command", onBehalfOf: nil, action: "staff.create",
                    subject: accountID.uuidString, outcome: "success", details: details),
                on: transaction)
        }
        return Created(account: account, username: username, initialPassword: initialPassword, totp: totp)
    }

    /// What an administrator hands over after a reset: the new password and/or authenticator
    /// secret, shown once.
    struct Reset: Sendable {
        var username: String
        var password: String?
        var totp: CrossingIntegrations.TOTP?
        var provisioningURI: String? {
            totp.map { $0.provisioningURI(account: username) }
        }
    }

    /// A forgotten password or a lost authenticator: new random credentials, the lock-out cleared,
    /// every session and refresh token revoked (whoever held the old ones is out), audited.
    func reset(username rawUsername: String, password: Bool, totp: Bool, actor: String) async throws -> Reset {
        let account = try await staffAccount(rawUsername)
        let accountID = try account.requireID()
        var result = Reset(username: account.username ?? "")
        if password {
            let newPassword = Self.randomPassword()
            let cost = services.config.passwordHashCost
            account.passwordHash = try await threadPool.runIfActive { try Bcrypt.hash(newPassword, cost: cost) }
            result.password = newPassword
        }
        var newCredential: TOTPCredentialRecord?
        if totp {
            var generator = SystemRandomNumberGenerator()
            let generated = try CrossingIntegrations.TOTP(
                secret: CrossingIntegrations.TOTP.generateSecret(using: &generator))
            let credential = TOTPCredentialRecord()
            credential.accountID = accountID
            credential.secretSealed = try services.cipher.seal(generated.base32Secret)
            credential.createdAt = services.now()
            newCredential = credential
            result.totp = generated
        }
        account.lockedUntil = nil
        let services = self.services
        let now = services.now()
        let replacement = newCredential
        try await database.transaction { transaction in
            try await account.update(on: transaction)
            if let newCredential = replacement {
                try await TOTPCredentialRecord.query(on: transaction).filter(\.$accountID == accountID).delete()
                try await newCredential.create(on: transaction)
            }
            try await SessionStore(services: services, database: transaction).revokeAll(accountID: accountID)
            try await AccountSessions.revokeTokens(accountID: accountID, services: services, on: transaction)
            try await services.auditLog.append(
                AuditEntryDraft(
                    occurredAt: now, actor: actor, onBehalfOf: nil, action: "staff.reset",
                    subject: accountID.uuidString,
                    outcome: "success",
                    details: ["password": password ? "reset" : "kept", "totp": totp ? "reset" : "kept"]),
                on: transaction)
        }
        return result
    }

    /// Lifts a lock-out before it runs out (the holder proved who they are some other way).
    func unlock(username rawUsername: String, actor: String) async throws {
        let account = try await staffAccount(rawUsername)
        let accountID = try account.requireID()
        account.lockedUntil = nil
        let services = self.services
        let now = services.now()
        try await database.transaction { transaction in
            try await account.update(on: transaction)
            try await services.auditLog.append(
                AuditEntryDraft(
                    occurredAt: now, actor: actor, onBehalfOf: nil, action: "staff.unlock",
                    subject: accountID.uuidString,
                    outcome: "success", details: [:]),
                on: transaction)
        }
    }

    private func staffAccount(_ rawUsername: String) async throws -> AccountRecord {
        let username = Self.normalized(rawUsername)
        guard
            let account = try await AccountRecord.query(on: database).filter(\.$username == username)
                .filter(\.$kind == AccountKind.staff.rawValue).first()
        else { throw StaffCreationError.unknownUsername(username) }
        return account
    }

    func list() async throws -> [Listed] {
        let accounts = try await AccountRecord.query(on: database).filter(\.$kind == AccountKind.staff.rawValue)
            .sort(\.$username).all()
        var rows: [Listed] = []
        for account in accounts {
            let id = try account.requireID()
            let grant = try await RoleGrantRecord.query(on: database).filter(\.$accountID == id).first()
            let profile = try await StaffProfileRecord.query(on: database).filter(\.$accountID == id).first()
            rows.append(
                Listed(
                    username: account.username ?? "", displayName: profile?.displayName ?? "",
                    role: grant?.role ?? "", officeCode: grant?.officeCode, lockedUntil: account.lockedUntil))
        }
        return rows
    }

    /// Officers and supervisors work at an office that exists in the office directory; administrators
    /// are not tied to one.
    private func checkedOffice(_ officeCode: String?, role: Role) async throws -> String? {
        let code = officeCode?.trimmingCharacters(in: .whitespaces).lowercased()
        guard role == .officer || role == .supervisor else {
            guard code == nil || code?.isEmpty == true else { throw StaffCreationError.officeNotAllowed }
            return nil
        }
        guard let code, !code.isEmpty else { throw StaffCreationError.officeRequired(role.rawValue) }
        if services.referenceData.snapshot == nil {
            _ = try await services.referenceData.refresh(from: database)
        }
        guard services.referenceData.snapshot?.directory.office(code: code) != nil else {
            throw StaffCreationError.unknownOffice(code)
        }
        return code
    }

    static func normalized(_ username: String) -> String {
        username.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// 3 to 64 of a-z, 0-9, dot, hyphen, underscore.
    static func isValidUsername(_ username: String) -> Bool {
        (3...64).contains(username.count)
            && username.unicodeScalars.allSatisfy {
                CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789._-").contains($0)
            }
    }

    /// 20 characters from an alphabet without look-alikes (about 115 bits).
    static func randomPassword() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}

enum StaffCreationError: Error, Equatable, CustomStringConvertible {
    case invalidUsername
    case nameRequired
    case notAStaffRole(String)
    case officeRequired(String)
    case officeNotAllowed
    case unknownOffice(String)
    case usernameTaken(String)
    case unknownUsername(String)

    var description: String {
        switch self {
        case .invalidUsername: "The username must be 3 to 64 of a-z, 0-9, '.', '-' and '_'."
        case .nameRequired: "Give the staff member's name (--name)."
        case .notAStaffRole(let role): "\(role) is not a staff role. Use officer, supervisor or administrator."
        case .officeRequired(let role): "A \(role) works at an office: give --office with an office code."
        case .officeNotAllowed: "Administrators are not tied to an office: leave out --office."
        case .unknownOffice(let code): "No office \(code) in the office directory."
        case .usernameTaken(let name): "The username \(name) is taken."
        case .unknownUsername(let name): "No staff account \(name)."
        }
    }
}
