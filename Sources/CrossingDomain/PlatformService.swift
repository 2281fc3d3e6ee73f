/// Who a service is for.
public enum ServiceAudience: String, CaseIterable, Hashable, Sendable, Codable {
    case citizen
    case foreigner
    /// Residents of Hong Kong, Macao and Taiwan.
    case hmt
    case everyone

    public var name: LocalizedText {
        switch self {
        case .citizen: LocalizedText(zh: "中国公民", en: "Chinese citizens")
        case .foreigner: LocalizedText(zh: "外国人", en: "Foreign nationals")
        case .hmt: LocalizedText(zh: "港澳台居民", en: "Hong Kong, Macao and Taiwan residents")
        case .everyone: LocalizedText(zh: "所有人", en: "Everyone")
        }
    }
}

/// A capability of the platform; services in the catalogue belong to exactly one.
public enum PlatformFeature: String, CaseIterable, Hashable, Sendable, Codable {
    case directory
    case guides
    case fees
    case renewal
    case appointments
    case endorsements
    case inquiries
    case edocuments
    case hmt

    /// Whether the feature is available to the public today. This is the one place that decides it:
    /// each feature flips to live in the change that lands its implementation (its issue), and the
    /// home page, service list and API read this flag rather than keeping their own lists.
    public var isLive: Bool {
        switch self {
        case .directory, .guides, .fees, .appointments, .renewal:
            true
        case .endorsements, .inquiries, .edocuments, .hmt:
            false
        }
    }

    public static var liveFeatures: [PlatformFeature] { allCases.filter(\.isLive) }
}
