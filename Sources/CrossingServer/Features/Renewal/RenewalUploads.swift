import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Uploads: checked with the domain's rules, kept in the blob store, recorded for their person.
extension RenewalService {
    /// Checks a file with the domain's rules and keeps it: 422 with every reason when it does not
    /// pass (each says what to fix), the stored upload otherwise. The same file twice is one blob.
    func upload(
        _ kind: RenewalUploadKind, data: Data, for subject: RenewalSubject, by account: AuthenticatedAccount
    ) async throws -> RenewalUploadRecord {
        let checker = application.renewal.imageChecker
        let result: ImageCheckResult
        switch kind {
        case .photo: result = checker.checkPhoto(data)
        case .signature: result = checker.checkSignature(data)
        case .idCardFront, .idCardBack: result = checker.checkIDCardPhoto(data)
        }
        guard result.isAccepted, let header = result.header else {
            throw Problem.validation(
                result.rejections.map {
                    Problem.FieldError(field: "file", code: $0.code, message: $0.message.text(in: language))
                })
        }
        let key: BlobKey
        do {
            key = try await application.renewal.blobs.put(data, maxBytes: RenewalFeature.maxUploadBytes)
        } catch {
            application.logger.error("upload could not be stored: \(error)")
            throw Problem(.serviceUnavailable, detail: RenewalText.storageDown.text(in: language))
        }
        let person = subject.person.id
        if let existing = try await findUpload(key.rawValue, kind: kind, person: person, on: database) {
            return existing
        }
        let record = RenewalUploadRecord()
        record.id = UUID()
        record.blobKey = key.rawValue
        record.kind = kind.rawValue
        record.personKey = person.rawValue
        record.accountID = account.accountID.uuidString
        record.bytes = data.count
        record.width = header.width
        record.height = header.height
        record.createdAt = now
        do {
            try await record.create(on: database)
        } catch {
            guard (error as? any DatabaseError)?.isConstraintFailure == true else { throw error }
            // The same file raced itself: the other request recorded it.
            if let existing = try await findUpload(key.rawValue, kind: kind, person: person, on: database) {
                return existing
            }
            throw error
        }
        return record
    }

    /// The upload `key` of `kind` for the person, or a field error named `field`.
    func requireUpload(
        _ key: String, kind: RenewalUploadKind, person: PersonID, field: String, on db: any Database
    ) async throws -> Problem.FieldError? {
        guard try await findUpload(key, kind: kind, person: person, on: db) == nil else { return nil }
        return Problem.FieldError(
            field: field, code: "upload-missing",
            message: LocalizedText(
                zh: "请先上传\(kind.name.zh)（须是为本申请人上传且通过检查的文件）",
                en: "Upload the \(kind.name.en.lowercased()) first (a checked file uploaded for this applicant)"
            ).text(in: language))
    }

    private func findUpload(
        _ key: String, kind: RenewalUploadKind, person: PersonID, on db: any Database
    ) async throws -> RenewalUploadRecord? {
        try await RenewalUploadRecord.query(on: db)
            .filter(\.$personKey == person.rawValue).filter(\.$kind == kind.rawValue).filter(\.$blobKey == key)
            .first()
    }
}
