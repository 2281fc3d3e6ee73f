import CrossingDomain
import Foundation

/// All five reference datasets in their file shapes: what the files hold and what the database holds.
struct ReferenceFiles: Sendable {
    var pilotCities: PilotCitiesFile
    var fees: FeesFile
    var holidays: HolidaysFile
    var offices: OfficesFile
    var serviceGuides: ServiceGuidesFile

    func version(of dataset: ReferenceDataset) -> String {
        switch dataset {
        case .pilotCities: pilotCities.version
        case .fees: fees.version
        case .holidays: holidays.version
        case .offices: offices.version
        case .serviceGuides: serviceGuides.version
        }
    }
}

/// A problem in the reference data, naming the dataset and the entry so an administrator can fix it.
struct ReferenceDataError: Error, CustomStringConvertible, Equatable {
    var dataset: String
    var entry: String
    var problem: String
    var description: String { "\(dataset): \(entry): \(problem)" }
}

/// The reference data as domain objects, built once and shared read-only by every request.
struct ReferenceSnapshot: Sendable {
    var pilotCities: PilotCityRegistry
    var pilotCityNote: LocalizedText
    var fees: FeeSchedule
    var feeItemOrder: [String]
    var calendar: WorkingDayCalendar
    var holidayYears: [Int: [HolidayPeriod]]
    var directory: OfficeDirectory
    var directoryIsSample: Bool
    var directoryNote: LocalizedText
    var catalogue: ServiceCatalogue

    /// Validates every dataset and the references between them, then builds the domain objects.
    init(_ files: ReferenceFiles) throws {

        let cities = try files.pilotCities.cities.map { city -> PilotCity in
            guard let goLive = CalendarDate(iso: city.goLiveDate) else {
                throw ReferenceDataError(dataset: "pilot-cities", entry: city.code, problem: "goLiveDate is not a date")
            }
            return PilotCity(
                code: city.code, nameZh: city.nameZh, nameEn: city.nameEn, provinceZh: city.provinceZh,
                provinceEn: city.provinceEn, addressCodePrefixes: city.addressCodePrefixes, batch: city.batch,
                goLiveDate: goLive, confirmed: city.confirmed, source: city.source)
        }
        pilotCities = PilotCityRegistry(cities: cities, listIsComplete: files.pilotCities.complete)
        pilotCityNote = LocalizedText(zh: files.pilotCities.note.zh, en: files.pilotCities.note.en)

        let items = try files.fees.items.map { item in
            let rates = try item.rates.map { rate in
                var from: CalendarDate?
                if let raw = rate.effectiveFrom {
                    guard let date = CalendarDate(iso: raw) else {
                        throw ReferenceDataError(dataset: "fees", entry: item.code, problem: "effectiveFrom \(raw)")
                    }
                    from = date
                }
                return FeeRate(effectiveFrom: from, amount: Money(fen: rate.amountFen), basis: rate.basis)
            }
            return FeeItem(
                code: item.code, nameZh: item.nameZh, nameEn: item.nameEn, unitZh: item.unitZh, unitEn: item.unitEn,
                rates: rates)
        }
        do {
            fees = try FeeSchedule(items: items)
        } catch {
            throw ReferenceDataError(dataset: "fees", entry: "schedule", problem: "\(error)")
        }
        feeItemOrder = items.map(\.code)

        var years: [Int: [HolidayPeriod]] = [:]
        for year in files.holidays.years {
            years[year.year] = try year.holidays.map { holiday in
                guard let from = CalendarDate(iso: holiday.from), let to = CalendarDate(iso: holiday.to), from <= to
                else {
                    throw ReferenceDataError(
                        dataset: "holidays", entry: "\(year.year) \(holiday.nameEn)",
                        problem: "from/to are not dates in order")
                }
                let makeUp = try holiday.makeUpWorkdays.map { raw in
                    guard let date = CalendarDate(iso: raw) else {
                        throw ReferenceDataError(
                            dataset: "holidays", entry: holiday.nameEn, problem: "make-up day \(raw)")
                    }
                    return date
                }
                return HolidayPeriod(
                    nameZh: holiday.nameZh, nameEn: holiday.nameEn, from: from, to: to, makeUpWorkdays: makeUp)
            }
        }
        holidayYears = years
        calendar = WorkingDayCalendar(periods: years.values.flatMap { $0 }, coveredYears: Set(years.keys))

        let guides = try files.serviceGuides.guides.map(Self.guide)
        let catalogue = ServiceCatalogue(guides: guides)
        self.catalogue = catalogue
        let fees = self.fees
        for guide in guides {
            for item in guide.feeItems where fees.item(code: item) == nil {
                throw ReferenceDataError(
                    dataset: "service-guides", entry: guide.code, problem: "unknown fee item \(item)")
            }
        }

        let offices = try files.offices.offices.map { office in
            for service in office.services where catalogue.guide(code: service)?.offeredAtOffices != true {
                throw ReferenceDataError(
                    dataset: "offices", entry: office.code, problem: "service \(service) is not an office service")
            }
            for row in office.hours where !Self.isValidHours(row) {
                throw ReferenceDataError(dataset: "offices", entry: office.code, problem: "opening hours \(row)")
            }
            return Office(
                code: office.code, name: LocalizedText(zh: office.nameZh, en: office.nameEn), cityCode: office.cityCode,
                cityName: LocalizedText(zh: office.cityZh, en: office.cityEn),
                address: LocalizedText(zh: office.addressZh, en: office.addressEn), latitude: office.latitude,
                longitude: office.longitude, phone: office.phone,
                hours: office.hours.map { OpeningHours(weekdays: $0.days, opens: $0.opens, closes: $0.closes) },
                counters: office.counters, services: office.services)
        }
        directory = OfficeDirectory(offices: offices)
        directoryIsSample = files.offices.sample
        directoryNote = LocalizedText(zh: files.offices.note.zh, en: files.offices.note.en)
    }

    private static func guide(_ file: ServiceGuidesFile.Guide) throws -> ServiceGuide {
        guard let audience = ServiceAudience(rawValue: file.audience) else {
            throw ReferenceDataError(dataset: "service-guides", entry: file.code, problem: "audience \(file.audience)")
        }
        guard let feature = PlatformFeature(rawValue: file.feature) else {
            throw ReferenceDataError(dataset: "service-guides", entry: file.code, problem: "feature \(file.feature)")
        }
        return ServiceGuide(
            code: file.code, audience: audience, feature: feature, offeredAtOffices: file.offeredAtOffices,
            name: LocalizedText(zh: file.nameZh, en: file.nameEn),
            summary: LocalizedText(zh: file.summaryZh, en: file.summaryEn),
            whoCanApply: LocalizedList(zh: file.whoCanApplyZh, en: file.whoCanApplyEn),
            materials: LocalizedList(zh: file.materialsZh, en: file.materialsEn),
            steps: LocalizedList(zh: file.stepsZh, en: file.stepsEn),
            timeLimit: LocalizedText(zh: file.timeLimitZh, en: file.timeLimitEn), feeItems: file.feeItems,
            feeNote: LocalizedText(zh: file.feeNoteZh, en: file.feeNoteEn), sources: file.sources)
    }

    private static func isValidHours(_ row: OfficesFile.Hours) -> Bool {
        func minutes(_ text: String) -> Int? {
            let parts = text.split(separator: ":")
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]),
                let m = Int(parts[1]),
                (0..<24).contains(h), (0..<60).contains(m)
            else { return nil }
            return h * 60 + m
        }
        guard let opens = minutes(row.opens), let closes = minutes(row.closes), opens < closes else { return false }
        return !row.days.isEmpty && row.days.allSatisfy { (1...7).contains($0) }
    }
}
