import Fluent
import Foundation

// Reference data tables. Rows are replaced as a whole per dataset by `ReferenceDataImporter`;
// nothing else writes them. Dates are stored as ISO "YYYY-MM-DD" text, which sorts correctly and
// means the same on SQLite and PostgreSQL.

/// Which version of each dataset is loaded, with the file's SHA-256 so a reload can be skipped.
final class ReferenceDataVersionRecord: Model, @unchecked Sendable {
    static let schema = "reference_data_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "dataset") var dataset: String
    @Field(key: "version") var version: String
    @Field(key: "checksum") var checksum: String
    @Field(key: "loaded_at") var loadedAt: Date
    /// Dataset-level facts that are not rows, as JSON (for example whether a list is complete).
    @Field(key: "meta") var meta: String

    init() {}

    init(dataset: String, version: String, checksum: String, loadedAt: Date, meta: String) {
        self.dataset = dataset
        self.version = version
        self.checksum = checksum
        self.loadedAt = loadedAt
        self.meta = meta
    }
}

final class PilotCityRecord: Model, @unchecked Sendable {
    static let schema = "pilot_cities"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name_zh") var nameZh: String
    @Field(key: "name_en") var nameEn: String
    @Field(key: "province_zh") var provinceZh: String
    @Field(key: "province_en") var provinceEn: String
    /// Comma-separated prefixes of household-registration address codes.
    @Field(key: "address_code_prefixes") var addressCodePrefixes: String
    @Field(key: "batch") var batch: Int
    @Field(key: "go_live_date") var goLiveDate: String
    @Field(key: "confirmed") var confirmed: Bool
    @Field(key: "source") var source: String

    init() {}
}

final class FeeItemRecord: Model, @unchecked Sendable {
    static let schema = "fee_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "position") var position: Int
    @Field(key: "name_zh") var nameZh: String
    @Field(key: "name_en") var nameEn: String
    @Field(key: "unit_zh") var unitZh: String
    @Field(key: "unit_en") var unitEn: String

    init() {}
}

final class FeeRateRecord: Model, @unchecked Sendable {
    static let schema = "fee_rates"

    @ID(key: .id) var id: UUID?
    @Field(key: "item_code") var itemCode: String
    /// Nil for the rate in force before the first dated change (its start is not known).
    @OptionalField(key: "effective_from") var effectiveFrom: String?
    @Field(key: "amount_fen") var amountFen: Int64
    @Field(key: "basis") var basis: String

    init() {}
}

final class HolidayPeriodRecord: Model, @unchecked Sendable {
    static let schema = "holiday_periods"

    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    @Field(key: "name_zh") var nameZh: String
    @Field(key: "name_en") var nameEn: String
    @Field(key: "from_date") var fromDate: String
    @Field(key: "to_date") var toDate: String
    /// Comma-separated ISO dates of the weekend days worked to make up for the holiday.
    @Field(key: "make_up_workdays") var makeUpWorkdays: String

    init() {}
}

final class OfficeRecord: Model, @unchecked Sendable {
    static let schema = "offices"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name_zh") var nameZh: String
    @Field(key: "name_en") var nameEn: String
    @Field(key: "city_code") var cityCode: String
    @Field(key: "city_zh") var cityZh: String
    @Field(key: "city_en") var cityEn: String
    @Field(key: "address_zh") var addressZh: String
    @Field(key: "address_en") var addressEn: String
    @Field(key: "latitude") var latitude: Double
    @Field(key: "longitude") var longitude: Double
    @Field(key: "phone") var phone: String
    @Field(key: "counters") var counters: Int
    /// Opening hours as JSON: `[{"weekdays":[1,2,3,4,5],"opens":"09:00","closes":"12:00"}]`.
    @Field(key: "hours") var hours: String
    @Field(key: "sample") var sample: Bool

    init() {}
}

/// Which catalogue services an office offers: one row per pair, so a later query can join on it.
final class OfficeServiceRecord: Model, @unchecked Sendable {
    static let schema = "office_services"

    @ID(key: .id) var id: UUID?
    @Field(key: "office_code") var officeCode: String
    @Field(key: "service_code") var serviceCode: String

    init() {}

    init(officeCode: String, serviceCode: String) {
        self.officeCode = officeCode
        self.serviceCode = serviceCode
    }
}

final class ServiceGuideRecord: Model, @unchecked Sendable {
    static let schema = "service_guides"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "position") var position: Int
    @Field(key: "audience") var audience: String
    @Field(key: "feature") var feature: String
    @Field(key: "name_zh") var nameZh: String
    @Field(key: "name_en") var nameEn: String
    /// The whole guide as JSON in the file's own shape; it is read and shown as one piece.
    @Field(key: "content") var content: String

    init() {}
}
