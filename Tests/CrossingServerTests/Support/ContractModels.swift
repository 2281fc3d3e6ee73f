// The response shapes of docs/openapi.yaml and the contract, written independently of the server's
// own DTOs so that a change to a server type cannot silently change what the tests accept.

struct Localized: Decodable, Equatable {
    var zh: String
    var en: String
}

struct LocalizedLines: Decodable, Equatable {
    var zh: [String]
    var en: [String]
}

struct ProblemDocument: Decodable {
    struct FieldError: Decodable, Equatable {
        var field: String
        var code: String
        var message: String
    }

    var type: String
    var title: String
    var status: Int
    var detail: String
    var instance: String
    var requestId: String
    var errors: [FieldError]?

    var fields: [String] { (errors ?? []).map(\.field) }
}

struct StatusDocument: Decodable {
    var status: String
}

struct ReadyDocument: Decodable {
    var status: String
    var database: String
    var migrations: String
}

struct Items<Item: Decodable>: Decodable {
    var items: [Item]
}

struct OfficeSummary: Decodable {
    struct City: Decodable {
        var code: String
        var name: Localized
    }

    struct Location: Decodable {
        var latitude: Double
        var longitude: Double
    }

    var code: String
    var name: Localized
    var city: City
    var address: Localized
    var phone: String
    var location: Location
    var services: [String]
}

struct OfficePage: Decodable {
    var items: [OfficeSummary]
    var nextCursor: String?
    var sample: Bool
}

struct OfficeDetail: Decodable {
    struct Hours: Decodable {
        var days: [Int]
        var opens: String
        var closes: String
    }

    var code: String
    var name: Localized
    var city: OfficeSummary.City
    var address: Localized
    var phone: String
    var services: [String]
    var hours: [Hours]
    var counters: Int
    var mapUrl: String
    var sample: Bool
}

struct ServiceEntry: Decodable {
    var code: String
    var name: Localized
    var audience: String
    var feature: String
    var available: Bool
    var offeredAtOffices: Bool
}

struct GuideSummary: Decodable {
    var code: String
    var name: Localized
    var summary: Localized
    var audience: String
    var available: Bool
}

struct GuideDetail: Decodable {
    struct Fee: Decodable {
        var item: String
        var name: Localized
        var amountFen: Int
        var currency: String
    }

    var code: String
    var name: Localized
    var feature: String
    var available: Bool
    var offeredAtOffices: Bool
    var whoCanApply: LocalizedLines
    var materials: LocalizedLines
    var steps: LocalizedLines
    var timeLimit: Localized
    var fees: [Fee]
    var feeNote: Localized
}

struct FeeList: Decodable {
    struct Item: Decodable {
        var code: String
        var name: Localized
        var unit: Localized
        var amountFen: Int
        var currency: String
        var effectiveFrom: String?
        var basis: String
    }

    var date: String
    var items: [Item]
}

struct FeeQuote: Decodable {
    var item: String
    var name: Localized
    var date: String
    var amountFen: Int
    var amount: String
    var currency: String
    var effectiveFrom: String?
    var basis: String
}

struct PilotCityList: Decodable {
    struct City: Decodable {
        var code: String
        var name: Localized
        var batch: Int
        var goLiveDate: String
        var confirmed: Bool
        var live: Bool
    }

    var date: String
    var complete: Bool
    var note: Localized
    var items: [City]
}

struct Eligibility: Decodable {
    struct City: Decodable {
        var code: String
        var name: Localized
        var goLiveDate: String
    }

    var date: String
    var eligible: Bool
    var reason: String
    var message: Localized
    var city: City?
    var listComplete: Bool
}

struct HolidayYear: Decodable {
    struct Holiday: Decodable {
        var name: Localized
        var from: String
        var to: String
        var makeUpWorkdays: [String]
    }

    var year: Int
    var holidays: [Holiday]
    var workingDays: Int
}

struct WorkingDaysAnswer: Decodable {
    var from: String
    var add: Int
    var result: String
    var covered: Bool
}

struct ValidatedNumber: Decodable {
    var type: String
    var valid: Bool
    var normalized: String
    var details: [String: String]
}
