import Fluent

/// Reference data tables. Released migrations never change: add a new numbered one instead.
struct M0001_CreateReferenceData: AsyncMigration {
    var name: String { "0001_create_reference_data" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ReferenceDataVersionRecord.schema)
            .id()
            .field("dataset", .string, .required)
            .field("version", .string, .required)
            .field("checksum", .string, .required)
            .field("loaded_at", .datetime, .required)
            .field("meta", .string, .required)
            .unique(on: "dataset")
            .create()
        try await database.schema(PilotCityRecord.schema)
            .id()
            .field("code", .string, .required)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("province_zh", .string, .required)
            .field("province_en", .string, .required)
            .field("address_code_prefixes", .string, .required)
            .field("batch", .int, .required)
            .field("go_live_date", .string, .required)
            .field("confirmed", .bool, .required)
            .field("source", .string, .required)
            .unique(on: "code")
            .create()
        try await database.schema(FeeItemRecord.schema)
            .id()
            .field("code", .string, .required)
            .field("position", .int, .required)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("unit_zh", .string, .required)
            .field("unit_en", .string, .required)
            .unique(on: "code")
            .create()
        try await database.schema(FeeRateRecord.schema)
            .id()
            .field("item_code", .string, .required)
            .field("effective_from", .string)
            .field("amount_fen", .int64, .required)
            .field("basis", .string, .required)
            .unique(on: "item_code", "effective_from")
            .create()
        try await database.schema(HolidayPeriodRecord.schema)
            .id()
            .field("year", .int, .required)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("from_date", .string, .required)
            .field("to_date", .string, .required)
            .field("make_up_workdays", .string, .required)
            .create()
        try await database.schema(OfficeRecord.schema)
            .id()
            .field("code", .string, .required)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("city_code", .string, .required)
            .field("city_zh", .string, .required)
            .field("city_en", .string, .required)
            .field("address_zh", .string, .required)
            .field("address_en", .string, .required)
            .field("latitude", .double, .required)
            .field("longitude", .double, .required)
            .field("phone", .string, .required)
            .field("counters", .int, .required)
            .field("hours", .string, .required)
            .field("sample", .bool, .required)
            .unique(on: "code")
            .create()
        try await database.schema(OfficeServiceRecord.schema)
            .id()
            .field("office_code", .string, .required)
            .field("service_code", .string, .required)
            .unique(on: "office_code", "service_code")
            .create()
        try await database.schema(ServiceGuideRecord.schema)
            .id()
            .field("code", .string, .required)
            .field("position", .int, .required)
            .field("audience", .string, .required)
            .field("feature", .string, .required)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("content", .string, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [
            ServiceGuideRecord.schema, OfficeServiceRecord.schema, OfficeRecord.schema, HolidayPeriodRecord.schema,
            FeeRateRecord.schema, FeeItemRecord.schema, PilotCityRecord.schema, ReferenceDataVersionRecord.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}

enum Migrations {
    /// Every migration, in order. Append only.
    static let all: [any Migration] = [
        M0001_CreateReferenceData()
    ]
}
