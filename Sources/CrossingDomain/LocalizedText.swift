/// The two languages the platform speaks. Chinese is the primary language of every text.
public enum Language: String, CaseIterable, Sendable, Codable {
    case zh
    case en
}

/// A piece of user-facing text in both platform languages.
public struct LocalizedText: Hashable, Sendable, Codable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    public func text(in language: Language) -> String {
        switch language {
        case .zh: zh
        case .en: en
        }
    }
}

/// An error that can be shown to a person: a stable machine code plus a bilingual explanation
/// of what to fix. API problem details use `code` as the field error code and `message` as its text.
public protocol DomainError: Error, Sendable {
    /// Stable kebab-case identifier, e.g. "id-checksum". Never changes once published.
    var code: String { get }
    /// Plain-language explanation that tells the person what to do.
    var message: LocalizedText { get }
}
