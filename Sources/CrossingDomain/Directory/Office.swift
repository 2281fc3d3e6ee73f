import Foundation

/// One opening-hours row: the same hours on each listed weekday (1 = Monday ... 7 = Sunday).
public struct OpeningHours: Hashable, Sendable, Codable {
    public var weekdays: [Int]
    /// "HH:MM", local time of the office.
    public var opens: String
    public var closes: String

    public init(weekdays: [Int], opens: String, closes: String) {
        self.weekdays = weekdays
        self.opens = opens
        self.closes = closes
    }
}

/// An exit-entry office as published in the office directory.
public struct Office: Hashable, Sendable {
    public var code: String
    public var name: LocalizedText
    public var cityCode: String
    public var cityName: LocalizedText
    public var address: LocalizedText
    public var latitude: Double
    public var longitude: Double
    public var phone: String
    public var hours: [OpeningHours]
    public var counters: Int
    /// Service catalogue codes offered at this office.
    public var services: [String]

    public init(
        code: String, name: LocalizedText, cityCode: String, cityName: LocalizedText, address: LocalizedText,
        latitude: Double, longitude: Double, phone: String, hours: [OpeningHours], counters: Int, services: [String]
    ) {
        self.code = code
        self.name = name
        self.cityCode = cityCode
        self.cityName = cityName
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.phone = phone
        self.hours = hours
        self.counters = counters
        self.services = services
    }

    /// A map link anyone can open without an account or an API key.
    public var mapURL: String {
        let lat = String(format: "%.5f", latitude)
        let lon = String(format: "%.5f", longitude)
        return "https://www.openstreetmap.org/?mlat=\(lat)&mlon=\(lon)#map=17/\(lat)/\(lon)"
    }
}

/// A city that has at least one office in the directory.
public struct DirectoryCity: Hashable, Sendable {
    public var code: String
    public var name: LocalizedText
}
