import CrossingDomain
import Foundation

/// The one place where registry records and domain people are converted into each other. Numbers are
/// sealed with the field cipher and indexed with the blind index on the way in, opened on the way out.
struct RegistryRecordMapping: Sendable {
    var cipher: any FieldCipher
    var blindIndex: any KeyedDigest

    func identityIndex(_ identity: IdentityDocument) -> String {
        blindIndex.digest(RegistryNumbers.indexInput(identity))
    }

    func documentIndex(kind: HeldDocumentKind, number: String) -> String {
        blindIndex.digest(RegistryNumbers.indexInput(kind: kind, number: number))
    }

    /// Copies `person` into `record` (new or existing), sealing the numbers.
    func fill(_ record: PersonRecord, from person: RegistryPerson, at now: Date) throws {
        record.personKey = person.id.rawValue
        record.name = person.name
        record.nameLatin = person.nameLatin
        record.identityKind = person.identity.kind.rawValue
        record.identityNumberSealed = try cipher.seal(person.identity.number)
        record.identityNumberIndex = identityIndex(person.identity)
        record.issuingCountry = person.identity.issuingCountry
        record.sex = person.sex.rawValue
        record.birthDate = person.birthDate.iso
        record.nationality = person.nationality
        record.residency = person.residency.rawValue
        record.householdCityCode = person.household?.cityCode
        record.householdAddressCode = person.household?.addressCode
        record.householdAddress = person.household?.address
        record.isStateFunctionary = person.isStateFunctionary
        record.isActiveMilitary = person.isActiveMilitary
        record.biometricsOnFile = person.biometricsOnFile
        record.referencePhotoOnFile = person.referencePhotoOnFile
        record.mobileSealed = try person.mobile.map { try cipher.seal($0) }
        record.updatedAt = now
    }

    func documentRecords(for person: RegistryPerson) throws -> [PersonDocumentRecord] {
        try person.documents.map { document in
            let record = PersonDocumentRecord()
            record.personKey = person.id.rawValue
            record.kind = document.kind.rawValue
            record.numberSealed = try cipher.seal(document.number)
            record.numberIndex = documentIndex(kind: document.kind, number: document.number)
            record.issueDate = document.issueDate.iso
            record.expiryDate = document.expiryDate.iso
            record.status = document.status.rawValue
            return record
        }
    }

    /// The domain person, numbers opened. Documents come back ordered by kind, then issue date.
    func person(_ record: PersonRecord, documents: [PersonDocumentRecord]) throws -> RegistryPerson {
        let identityKind = try decode(IdentityDocumentKind.self, record.identityKind, field: "identity_kind")
        let identity = IdentityDocument(
            kind: identityKind, number: try cipher.open(record.identityNumberSealed),
            issuingCountry: record.issuingCountry)
        var household: HouseholdRegistration?
        if let city = record.householdCityCode, let code = record.householdAddressCode {
            household = HouseholdRegistration(cityCode: city, addressCode: code, address: record.householdAddress ?? "")
        }
        let held = try documents.map(document).sorted {
            ($0.kind.rawValue, $0.issueDate.iso) < ($1.kind.rawValue, $1.issueDate.iso)
        }
        return RegistryPerson(
            id: PersonID(record.personKey), name: record.name, nameLatin: record.nameLatin, identity: identity,
            sex: try decode(Sex.self, record.sex, field: "sex"),
            birthDate: try date(record.birthDate, field: "birth_date"), nationality: record.nationality,
            residency: try decode(ResidencyKind.self, record.residency, field: "residency"), household: household,
            isStateFunctionary: record.isStateFunctionary, isActiveMilitary: record.isActiveMilitary,
            biometricsOnFile: record.biometricsOnFile, referencePhotoOnFile: record.referencePhotoOnFile,
            documents: held, mobile: try record.mobileSealed.map { try cipher.open($0) })
    }

    func document(_ record: PersonDocumentRecord) throws -> HeldDocument {
        HeldDocument(
            kind: try decode(HeldDocumentKind.self, record.kind, field: "kind"),
            number: try cipher.open(record.numberSealed),
            issueDate: try date(record.issueDate, field: "issue_date"),
            expiryDate: try date(record.expiryDate, field: "expiry_date"),
            status: try decode(HeldDocumentStatus.self, record.status, field: "status"))
    }

    private func decode<Value: RawRepresentable>(
        _ type: Value.Type, _ raw: String, field: String
    ) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else { throw RegistryStoreError.corruptRecord(field: field) }
        return value
    }

    private func date(_ raw: String, field: String) throws -> CalendarDate {
        guard let date = CalendarDate(iso: raw) else { throw RegistryStoreError.corruptRecord(field: field) }
        return date
    }
}

/// Failures reading or writing the registry. None carries a number or a name.
enum RegistryStoreError: Error, Hashable, CustomStringConvertible {
    /// A stored value could not be read back (the column is named, never its content).
    case corruptRecord(field: String)
    /// Another person already has this identity document or held document.
    case conflict(field: String)

    var description: String {
        switch self {
        case .corruptRecord(let field): "registry record has an unreadable \(field)"
        case .conflict(let field): "another person in the registry already has this \(field)"
        }
    }
}
