import CrossingDomain
import Fluent
import Foundation

/// What the sending job and the preference pages need to know about one account.
struct NotificationSetup: Sendable {
    var accountID: UUID
    var preferences: NotificationPreferences
    var addresses: NotificationAddresses
    /// False while the person has never saved a choice (the defaults apply).
    var saved: Bool

    var targets: [NotificationTarget] {
        NotificationChannelChoice.targets(preferences: preferences, addresses: addresses)
    }
}

/// Reads and writes notification preferences. Bound ids are sealed at rest like mobile numbers.
struct NotificationPreferenceStore {
    var services: AppServices
    var database: any Database

    func setup(accountID: UUID) async throws -> NotificationSetup? {
        guard let account = try await AccountRecord.find(accountID, on: database) else { return nil }
        return try await setup(account: account)
    }

    /// The applicant account of a registry person.
    func setup(personKey: String) async throws -> NotificationSetup? {
        guard
            let account = try await AccountRecord.query(on: database).filter(\.$personKey == personKey)
                .filter(\.$kind == "applicant").first()
        else { return nil }
        return try await setup(account: account)
    }

    func setup(account: AccountRecord) async throws -> NotificationSetup {
        let accountID = try account.requireID()
        var addresses = NotificationAddresses()
        if account.mobileVerifiedAt != nil, let sealed = account.mobileSealed {
            addresses.mobile = try MobileNumber.parse(try services.cipher.open(sealed)).value
        }
        let language = Language(rawValue: account.language) ?? .zh
        guard
            let record = try await NotificationPreferenceRecord.query(on: database)
                .filter(\.$accountID == accountID).first()
        else {
            return NotificationSetup(
                accountID: accountID, preferences: .defaults(language: language), addresses: addresses, saved: false)
        }
        addresses.weChatOpenID = try record.weChatOpenIDSealed.map { try services.cipher.open($0) }
        addresses.alipayUserID = try record.alipayUserIDSealed.map { try services.cipher.open($0) }
        let channels = record.channels.split(separator: ",").compactMap { NotificationChannel(rawValue: String($0)) }
        return NotificationSetup(
            accountID: accountID,
            preferences: NotificationPreferences(
                channels: channels, language: Language(rawValue: record.language) ?? language),
            addresses: addresses, saved: true)
    }

    /// Validates and saves a change, audited in the same transaction. Answers the new setup or the
    /// problems found (nothing is saved then).
    func apply(
        _ change: NotificationPreferenceChange, accountID: UUID, client: ClientContext
    ) async throws -> Result<NotificationSetup, NotificationPreferenceErrors> {
        guard let current = try await setup(accountID: accountID) else { throw Problem.notFound("That account") }
        let (preferences, addresses): (NotificationPreferences, NotificationAddresses)
        switch change.validate(current: current.addresses) {
        case .failure(let errors): return .failure(errors)
        case .success(let valid): (preferences, addresses) = valid
        }
        let services = services
        let now = services.now()
        try await database.transaction { transaction in
            let record =
                try await NotificationPreferenceRecord.query(on: transaction).filter(\.$accountID == accountID).first()
                ?? NotificationPreferenceRecord()
            record.accountID = accountID
            record.channels = preferences.channels.map(\.rawValue).joined(separator: ",")
            record.language = preferences.language.rawValue
            record.weChatOpenIDSealed = try addresses.weChatOpenID.map { try services.cipher.seal($0) }
            record.alipayUserIDSealed = try addresses.alipayUserID.map { try services.cipher.seal($0) }
            record.updatedAt = now
            try await record.save(on: transaction)
            try await services.auditLog.append(
                AuditEntryDraft(
                    occurredAt: now, actor: "account:" + accountID.uuidString, onBehalfOf: nil,
                    action: "notification-preferences.update", subject: accountID.uuidString, outcome: "success",
                    details: [
                        "channels": record.channels, "language": record.language,
                        "wechatBound": addresses.weChatOpenID == nil ? "false" : "true",
                        "alipayBound": addresses.alipayUserID == nil ? "false" : "true",
                        "device": client.device, "clientAddress": client.address,
                    ]),
                on: transaction)
        }
        return .success(
            NotificationSetup(accountID: accountID, preferences: preferences, addresses: addresses, saved: true))
    }

    /// The latest deliveries to an account, newest first.
    func recentDeliveries(accountID: UUID, limit: Int) async throws -> [NotificationDeliveryRecord] {
        try await NotificationDeliveryRecord.query(on: database).filter(\.$accountID == accountID)
            .sort(\.$recordedAt, .descending).limit(limit).all()
    }
}
