import Foundation

/// Services that share counters at an office. Capacity is planned per group: a citizen's passport
/// application and an endorsement use the same document counters, collection has its own window,
/// and foreigners' visa and residence matters have theirs.
public enum AppointmentServiceGroup: String, CaseIterable, Hashable, Sendable, Codable {
    case citizenDocuments = "citizen-documents"
    case collection
    case foreignerServices = "foreigner-services"

    public var name: LocalizedText {
        switch self {
        case .citizenDocuments: LocalizedText(zh: "证件申请", en: "Document applications")
        case .collection: LocalizedText(zh: "领取证件", en: "Document collection")
        case .foreignerServices: LocalizedText(zh: "外国人签证证件", en: "Visas and permits for foreign nationals")
        }
    }

    /// Share of an office's counters, by weight among the groups the office offers.
    var counterWeight: Int {
        switch self {
        case .citizenDocuments: 2
        case .collection, .foreignerServices: 1
        }
    }
}

/// Which catalogue services can be booked, and the group each belongs to.
public enum AppointmentCatalogue {
    /// Bookable service codes (from service-guides.json) and their counter group.
    public static let groups: [String: AppointmentServiceGroup] = [
        "passport.first": .citizenDocuments,
        "hkmo-permit.first": .citizenDocuments,
        "taiwan-permit.first": .citizenDocuments,
        "hkmo-endorsement": .citizenDocuments,
        "taiwan-endorsement": .citizenDocuments,
        "collection": .collection,
        "foreigner.visa": .foreignerServices,
        "foreigner.residence-permit": .foreignerServices,
    ]

    /// Bookable codes in the order pages list them.
    public static let serviceCodes: [String] = [
        "passport.first", "hkmo-permit.first", "taiwan-permit.first", "hkmo-endorsement", "taiwan-endorsement",
        "collection", "foreigner.visa", "foreigner.residence-permit",
    ]

    public static func group(of serviceCode: String) -> AppointmentServiceGroup? { groups[serviceCode] }

    /// Where zero-visit renewal sends a person it cannot serve online: the counter application for the
    /// same document (an office accepts it wherever the household is registered).
    public static let counterRouteForRenewal: [String: String] = [
        "passport.renewal-online": "passport.first",
        "hkmo-permit.renewal-online": "hkmo-permit.first",
        "taiwan-permit.renewal-online": "taiwan-permit.first",
    ]

    /// The groups an office offers, from its configured services.
    public static func groups(offeredBy office: Office) -> Set<AppointmentServiceGroup> {
        Set(office.services.compactMap { groups[$0] })
    }
}
