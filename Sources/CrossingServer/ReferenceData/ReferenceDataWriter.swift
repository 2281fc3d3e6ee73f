import Fluent
import Foundation

/// Writes one dataset's rows, replacing what was there. Runs inside the importer's transaction.
struct ReferenceDataWriter {
    var database: any Database

    /// Dataset-level facts kept beside the rows: lists' completeness, notes, sources.
    struct Meta: Codable, Sendable {
        var complete: Bool?
        var sample: Bool?
        var note: LocalizedNote?
        var currency: String?
        var sources: [String]?
        /// Holidays: the source of each year's official notice.
        var yearSources: [String: String]?
    }

    static func meta(of dataset: ReferenceDataset, in files: ReferenceFiles) throws -> String {
        let meta: Meta
        switch dataset {
        case .pilotCities:
            meta = Meta(
                complete: files.pilotCities.complete, note: files.pilotCities.note, sources: files.pilotCities.sources)
        case .fees:
            meta = Meta(currency: files.fees.currency, sources: files.fees.sources)
        case .holidays:
            meta = Meta(
                sources: files.holidays.sources,
                yearSources: Dictionary(
                    files.holidays.years.map { (String($0.year), $0.source) }, uniquingKeysWith: { a, _ in a }))
        case .offices:
            meta = Meta(sample: files.offices.sample, note: files.offices.note)
        case .serviceGuides:
            meta = Meta()
        }
        return String(decoding: try JSONEncoder().encode(meta), as: UTF8.self)
    }

    /// Replaces the dataset's rows and returns how many were written.
    func replace(_ dataset: ReferenceDataset, from files: ReferenceFiles) async throws -> Int {
        switch dataset {
        case .pilotCities:
            try await PilotCityRecord.query(on: database).delete()
            let records = files.pilotCities.cities.map { city in
                let record = PilotCityRecord()
                record.code = city.code
                record.nameZh = city.nameZh
                record.nameEn = city.nameEn
                record.provinceZh = city.provinceZh
                record.provinceEn = city.provinceEn
                record.addressCodePrefixes = city.addressCodePrefixes.joined(separator: ",")
                record.batch = city.batch
                record.goLiveDate = city.goLiveDate
                record.confirmed = city.confirmed
                record.source = city.source
                return record
            }
            try await records.create(on: database)
            return records.count
        case .fees:
            try await FeeRateRecord.query(on: database).delete()
            try await FeeItemRecord.query(on: database).delete()
            var rates: [FeeRateRecord] = []
            let items = files.fees.items.enumerated().map { position, item in
                let record = FeeItemRecord()
                record.code = item.code
                record.position = position
                record.nameZh = item.nameZh
                record.nameEn = item.nameEn
                record.unitZh = item.unitZh
                record.unitEn = item.unitEn
                for rate in item.rates {
                    let rateRecord = FeeRateRecord()
                    rateRecord.itemCode = item.code
                    rateRecord.effectiveFrom = rate.effectiveFrom
                    rateRecord.amountFen = rate.amountFen
                    rateRecord.basis = rate.basis
                    rates.append(rateRecord)
                }
                return record
            }
            try await items.create(on: database)
            try await rates.create(on: database)
            return items.count + rates.count
        case .holidays:
            try await HolidayPeriodRecord.query(on: database).delete()
            let records = files.holidays.years.flatMap { year in
                year.holidays.map { holiday in
                    let record = HolidayPeriodRecord()
                    record.year = year.year
                    record.nameZh = holiday.nameZh
                    record.nameEn = holiday.nameEn
                    record.fromDate = holiday.from
                    record.toDate = holiday.to
                    record.makeUpWorkdays = holiday.makeUpWorkdays.joined(separator: ",")
                    return record
                }
            }
            try await records.create(on: database)
            return records.count
        case .offices:
            try await OfficeServiceRecord.query(on: database).delete()
            try await OfficeRecord.query(on: database).delete()
            let encoder = JSONEncoder()
            var services: [OfficeServiceRecord] = []
            let records = try files.offices.offices.map { office in
                let record = OfficeRecord()
                record.code = office.code
                record.nameZh = office.nameZh
                record.nameEn = office.nameEn
                record.cityCode = office.cityCode
                record.cityZh = office.cityZh
                record.cityEn = office.cityEn
                record.addressZh = office.addressZh
                record.addressEn = office.addressEn
                record.latitude = office.latitude
                record.longitude = office.longitude
                record.phone = office.phone
                record.counters = office.counters
                record.hours = String(decoding: try encoder.encode(office.hours), as: UTF8.self)
                record.sample = files.offices.sample
                services += office.services.map { OfficeServiceRecord(officeCode: office.code, serviceCode: $0) }
                return record
            }
            try await records.create(on: database)
            try await services.create(on: database)
            return records.count
        case .serviceGuides:
            try await ServiceGuideRecord.query(on: database).delete()
            let encoder = JSONEncoder()
            let records = try files.serviceGuides.guides.enumerated().map { position, guide in
                let record = ServiceGuideRecord()
                record.code = guide.code
                record.position = position
                record.audience = guide.audience
                record.feature = guide.feature
                record.nameZh = guide.nameZh
                record.nameEn = guide.nameEn
                record.content = String(decoding: try encoder.encode(guide), as: UTF8.self)
                return record
            }
            try await records.create(on: database)
            return records.count
        }
    }
}
