import CrossingDomain
import Vapor

// Response bodies of the JSON API. They are DTOs, never Fluent records, and they are what
// docs/openapi.yaml describes.

struct StatusBody: Content {
    var status: String
}

struct ItemsBody<Item: Content>: Content {
    var items: [Item]
}

struct CityRef: Content {
    var code: String
    var name: LocalizedText
}

struct Location: Content {
    var latitude: Double
    var longitude: Double
}

struct HoursBody: Content {
    var days: [Int]
    var opens: String
    var closes: String
}

struct OfficeSummaryBody: Content {
    var code: String
    var name: LocalizedText
    var city: CityRef
    var address: LocalizedText
    var phone: String
    var location: Location
    var services: [String]

    init(_ office: Office) {
        code = office.code
        name = office.name
        city = CityRef(code: office.cityCode, name: office.cityName)
        address = office.address
        phone = office.phone
        location = Location(latitude: office.latitude, longitude: office.longitude)
        services = office.services
    }
}

struct OfficePageBody: Content {
    var items: [OfficeSummaryBody]
    var nextCursor: String?
    var sample: Bool

    /// `nextCursor` is written as null on the last page rather than left out: clients test for null.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
        try container.encode(sample, forKey: .sample)
    }
}

struct OfficeDetailBody: Content {
    var code: String
    var name: LocalizedText
    var city: CityRef
    var address: LocalizedText
    var phone: String
    var location: Location
    var services: [String]
    var hours: [HoursBody]
    var counters: Int
    var mapUrl: String
    var sample: Bool

    init(_ office: Office, sample: Bool) {
        let summary = OfficeSummaryBody(office)
        code = summary.code
        name = summary.name
        city = summary.city
        address = summary.address
        phone = summary.phone
        location = summary.location
        services = summary.services
        hours = office.hours.map { HoursBody(days: $0.weekdays, opens: $0.opens, closes: $0.closes) }
        counters = office.counters
        mapUrl = office.mapURL
        self.sample = sample
    }
}

struct ServiceBody: Content {
    var code: String
    var name: LocalizedText
    var audience: String
    var feature: String
    var available: Bool
    var offeredAtOffices: Bool
}

struct GuideSummaryBody: Content {
    var code: String
    var name: LocalizedText
    var summary: LocalizedText
    var audience: String
    var available: Bool
}

struct GuideFeeBody: Content {
    var item: String
    var name: LocalizedText
    var amountFen: Int64
    var currency: String
}

struct GuideBody: Content {
    var code: String
    var name: LocalizedText
    var summary: LocalizedText
    var audience: String
    var feature: String
    var available: Bool
    var offeredAtOffices: Bool
    var whoCanApply: LocalizedList
    var materials: LocalizedList
    var steps: LocalizedList
    var timeLimit: LocalizedText
    var fees: [GuideFeeBody]
    var feeNote: LocalizedText
}

struct FeeListItemBody: Content {
    var code: String
    var name: LocalizedText
    var unit: LocalizedText
    var amountFen: Int64
    var currency: String
    /// Null for a rate whose start is not recorded.
    var effectiveFrom: String?
    var basis: String

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(name, forKey: .name)
        try container.encode(unit, forKey: .unit)
        try container.encode(amountFen, forKey: .amountFen)
        try container.encode(currency, forKey: .currency)
        try container.encode(effectiveFrom, forKey: .effectiveFrom)
        try container.encode(basis, forKey: .basis)
    }
}

struct FeeListBody: Content {
    var date: String
    var items: [FeeListItemBody]
}

struct FeeBody: Content {
    var item: String
    var name: LocalizedText
    var date: String
    var amountFen: Int64
    var amount: String
    var currency: String
    var effectiveFrom: String?
    var basis: String

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(item, forKey: .item)
        try container.encode(name, forKey: .name)
        try container.encode(date, forKey: .date)
        try container.encode(amountFen, forKey: .amountFen)
        try container.encode(amount, forKey: .amount)
        try container.encode(currency, forKey: .currency)
        try container.encode(effectiveFrom, forKey: .effectiveFrom)
        try container.encode(basis, forKey: .basis)
    }
}
