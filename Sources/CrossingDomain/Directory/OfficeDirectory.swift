import Foundation

/// Search over the office directory. The directory is small (hundreds of offices nationwide), so it
/// is held in memory and searched directly; the database stays the source of truth.
public struct OfficeDirectory: Sendable {
    public struct Query: Sendable, Equatable {
        public var cityCode: String?
        public var serviceCode: String?
        /// Free text matched against names and addresses in both languages, case-insensitively.
        public var text: String?

        public init(cityCode: String? = nil, serviceCode: String? = nil, text: String? = nil) {
            self.cityCode = cityCode
            self.serviceCode = serviceCode
            self.text = text
        }
    }

    public struct Page: Sendable, Equatable {
        public var offices: [Office]
        /// The code of the last office on this page when more follow.
        public var nextAfter: String?
    }

    public let offices: [Office]
    public let cities: [DirectoryCity]
    private let byCode: [String: Office]
    /// Cities by code and by folded Chinese and English name, built once.
    private let citiesByKey: [String: DirectoryCity]

    public init(offices: [Office]) {
        let sorted = offices.sorted { ($0.cityCode, $0.code) < ($1.cityCode, $1.code) }
        self.offices = sorted
        self.byCode = Dictionary(sorted.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<String>()
        let cities = sorted.compactMap { office in
            seen.insert(office.cityCode).inserted ? DirectoryCity(code: office.cityCode, name: office.cityName) : nil
        }
        self.cities = cities
        var keys: [String: DirectoryCity] = [:]
        for city in cities {
            for key in [city.code, Self.fold(city.name.zh), Self.fold(city.name.en)] where keys[key] == nil {
                keys[key] = city
            }
        }
        self.citiesByKey = keys
    }

    public func office(code: String) -> Office? { byCode[code] }

    /// Finds a city by its 6-digit code or by its Chinese or English name ("xian" finds "Xi'an").
    public func city(matching raw: String) -> DirectoryCity? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if let city = citiesByKey[trimmed] { return city }
        let wanted = Self.fold(raw)
        return wanted.isEmpty ? nil : citiesByKey[wanted]
    }

    public func search(_ query: Query) -> [Office] {
        let text = query.text.map(Self.fold).flatMap { $0.isEmpty ? nil : $0 }
        return offices.filter { office in
            if let city = query.cityCode, office.cityCode != city { return false }
            if let service = query.serviceCode, !office.services.contains(service) { return false }
            if let text {
                let haystack = [office.name.zh, office.name.en, office.address.zh, office.address.en, office.code]
                return haystack.contains { Self.fold($0).contains(text) }
            }
            return true
        }
    }

    /// One page of results in directory order, starting after the office `after` (a cursor).
    /// Nil when `after` is not among this query's results: the cursor came from another search.
    public func search(_ query: Query, after: String?, limit: Int) -> Page? {
        var results = search(query)[...]
        if let after {
            guard let index = results.firstIndex(where: { $0.code == after }) else { return nil }
            results = results[(index + 1)...]
        }
        let page = Array(results.prefix(limit))
        let more = results.count > limit
        return Page(offices: page, nextAfter: more ? page.last?.code : nil)
    }

    /// Lower-cases and drops spaces, apostrophes and hyphens so "Xi'an", "xian" and "XI AN" match.
    static func fold(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { !" '’-·".unicodeScalars.contains($0) }.map(Character.init))
    }
}
