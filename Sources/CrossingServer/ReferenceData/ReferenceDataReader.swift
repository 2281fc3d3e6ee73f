import Fluent
import Foundation

/// Reads the loaded reference data back from the database into the file shapes, so the snapshot is
/// built and validated by the same code whichever way the data arrived.
struct ReferenceDataReader {
    var database: any Database

    /// What identifies the loaded content of each dataset (its checksum), empty before the first load.
    func stamps() async throws -> [String: String] {
        let records = try await ReferenceDataVersionRecord.query(on: database).all()
        return Dictionary(records.map { ($0.dataset, $0.checksum) }, uniquingKeysWith: { a, _ in a })
    }

    /// Nil when some dataset has never been loaded.
    func read() async throws -> ReferenceFiles? {
        let versionRecords = try await ReferenceDataVersionRecord.query(on: database).all()
        var versions: [String: String] = [:]
        var metas: [String: ReferenceDataWriter.Meta] = [:]
        let decoder = JSONDecoder()
        for record in versionRecords {
            versions[record.dataset] = record.version
            metas[record.dataset] = try decoder.decode(ReferenceDataWriter.Meta.self, from: Data(record.meta.utf8))
        }
        guard ReferenceDataset.allCases.allSatisfy({ versions[$0.rawValue] != nil }) else { return nil }
        func version(_ dataset: ReferenceDataset) -> String { versions[dataset.rawValue] ?? "" }
        func meta(_ dataset: ReferenceDataset) -> ReferenceDataWriter.Meta {
            metas[dataset.rawValue] ?? ReferenceDataWriter.Meta()
        }
        let emptyNote = LocalizedNote(zh: "", en: "")

        let cities = try await PilotCityRecord.query(on: database).sort(\.$code).all().map { record in
            PilotCitiesFile.City(
                code: record.code, nameZh: record.nameZh, nameEn: record.nameEn, provinceZh: record.provinceZh,
                provinceEn: record.provinceEn,
                addressCodePrefixes: record.addressCodePrefixes.split(separator: ",").map(String.init),
                batch: record.batch, goLiveDate: record.goLiveDate, confirmed: record.confirmed, source: record.source)
        }
        let rates = try await FeeRateRecord.query(on: database).all()
        let ratesByItem = Dictionary(grouping: rates, by: \.itemCode)
        let items = try await FeeItemRecord.query(on: database).sort(\.$position).all().map { item in
            let itemRates = (ratesByItem[item.code] ?? [])
                .sorted { ($0.effectiveFrom ?? "") < ($1.effectiveFrom ?? "") }
                .map { FeesFile.Rate(effectiveFrom: $0.effectiveFrom, amountFen: $0.amountFen, basis: $0.basis) }
            return FeesFile.Item(
                code: item.code, nameZh: item.nameZh, nameEn: item.nameEn, unitZh: item.unitZh, unitEn: item.unitEn,
                rates: itemRates)
        }
        let periods = try await HolidayPeriodRecord.query(on: database).sort(\.$fromDate).all()
        let years = Dictionary(grouping: periods, by: \.year).keys.sorted().map { year in
            HolidaysFile.Year(
                year: year, source: meta(.holidays).yearSources?[String(year)] ?? "",
                holidays: periods.filter { $0.year == year }.map { record in
                    HolidaysFile.Holiday(
                        nameZh: record.nameZh, nameEn: record.nameEn, from: record.fromDate, to: record.toDate,
                        makeUpWorkdays: record.makeUpWorkdays.split(separator: ",").map(String.init))
                })
        }
        let services = try await OfficeServiceRecord.query(on: database).all()
        let servicesByOffice = Dictionary(grouping: services, by: \.officeCode)
        let serviceOrder = try await ServiceGuideRecord.query(on: database).sort(\.$position).all()
        let position = Dictionary(serviceOrder.map { ($0.code, $0.position) }, uniquingKeysWith: { a, _ in a })
        let offices = try await OfficeRecord.query(on: database).sort(\.$code).all().map { record in
            OfficesFile.Office(
                code: record.code, nameZh: record.nameZh, nameEn: record.nameEn, cityCode: record.cityCode,
                cityZh: record.cityZh, cityEn: record.cityEn, addressZh: record.addressZh, addressEn: record.addressEn,
                latitude: record.latitude, longitude: record.longitude, phone: record.phone,
                hours: try decoder.decode([OfficesFile.Hours].self, from: Data(record.hours.utf8)),
                counters: record.counters,
                services: (servicesByOffice[record.code] ?? []).map(\.serviceCode)
                    .sorted { (position[$0] ?? .max, $0) < (position[$1] ?? .max, $1) })
        }
        let guides = try serviceOrder.map { record in
            try decoder.decode(ServiceGuidesFile.Guide.self, from: Data(record.content.utf8))
        }
        return ReferenceFiles(
            pilotCities: PilotCitiesFile(
                dataset: ReferenceDataset.pilotCities.rawValue, version: version(.pilotCities),
                complete: meta(.pilotCities).complete ?? false, note: meta(.pilotCities).note ?? emptyNote,
                sources: meta(.pilotCities).sources ?? [], cities: cities),
            fees: FeesFile(
                dataset: ReferenceDataset.fees.rawValue, version: version(.fees),
                currency: meta(.fees).currency ?? "CNY", sources: meta(.fees).sources ?? [], items: items),
            holidays: HolidaysFile(
                dataset: ReferenceDataset.holidays.rawValue, version: version(.holidays),
                sources: meta(.holidays).sources ?? [], years: years),
            offices: OfficesFile(
                dataset: ReferenceDataset.offices.rawValue, version: version(.offices),
                sample: meta(.offices).sample ?? true, note: meta(.offices).note ?? emptyNote, offices: offices),
            serviceGuides: ServiceGuidesFile(
                dataset: ReferenceDataset.serviceGuides.rawValue, version: version(.serviceGuides), guides: guides))
    }
}
