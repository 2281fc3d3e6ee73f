import Foundation

/// The reference data files as the tests see them: only the fields the expectations need, read
/// straight from Resources/ReferenceData so the tests follow the data rather than repeating it.
enum ReferenceFixture {
    struct Offices: Decodable {
        struct Office: Decodable {
            var code: String
            var cityCode: String
            var addressZh: String
            var addressEn: String
            var phone: String
            var services: [String]
        }

        var offices: [Office]
    }

    struct Guides: Decodable {
        struct Guide: Decodable {
            var code: String
            var nameZh: String
            var nameEn: String
            var materialsZh: [String]
            var materialsEn: [String]
        }

        var guides: [Guide]
    }

    struct Fees: Decodable {
        struct Item: Decodable {
            struct Rate: Decodable {
                var effectiveFrom: String?
                var amountFen: Int
            }

            var code: String
            var nameZh: String
            var nameEn: String
            var rates: [Rate]
        }

        var items: [Item]
    }

    struct PilotCities: Decodable {
        struct City: Decodable {
            var code: String
        }

        var cities: [City]
    }

    struct Holidays: Decodable {
        struct Year: Decodable {
            var year: Int
            var holidays: [Holiday]
        }

        struct Holiday: Decodable {
            var nameZh: String
        }

        var years: [Year]
    }

    static func read<T: Decodable>(_ type: T.Type, _ file: String) throws -> T {
        let url = URL(fileURLWithPath: TestDefaults.referenceDataDirectory).appendingPathComponent(file)
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static func offices() throws -> [Offices.Office] { try read(Offices.self, "offices.json").offices }
    static func guides() throws -> [Guides.Guide] { try read(Guides.self, "service-guides.json").guides }
    static func fees() throws -> [Fees.Item] { try read(Fees.self, "fees.json").items }
    static func pilotCities() throws -> [PilotCities.City] { try read(PilotCities.self, "pilot-cities.json").cities }
    static func holidayYears() throws -> [Holidays.Year] { try read(Holidays.self, "holidays.json").years }

    /// The catalogue codes the contract says are live today.
    static let liveServices: Set<String> = [
        "offices", "guides", "fees", "passport.first", "hkmo-permit.first", "taiwan-permit.first", "collection",
        "foreigner.visa", "foreigner.residence-permit", "passport.renewal-online", "hkmo-permit.renewal-online",
        "taiwan-permit.renewal-online",
    ]
}
