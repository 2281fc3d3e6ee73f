import CrossingDomain
import Foundation

/// The registry's CSV form: UTF-8, comma-separated, RFC 4180 quoting, a header row, one person per row.
///
/// Columns (header names; order free; the first eight are required):
/// - `id`: the registry's person key (letters, digits, hyphens), not an identity number
/// - `name`, `name_latin` (optional)
/// - `identity_kind`: resident-id | passport | home-return-permit | taiwan-compatriot-permit | pr-card
/// - `identity_number`; `issuing_country` (ISO alpha-3, passports only)
/// - `sex`: male | female; `birth_date`: YYYY-MM-DD
/// - `nationality`: ISO alpha-3; `residency`: mainland-citizen | foreigner | hong-kong | macao | taiwan
/// - `household_city_code`, `household_address_code`, `household_address` (citizens; all or none)
/// - `state_functionary`, `active_military`, `biometrics_on_file`, `reference_photo_on_file`:
///   true/false (also yes/no, 1/0; empty is false)
/// - `mobile`: 11-digit mainland number (optional)
/// - `documents`: `;`-separated `kind:number:issue:expiry:status`, e.g.
///   `ordinary-passport:E12345678:2020-05-01:2030-04-30:valid` (kinds as `HeldDocumentKind`, statuses as
///   `HeldDocumentStatus`)
///
/// Rows are numbered from 1 for the first person after the header; blank lines are ignored.
enum RegistryCSV {
    static let columns = [
        "id", "name", "name_latin", "identity_kind", "identity_number", "issuing_country", "sex", "birth_date",
        "nationality", "residency", "household_city_code", "household_address_code", "household_address",
        "state_functionary", "active_military", "biometrics_on_file", "reference_photo_on_file", "mobile",
        "documents",
    ]
    static let requiredColumns = [
        "id", "name", "identity_kind", "identity_number", "sex", "birth_date", "nationality", "residency",
    ]

    /// Splits CSV text into records of fields (quotes removed, doubled quotes unescaped).
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending = iterator.next()
        func endRecord() {
            record.append(field)
            if !(record.count == 1 && record[0].isEmpty && !fieldWasQuoted) { records.append(record) }
            record = []
            field = ""
            fieldWasQuoted = false
        }
        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                inQuotes = true
                fieldWasQuoted = true
            case ",":
                record.append(field)
                field = ""
                fieldWasQuoted = false
            case "\r":
                if pending == "\n" { pending = iterator.next() }
                endRecord()
            case "\n": endRecord()
            case "\u{FEFF}" where records.isEmpty && record.isEmpty && field.isEmpty: continue
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }

    /// One data row as a person (not yet validated by the domain parsers), or what is wrong with it.
    static func person(
        _ fields: [String], header: [String: Int]
    ) -> Result<RegistryPerson, RegistryRowProblems> {
        var problems: [RegistryFieldProblem] = []
        func value(_ column: String) -> String {
            guard let index = header[column], index < fields.count else { return "" }
            return fields[index].trimmingCharacters(in: .whitespaces)
        }
        func optional(_ column: String) -> String? {
            let text = value(column)
            return text.isEmpty ? nil : text
        }
        func choice<Value: RawRepresentable>(_ column: String, _ type: Value.Type) -> Value?
        where Value.RawValue == String {
            if let parsed = Value(rawValue: value(column).lowercased()) { return parsed }
            problems.append(.init(field: column, code: "value-unknown", message: "The value is not one of the allowed"))
            return nil
        }
        func date(_ column: String, _ text: String) -> CalendarDate? {
            if let parsed = CalendarDate(iso: text) { return parsed }
            problems.append(.init(field: column, code: "date-invalid", message: "Expected a real date as YYYY-MM-DD"))
            return nil
        }
        func flag(_ column: String) -> Bool {
            switch value(column).lowercased() {
            case "", "false", "no", "0": return false
            case "true", "yes", "1": return true
            default:
                problems.append(.init(field: column, code: "flag-invalid", message: "Expected true or false"))
                return false
            }
        }

        let identityKind = choice("identity_kind", IdentityDocumentKind.self)
        let sex = choice("sex", Sex.self)
        let birthDate = date("birth_date", value("birth_date"))
        let residency = choice("residency", ResidencyKind.self)
        let flags = ["state_functionary", "active_military", "biometrics_on_file", "reference_photo_on_file"].map(flag)
        var household: HouseholdRegistration?
        if let city = optional("household_city_code"), let code = optional("household_address_code") {
            household = HouseholdRegistration(cityCode: city, addressCode: code, address: value("household_address"))
        } else if optional("household_city_code") != nil || optional("household_address_code") != nil {
            problems.append(
                .init(
                    field: "household_address_code", code: "household-incomplete",
                    message: "Give both the household city code and the address code, or neither"))
        }
        var documents: [HeldDocument] = []
        for (index, item) in value("documents").split(separator: ";").enumerated() {
            let field = "documents[\(index + 1)]"
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 5 else {
                problems.append(
                    .init(field: field, code: "document-format", message: "Expected kind:number:issue:expiry:status"))
                continue
            }
            let kind = HeldDocumentKind(rawValue: parts[0].lowercased())
            let status = HeldDocumentStatus(rawValue: parts[4].lowercased())
            if kind == nil {
                problems.append(.init(field: field + ".kind", code: "value-unknown", message: "Unknown document kind"))
            }
            if status == nil {
                problems.append(.init(field: field + ".status", code: "value-unknown", message: "Unknown status"))
            }
            let issue = date(field + ".issue", parts[2])
            let expiry = date(field + ".expiry", parts[3])
            if let kind, let status, let issue, let expiry {
                documents.append(
                    HeldDocument(kind: kind, number: parts[1], issueDate: issue, expiryDate: expiry, status: status))
            }
        }
        guard problems.isEmpty, let identityKind, let sex, let birthDate, let residency else {
            return .failure(RegistryRowProblems(problems: problems))
        }
        return .success(
            RegistryPerson(
                id: PersonID(value("id")), name: value("name"), nameLatin: optional("name_latin"),
                identity: IdentityDocument(
                    kind: identityKind, number: value("identity_number"),
                    issuingCountry: optional("issuing_country")?.uppercased()),
                sex: sex, birthDate: birthDate, nationality: value("nationality").uppercased(), residency: residency,
                household: household, isStateFunctionary: flags[0], isActiveMilitary: flags[1],
                biometricsOnFile: flags[2], referencePhotoOnFile: flags[3], documents: documents,
                mobile: optional("mobile")))
    }

    /// The CSV text of `people` with every column, the inverse of reading.
    static func encode(_ people: [RegistryPerson]) -> String {
        var lines = [columns.joined(separator: ",")]
        for person in people {
            let documents = person.documents.map {
                [$0.kind.rawValue, $0.number, $0.issueDate.iso, $0.expiryDate.iso, $0.status.rawValue]
                    .joined(separator: ":")
            }
            let fields: [String] = [
                person.id.rawValue, person.name, person.nameLatin ?? "", person.identity.kind.rawValue,
                person.identity.number, person.identity.issuingCountry ?? "", person.sex.rawValue,
                person.birthDate.iso, person.nationality, person.residency.rawValue,
                person.household?.cityCode ?? "", person.household?.addressCode ?? "",
                person.household?.address ?? "", String(person.isStateFunctionary), String(person.isActiveMilitary),
                String(person.biometricsOnFile), String(person.referencePhotoOnFile), person.mobile ?? "",
                documents.joined(separator: ";"),
            ]
            lines.append(fields.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The problems of one row, as an error so rows can travel in a `Result`.
struct RegistryRowProblems: Error, Hashable {
    var problems: [RegistryFieldProblem]
}
