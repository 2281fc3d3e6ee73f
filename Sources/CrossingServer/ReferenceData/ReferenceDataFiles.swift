import CrossingDomain
import Foundation

// The shapes of the files under Resources/ReferenceData. Decoding is strict: a missing or mistyped
// field fails the load with the file and the field's path, and nothing is written.

struct LocalizedNote: Codable, Sendable {
    var zh: String
    var en: String
}

struct PilotCitiesFile: Codable, Sendable {
    struct City: Codable, Sendable {
        var code: String
        var nameZh: String
        var nameEn: String
        var provinceZh: String
        var provinceEn: String
        var addressCodePrefixes: [String]
        var batch: Int
        var goLiveDate: String
        var confirmed: Bool
        var source: String
    }

    var dataset: String
    var version: String
    var complete: Bool
    var note: LocalizedNote
    var sources: [String]
    var cities: [City]
}

struct FeesFile: Codable, Sendable {
    struct Rate: Codable, Sendable {
        var effectiveFrom: String?
        var amountFen: Int64
        var basis: String
    }

    struct Item: Codable, Sendable {
        var code: String
        var nameZh: String
        var nameEn: String
        var unitZh: String
        var unitEn: String
        var rates: [Rate]
    }

    var dataset: String
    var version: String
    var currency: String
    var sources: [String]
    var items: [Item]
}

struct HolidaysFile: Codable, Sendable {
    struct Holiday: Codable, Sendable {
        var nameZh: String
        var nameEn: String
        var from: String
        var to: String
        var makeUpWorkdays: [String]
    }

    struct Year: Codable, Sendable {
        var year: Int
        var source: String
        var holidays: [Holiday]
    }

    var dataset: String
    var version: String
    var sources: [String]
    var years: [Year]
}

struct OfficesFile: Codable, Sendable {
    struct Hours: Codable, Sendable {
        var days: [Int]
        var opens: String
        var closes: String
    }

    struct Office: Codable, Sendable {
        var code: String
        var nameZh: String
        var nameEn: String
        var cityCode: String
        var cityZh: String
        var cityEn: String
        var addressZh: String
        var addressEn: String
        var latitude: Double
        var longitude: Double
        var phone: String
        var hours: [Hours]
        var counters: Int
        var services: [String]
    }

    var dataset: String
    var version: String
    var sample: Bool
    var note: LocalizedNote
    var offices: [Office]
}

struct ServiceGuidesFile: Codable, Sendable {
    struct Guide: Codable, Sendable {
        var code: String
        var audience: String
        var feature: String
        var offeredAtOffices: Bool
        var nameZh: String
        var nameEn: String
        var summaryZh: String
        var summaryEn: String
        var whoCanApplyZh: [String]
        var whoCanApplyEn: [String]
        var materialsZh: [String]
        var materialsEn: [String]
        var stepsZh: [String]
        var stepsEn: [String]
        var timeLimitZh: String
        var timeLimitEn: String
        var feeItems: [String]
        var feeNoteZh: String
        var feeNoteEn: String
        var sources: [String]
    }

    var dataset: String
    var version: String
    var guides: [Guide]
}

/// The reference datasets, each with its file name. The order is the order of loading.
enum ReferenceDataset: String, CaseIterable, Sendable {
    case pilotCities = "pilot-cities"
    case fees
    case holidays
    case offices
    case serviceGuides = "service-guides"

    var fileName: String { "\(rawValue).json" }
}
