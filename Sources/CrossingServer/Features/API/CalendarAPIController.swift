import CrossingDomain
import Vapor

/// Pilot cities for zero-visit renewal, the eligibility look-up by city, and the official working-day
/// calendar that every time limit counts with.
struct CalendarAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("pilot-cities", use: pilotCities)
        routes.get("eligibility", "pilot-city", use: pilotCityEligibility)
        routes.get("holidays", use: holidays)
        routes.get("working-days", use: workingDays)
    }

    struct PilotCityBody: Content {
        var code: String
        var name: LocalizedText
        var province: LocalizedText
        var batch: Int
        var goLiveDate: String
        var confirmed: Bool
        var live: Bool
    }

    struct PilotCitiesBody: Content {
        var date: String
        var complete: Bool
        var note: LocalizedText
        var items: [PilotCityBody]
    }

    func pilotCities(_ request: Request) async throws -> PilotCitiesBody {
        let snapshot = try request.referenceData()
        var query = QueryInput(request)
        let date = query.date("date")
        try query.check()
        guard let date else { throw Problem(.badRequest, detail: "date is required") }
        let registry = snapshot.pilotCities
        return PilotCitiesBody(
            date: date.description, complete: registry.listIsComplete, note: snapshot.pilotCityNote,
            items: registry.cities.map { city in
                PilotCityBody(
                    code: city.code, name: LocalizedText(zh: city.nameZh, en: city.nameEn),
                    province: LocalizedText(zh: city.provinceZh, en: city.provinceEn), batch: city.batch,
                    goLiveDate: city.goLiveDate.description, confirmed: city.confirmed, live: city.goLiveDate <= date)
            })
    }

    struct EligibilityCity: Content {
        var code: String
        var name: LocalizedText
        var goLiveDate: String
    }

    struct EligibilityBody: Content {
        var date: String
        var eligible: Bool
        var reason: String
        var message: LocalizedText
        var city: EligibilityCity?
        var listComplete: Bool

        /// `city` is written as null when no pilot city matched.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(date, forKey: .date)
            try container.encode(eligible, forKey: .eligible)
            try container.encode(reason, forKey: .reason)
            try container.encode(message, forKey: .message)
            try container.encode(city, forKey: .city)
            try container.encode(listComplete, forKey: .listComplete)
        }
    }

    func pilotCityEligibility(_ request: Request) async throws -> EligibilityBody {
        let snapshot = try request.referenceData()
        var query = QueryInput(request)
        let date = query.date("date")
        let city = query.string("city")
        let addressCode = query.string("addressCode")
        let registry = snapshot.pilotCities
        var outcome: PilotCityEligibility?
        switch (city, addressCode) {
        case (nil, nil), (.some, .some):
            query.fail("city", "one-of", "Give either city (a pilot city's code or name) or addressCode, not both.")
        case (let city?, nil):
            let isCode = city.count == 6 && city.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
            if let code = registry.city(code: city)?.code ?? registry.city(named: city)?.code ?? (isCode ? city : nil) {
                outcome = date.map { registry.eligibility(cityCode: code, on: $0) }
            } else {
                query.fail("city", "unknown-city", "No pilot city has that name. Give the city's 6-digit code.")
            }
        case (nil, let code?):
            if AddressCode(code) == nil {
                query.fail(
                    "addressCode", "invalid-address-code",
                    "addressCode must be the 6-digit household-registration code, for example 110105.")
            } else {
                outcome = date.map { registry.eligibility(addressCode: code, on: $0) }
            }
        }
        try query.check()
        guard let outcome, let date else { throw Problem(.badRequest, detail: "Nothing to look up.") }
        let matched: PilotCity? =
            switch outcome {
            case .eligible(let city), .notYetLive(let city): city
            case .notAPilotCity: nil
            }
        return EligibilityBody(
            date: date.description, eligible: { if case .eligible = outcome { true } else { false } }(),
            reason: outcome.reasonCode, message: outcome.message,
            city: matched.map {
                EligibilityCity(
                    code: $0.code, name: LocalizedText(zh: $0.nameZh, en: $0.nameEn),
                    goLiveDate: $0.goLiveDate.description)
            }, listComplete: registry.listIsComplete)
    }

    struct HolidayBody: Content {
        var name: LocalizedText
        var from: String
        var to: String
        var makeUpWorkdays: [String]
    }

    struct HolidaysBody: Content {
        var year: Int
        var holidays: [HolidayBody]
        var workingDays: Int
    }

    func holidays(_ request: Request) async throws -> HolidaysBody {
        let snapshot = try request.referenceData()
        var query = QueryInput(request)
        let today = CalendarDate.today(in: request.services.config.serviceTimeZone, now: request.services.now())
        let year = query.int("year", in: 1949...2100, default: today.year)
        try query.check()
        guard let year, let periods = snapshot.holidayYears[year] else {
            throw Problem.notFound("A holiday calendar for that year")
        }
        return HolidaysBody(
            year: year,
            holidays: periods.map { period in
                HolidayBody(
                    name: LocalizedText(zh: period.nameZh, en: period.nameEn), from: period.from.description,
                    to: period.to.description, makeUpWorkdays: period.makeUpWorkdays.map(\.description))
            }, workingDays: snapshot.calendar.workingDays(inYear: year))
    }

    struct WorkingDaysBody: Content {
        var from: String
        var add: Int
        var result: String
        var covered: Bool
    }

    func workingDays(_ request: Request) async throws -> WorkingDaysBody {
        let calendar = try request.referenceData().calendar
        var query = QueryInput(request)
        let from = query.date("from")
        let add = query.int("add", in: 1...365, default: nil)
        if query.string("add") == nil { query.fail("add", "required", "add is required: a number of working days.") }
        try query.check()
        guard let from, let add else { throw Problem(.badRequest, detail: "from and add are required") }
        let result = calendar.adding(workingDays: add, to: from)
        return WorkingDaysBody(
            from: from.description, add: add, result: result.description,
            covered: calendar.covers(from) && calendar.covers(result))
    }
}
