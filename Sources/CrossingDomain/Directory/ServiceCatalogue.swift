import Foundation

/// A bilingual list of lines (materials, steps, who can apply).
public struct LocalizedList: Hashable, Sendable, Codable {
    public var zh: [String]
    public var en: [String]

    public init(zh: [String], en: [String]) {
        self.zh = zh
        self.en = en
    }

    public func lines(in language: Language) -> [String] { language == .zh ? zh : en }
}

/// A service of the platform with its public guide: who can apply, materials, steps, time limit and fees.
public struct ServiceGuide: Hashable, Sendable {
    public var code: String
    public var audience: ServiceAudience
    public var feature: PlatformFeature
    public var offeredAtOffices: Bool
    public var name: LocalizedText
    public var summary: LocalizedText
    public var whoCanApply: LocalizedList
    public var materials: LocalizedList
    public var steps: LocalizedList
    public var timeLimit: LocalizedText
    /// Fee item codes from the fee schedule.
    public var feeItems: [String]
    public var feeNote: LocalizedText
    public var sources: [String]

    public init(
        code: String, audience: ServiceAudience, feature: PlatformFeature, offeredAtOffices: Bool,
        name: LocalizedText, summary: LocalizedText, whoCanApply: LocalizedList, materials: LocalizedList,
        steps: LocalizedList, timeLimit: LocalizedText, feeItems: [String], feeNote: LocalizedText, sources: [String]
    ) {
        self.code = code
        self.audience = audience
        self.feature = feature
        self.offeredAtOffices = offeredAtOffices
        self.name = name
        self.summary = summary
        self.whoCanApply = whoCanApply
        self.materials = materials
        self.steps = steps
        self.timeLimit = timeLimit
        self.feeItems = feeItems
        self.feeNote = feeNote
        self.sources = sources
    }

    /// Whether people can use this service on the platform today.
    public var isAvailable: Bool { feature.isLive }
}

/// Every service of the platform, in the order the home page lists them.
public struct ServiceCatalogue: Sendable {
    public let guides: [ServiceGuide]
    private let byCode: [String: ServiceGuide]

    public init(guides: [ServiceGuide]) {
        self.guides = guides
        self.byCode = Dictionary(guides.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func guide(code: String) -> ServiceGuide? { byCode[code] }

    public func guides(for audience: ServiceAudience) -> [ServiceGuide] {
        guides.filter { $0.audience == audience }
    }

    /// Services that are carried out at an office counter, for the directory's service filter.
    public var officeServices: [ServiceGuide] { guides.filter(\.offeredAtOffices) }
}
