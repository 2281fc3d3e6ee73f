import CrossingDomain
import Fluent
import Foundation
import Vapor

/// The answers given so far in the portal's question pages. Kept between pages (sealed JSON in
/// `RenewalDraftRecord`), so back, change and reload lose nothing.
struct RenewalDraft: Codable, Sendable, Equatable {
    var document: RenewalDocument?
    var reason: RenewalReason?
    var lossKind: LossKind?
    /// "" for myself, a delegation ID for a dependent; nil while not answered.
    var forPerson: String?
    var inMainland: Bool?
    var detailsConfirmed: Bool = false
    var photo: String?
    var signature: String?
    var idCardFront: String?
    var idCardBack: String?
    var handover: HandoverMethod?
    var recipientName: String?
    var recipientPhone: String?
    var recipientAddress: String?
    /// After a submission: the key it used and the application it made, so a second click on the
    /// same form lands on the same confirmation.
    var submittedKey: String?
    var submittedNumber: String?

    var dependentID: String? { forPerson.flatMap { $0.isEmpty ? nil : $0 } }

    func upload(_ kind: RenewalUploadKind) -> String? {
        switch kind {
        case .photo: photo
        case .signature: signature
        case .idCardFront: idCardFront
        case .idCardBack: idCardBack
        }
    }

    mutating func setUpload(_ kind: RenewalUploadKind, _ key: String?) {
        switch kind {
        case .photo: photo = key
        case .signature: signature = key
        case .idCardFront: idCardFront = key
        case .idCardBack: idCardBack = key
        }
    }

    /// Answers that belong to one applicant: cleared when the person applied for changes.
    mutating func forgetPersonalAnswers() {
        detailsConfirmed = false
        for kind in RenewalUploadKind.allCases { setUpload(kind, nil) }
        recipientName = nil
        recipientPhone = nil
        recipientAddress = nil
    }
}

/// Loads and saves the draft of one account (keyed by the account's own person: the person applied
/// for is one of the answers, chosen part-way through).
struct RenewalDraftStore {
    var request: Request
    var account: AuthenticatedAccount

    private var personKey: String { account.personID?.rawValue ?? account.accountID.uuidString }

    private func record() async throws -> RenewalDraftRecord? {
        try await RenewalDraftRecord.query(on: request.db)
            .filter(\.$accountID == account.accountID.uuidString).filter(\.$personKey == personKey).first()
    }

    func load() async throws -> RenewalDraft {
        guard let record = try await record() else { return RenewalDraft() }
        do {
            let json = try request.services.cipher.open(record.answers)
            return try JSONDecoder().decode(RenewalDraft.self, from: Data(json.utf8))
        } catch {
            // A draft that no longer opens (a rotated key, an old shape) is started again.
            request.logger.warning("renewal draft could not be opened; starting a new one")
            return RenewalDraft()
        }
    }

    func save(_ draft: RenewalDraft) async throws {
        let sealed = try request.services.cipher.seal(
            String(decoding: try JSONEncoder.sortedKeys.encode(draft), as: UTF8.self))
        let now = request.services.now()
        if let existing = try await record() {
            existing.answers = sealed
            existing.updatedAt = now
            try await existing.update(on: request.db)
            return
        }
        let record = RenewalDraftRecord()
        record.id = UUID()
        record.accountID = account.accountID.uuidString
        record.personKey = personKey
        record.answers = sealed
        record.updatedAt = now
        do {
            try await record.create(on: request.db)
        } catch {
            // Two tabs saved the first answer at once: update the row the other one made.
            guard (error as? any DatabaseError)?.isConstraintFailure == true, let existing = try await self.record()
            else { throw error }
            existing.answers = sealed
            existing.updatedAt = now
            try await existing.update(on: request.db)
        }
    }
}
