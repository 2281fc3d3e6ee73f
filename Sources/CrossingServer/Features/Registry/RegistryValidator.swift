import CrossingDomain
import Foundation

/// One thing wrong with one field of an import row. `message` explains the rule and never repeats
/// the value (numbers and names stay out of reports and logs).
struct RegistryFieldProblem: Hashable, Sendable {
    /// Column name as in the CSV header ("identity_number", "documents[2].expiry").
    var field: String
    /// Stable code, usually the domain error's ("id-checksum", "date-invalid").
    var code: String
    var message: String

    init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    init(field: String, error: any Error) {
        self.field = field
        if let domain = error as? any DomainError {
            code = domain.code
            message = domain.message.en
        } else {
            code = "invalid"
            message = "The value is not valid"
        }
    }
}

/// Checks a person with the domain parsers and returns them in canonical form: identity and document
/// numbers as the parsers print them, the mobile number as 11 digits.
struct RegistryValidator: Sendable {
    var today: CalendarDate

    static let municipalityProvinces: Set<String> = ["11", "12", "31", "50"]

    func validate(_ input: RegistryPerson) -> (person: RegistryPerson, problems: [RegistryFieldProblem]) {
        var person = input
        var problems: [RegistryFieldProblem] = []
        func problem(_ field: String, _ code: String, _ message: String) {
            problems.append(RegistryFieldProblem(field: field, code: code, message: message))
        }

        let key = person.id.rawValue
        if key.isEmpty || key.count > 64 || !key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        {
            problem("id", "person-id-invalid", "The person id must be 1 to 64 letters, digits or hyphens")
        }
        if person.name.trimmingCharacters(in: .whitespaces).isEmpty {
            problem("name", "name-empty", "The name is missing")
        }
        if person.birthDate > today { problem("birth_date", "birth-date-future", "The birth date is after today") }
        if person.nationality.count != 3 || !person.nationality.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            problem("nationality", "nationality-invalid", "The nationality must be an ISO 3166-1 alpha-3 code")
        }

        do {
            person.identity = try IdentityDocument.parse(
                kind: input.identity.kind, number: input.identity.number,
                issuingCountry: input.identity.issuingCountry, today: today)
            problems += consistency(of: person)
        } catch let error as IdentityDocumentError
            where error == .issuingCountryMissing || error == .issuingCountryInvalid
        {
            problems.append(RegistryFieldProblem(field: "issuing_country", error: error))
        } catch {
            problems.append(RegistryFieldProblem(field: "identity_number", error: error))
        }

        if let household = person.household {
            problems += check(household)
        }
        if let mobile = person.mobile {
            do {
                person.mobile = try MobileNumber.parse(mobile).value
            } catch {
                problems.append(RegistryFieldProblem(field: "mobile", error: error))
            }
        }
        for (index, document) in person.documents.enumerated() {
            let field = "documents[\(index + 1)]"
            do {
                person.documents[index].number = try RegistryNumbers.heldDocumentNumber(
                    document.number, kind: document.kind, today: today)
            } catch {
                problems.append(RegistryFieldProblem(field: field + ".number", error: error))
            }
            if document.issueDate > today {
                problem(field + ".issue", "issue-date-future", "The issue date is after today")
            }
            if document.expiryDate < document.issueDate {
                problem(field + ".expiry", "expiry-before-issue", "The expiry date is before the issue date")
            }
        }
        return (person, problems)
    }

    /// What the identity number itself says must agree with the rest of the row.
    private func consistency(of person: RegistryPerson) -> [RegistryFieldProblem] {
        var problems: [RegistryFieldProblem] = []
        let expected: Set<ResidencyKind>
        switch person.identity.kind {
        case .residentID: expected = [.mainlandCitizen]
        case .passport, .prCard: expected = [.foreigner]
        case .homeReturnPermit: expected = person.identity.number.hasPrefix("M") ? [.macao] : [.hongKong]
        case .taiwanCompatriotPermit: expected = [.taiwan]
        }
        if !expected.contains(person.residency) {
            problems.append(
                RegistryFieldProblem(
                    field: "residency", code: "residency-mismatch",
                    message: "The residency does not fit the identity document kind"))
        }
        var birthDate: CalendarDate?
        var sex: Sex?
        if person.identity.kind == .residentID,
            let id = try? ResidentIDNumber.parse(person.identity.number, today: today)
        {
            birthDate = id.birthDate
            sex = id.sex
        } else if person.identity.kind == .prCard,
            let card = try? PermanentResidentCardNumber.parse(person.identity.number)
        {
            birthDate = card.birthDate
            sex = card.sex
        }
        if let birthDate, birthDate != person.birthDate {
            problems.append(
                RegistryFieldProblem(
                    field: "birth_date", code: "birth-date-mismatch",
                    message: "The birth date differs from the one in the identity number"))
        }
        if let sex, sex != person.sex {
            problems.append(
                RegistryFieldProblem(
                    field: "sex", code: "sex-mismatch", message: "The sex differs from the one in the identity number"))
        }
        return problems
    }

    private func check(_ household: HouseholdRegistration) -> [RegistryFieldProblem] {
        guard let address = AddressCode(household.addressCode) else {
            return [
                RegistryFieldProblem(
                    field: "household_address_code", code: "address-code-invalid",
                    message: "The address code must be 6 digits starting with a province code")
            ]
        }
        let city = household.cityCode
        guard city.count == 6, city.allSatisfy(\.isASCIIDigitCharacter), AddressCode(city) != nil else {
            return [
                RegistryFieldProblem(
                    field: "household_city_code", code: "city-code-invalid",
                    message: "The city code must be a 6-digit prefecture code")
            ]
        }
        let prefixLength = Self.municipalityProvinces.contains(address.provinceCode) ? 2 : 4
        guard city.prefix(prefixLength) == address.value.prefix(prefixLength) else {
            return [
                RegistryFieldProblem(
                    field: "household_address_code", code: "address-code-city-mismatch",
                    message: "The address code is not in the household city")
            ]
        }
        return []
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
