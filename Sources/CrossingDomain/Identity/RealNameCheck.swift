/// Real-name verification (实名认证): the name and identity document a person claims must be those
/// of one person in the registry.
public enum RealNameOutcome: Hashable, Sendable {
    case matched(PersonID)
    /// Deliberately one case for "no such number" and "number belongs to someone else", so the
    /// answer cannot be used to find out which numbers exist.
    case noMatch

    /// The error to show for `.noMatch`; nil when matched.
    public var error: RealNameMismatch? {
        switch self {
        case .matched: nil
        case .noMatch: RealNameMismatch()
        }
    }
}

/// The one error a failed real-name check shows. It never says which part was wrong.
public struct RealNameMismatch: DomainError, Hashable {
    public init() {}

    public var code: String { "real-name-mismatch" }

    public var message: LocalizedText {
        LocalizedText(
            zh: "姓名与证件号码和我们的记录不一致，请对照证件核对后重新填写",
            en:
                "The name and document number do not match our records. Please check both against your document and try again"
        )
    }
}

public enum RealNameCheck {
    /// `registry` is the person found by the claimed document's blind index (nil if none).
    /// Matches when the document is the person's identity document (same kind, number and, for
    /// passports, issuing country) and the name matches the registered name or, for people with a
    /// Latin-script name on record (foreigners, HK/Macao/Taiwan residents), that name.
    public static func evaluate(
        claimedName: String, claimedDocument: IdentityDocument, registry: RegistryPerson?
    ) -> RealNameOutcome {
        guard let person = registry, person.identity == claimedDocument else { return .noMatch }
        let names = [person.name] + (person.nameLatin.map { [$0] } ?? [])
        let nameMatches = names.contains { PersonName.matches(registry: $0, entered: claimedName) }
        return nameMatches ? .matched(person.id) : .noMatch
    }
}
