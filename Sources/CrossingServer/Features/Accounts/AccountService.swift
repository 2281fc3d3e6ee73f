import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Who is asking: recorded in audit entries and used for per-address rate limits.
struct ClientContext: Sendable {
    var address: String
    var device: String
}

/// The applicant-account use cases. Each change runs in one transaction with its audit entries.
struct AccountService: Sendable {
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

    struct Registration: Sendable {
        var name: String
        var documentKind: String
        var documentNumber: String
        var issuingCountry: String?
        var mobile: String
        var password: String
        var language: Language
    }

    var today: CalendarDate { CalendarDate.today(in: services.config.serviceTimeZone, now: services.now()) }

    func mobileIndex(_ mobile: MobileNumber) -> String { services.mobileIndex(mobile) }

    /// Real-name registration: the document must parse, the name and document must match one
    /// registry person (one error for "unknown" and "wrong name"), the password must pass the policy,
    /// and each person and mobile number has one account. Sends a verify-mobile code.
    func register(_ input: Registration, client: ClientContext) async throws -> AccountRecord {
        var failures: [AccountFailure.FieldFailure] = []
        func fail(_ field: String, _ error: any DomainError) { failures.append(.init(field: field, error: error)) }
        let name = PersonName.normalized(input.name)
        if name.isEmpty { fail("name", RequiredField.name) }
        var document: IdentityDocument?
        if let kind = IdentityDocumentKind(rawValue: input.documentKind) {
            do {
                document = try IdentityDocument.parse(
                    kind: kind, number: input.documentNumber, issuingCountry: input.issuingCountry, today: today)
            } catch let error as any DomainError {
                fail(error.code.hasPrefix("country") ? "issuingCountry" : "documentNumber", error)
            }
        } else {
            fail("documentKind", RequiredField.documentKind)
        }
        var mobile: MobileNumber?
        do { mobile = try MobileNumber.parse(input.mobile) } catch { fail("mobile", error) }
        guard failures.isEmpty, let document, let mobile else { throw AccountFailure.invalid(failures) }

        let registry = RegistryStore(database: database, services: services)
        let person = try await registry.person(identity: document)
        guard
            case .matched(let personID) = RealNameCheck.evaluate(
                claimedName: name, claimedDocument: document, registry: person), let person
        else { throw AccountFailure.field("documentNumber", RealNameMismatch()) }

        let context = PasswordContext(
            name: person.name, idNumber: document.number, mobile: mobile.value, birthDate: person.birthDate)
        let problems = PasswordPolicy.check(input.password, context: context)
        if !problems.isEmpty { throw AccountFailure.invalid(problems.map { .init(field: "password", error: $0) }) }

        if try await AccountRecord.query(on: database).filter(\.$personKey == personID.rawValue).first() != nil {
            throw AccountFailure.field("documentNumber", AlreadyRegistered.person)
        }
        if try await AccountRecord.query(on: database).filter(\.$mobileIndex == mobileIndex(mobile)).first() != nil {
            throw AccountFailure.field("mobile", AlreadyRegistered.mobile)
        }
        let hash = try await hashPassword(input.password)
        let account = AccountRecord()
        account.id = UUID()
        account.personKey = personID.rawValue
        account.kind = AccountKind.applicant.rawValue
        account.mobileSealed = try services.cipher.seal(mobile.value)
        account.mobileIndex = mobileIndex(mobile)
        account.passwordHash = hash
        account.language = input.language.rawValue
        account.lockedMethods = ""
        account.lockCount = 0
        account.createdAt = services.now()
        try await database.transaction { transaction in
            try await account.create(on: transaction)
            try await services.auditLog.append(
                audit(
                    "account.register", account: account, client: client,
                    details: ["documentKind": document.kind.rawValue]),
                on: transaction)
        }
        _ = try await OneTimeCodeService(services: services, database: database)
            .issue(.verifyMobile, to: mobile, language: input.language, clientAddress: client.address)
        return account
    }

    /// Checks the verify-mobile code sent to the account's number and marks the number verified.
    func verifyMobile(account: AccountRecord, code: String, client: ClientContext) async throws {
        let mobile = try self.mobile(of: account)
        // Outside the transaction: a wrong code must still count as an attempt.
        try await OneTimeCodeService(services: services, database: database)
            .check(.verifyMobile, mobile: mobile, code: code)
        try await database.transaction { transaction in
            account.mobileVerifiedAt = services.now()
            try await account.update(on: transaction)
            try await services.auditLog.append(
                audit("account.verify-mobile", account: account, client: client), on: transaction)
        }
    }

    /// Sends a new verify-mobile code (throttled by the code rules and rate limits).
    func resendVerification(account: AccountRecord, client: ClientContext) async throws {
        guard account.mobileVerifiedAt == nil else { return }
        _ = try await OneTimeCodeService(services: services, database: database)
            .issue(
                .verifyMobile, to: try mobile(of: account), language: Language(rawValue: account.language) ?? .zh,
                clientAddress: client.address)
    }

    func account(mobile: MobileNumber) async throws -> AccountRecord? {
        try await AccountRecord.query(on: database).filter(\.$mobileIndex == mobileIndex(mobile)).first()
    }

    func mobile(of account: AccountRecord) throws -> MobileNumber {
        guard let sealed = account.mobileSealed else { throw Abort(.conflict, reason: "The account has no mobile.") }
        return try MobileNumber.parse(try services.cipher.open(sealed))
    }

    func hashPassword(_ password: String) async throws -> String {
        let cost = services.config.passwordHashCost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verifyPassword(_ password: String, hash: String) async throws -> Bool {
        try await threadPool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }

    /// As long as `verifyPassword`, for identifiers without an account.
    func verifyAgainstNothing(_ password: String) async throws {
        try await PasswordHashing.verifyAgainstNothing(
            password, cost: services.config.passwordHashCost, on: threadPool)
    }

    /// An audit entry about an account: actor and subject are the account ID; the details never hold
    /// a password, code or document number.
    func audit(
        _ action: String, account: AccountRecord, client: ClientContext, outcome: String = "success",
        details: [String: String] = [:]
    ) -> AuditEntryDraft {
        let id = account.id?.uuidString ?? "unknown"
        return AuditEntryDraft(
            occurredAt: services.now(), actor: "account:" + id, onBehalfOf: nil, action: action, subject: id,
            outcome: outcome,
            details: details.merging(["device": client.device, "clientAddress": client.address]) { first, _ in first })
    }
}

enum RequiredField: DomainError {
    case name
    case documentKind
    case identifier
    case password

    var code: String { "required" }
    var message: LocalizedText {
        switch self {
        case .name: LocalizedText(zh: "请填写姓名", en: "Enter your name")
        case .documentKind: LocalizedText(zh: "请选择证件类型", en: "Choose your document type")
        case .identifier:
            LocalizedText(zh: "请填写手机号码或证件号码", en: "Enter your mobile number or document number")
        case .password: LocalizedText(zh: "请填写密码", en: "Enter your password")
        }
    }
}

enum AlreadyRegistered: DomainError {
    case person
    case mobile

    var code: String { self == .person ? "already-registered" : "mobile-in-use" }
    var message: LocalizedText {
        switch self {
        case .person:
            LocalizedText(
                zh: "您已注册过账户，请直接登录", en: "You already have an account. Sign in instead")
        case .mobile:
            LocalizedText(
                zh: "该手机号码已被其他账户使用，请换一个号码",
                en: "This mobile number is used by another account. Use a different number")
        }
    }
}

extension AppServices {
    /// The blind index of a mobile number: how accounts and one-time codes find a number without
    /// storing it readable. One definition, so every look-up agrees.
    func mobileIndex(_ mobile: MobileNumber) -> String {
        blindIndex.digest("mobile:" + mobile.value)
    }
}
