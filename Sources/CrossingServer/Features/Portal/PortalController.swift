import CrossingDomain
import Vapor

/// The public pages: home, office directory, service guides and the fee table. Each handler builds a
/// display-ready context; the templates only lay it out.
struct PortalController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        routes.get("offices", use: offices)
        routes.get("offices", ":code", use: office)
        routes.get("guides", use: guides)
        routes.get("guides", ":code", use: guide)
        routes.get("fees", use: fees)
    }

    func home(_ request: Request) async throws -> Response {
        let snapshot = try request.referenceData()
        let strings = request.services.strings[request.language]
        let context = HomeContext(
            meta: Portal.meta(request, title: strings.homeHeading, section: "home"),
            groups: ServiceGroups.make(snapshot.catalogue, language: request.language))
        return try await Portal.render(.home, context, for: request)
    }

    func offices(_ request: Request) async throws -> Response {
        let snapshot = try request.referenceData()
        let language = request.language
        let query = QueryInput(request)
        let city = query.string("city")
        let service = query.string("service")
        let input = OfficeSearch.Input(city: city, service: service, text: query.string("q"), limit: 1_000)
        var errors: [FieldErrorView] = []
        var found: [Office] = []
        switch OfficeSearch(snapshot: snapshot).run(input) {
        case .success(let page): found = page.offices
        case .failure(let problem):
            errors = problem.errors.map {
                FieldErrorView(field: $0.field, message: Self.message(for: $0, in: language))
            }
        }
        let strings = request.services.strings[language]
        let context = OfficeListContext(
            meta: Portal.meta(request, title: strings.officesHeading, section: "offices"),
            cityOptions: snapshot.directory.cities.map {
                OptionView(value: $0.code, label: $0.name.text(in: language), selected: $0.code == city)
            },
            serviceOptions: snapshot.catalogue.officeServices.map {
                OptionView(value: $0.code, label: $0.name.text(in: language), selected: $0.code == service)
            },
            offices: found.map { office in
                OfficeSummaryView(
                    code: office.code, name: office.name.text(in: language), city: office.cityName.text(in: language),
                    address: office.address.text(in: language), phone: office.phone, href: "/offices/\(office.code)",
                    services: office.services.compactMap { snapshot.catalogue.guide(code: $0)?.name.text(in: language) }
                )
            },
            resultSummary: language == .zh ? "共找到 \(found.count) 个出入境管理机构" : "\(found.count) offices found",
            errors: errors, sampleNotice: snapshot.directoryNote.text(in: language))
        return try await Portal.render(.officeList, context, for: request, status: errors.isEmpty ? .ok : .badRequest)
    }

    func office(_ request: Request) async throws -> Response {
        let snapshot = try request.referenceData()
        guard let code = request.parameters.get("code"), let office = snapshot.directory.office(code: code) else {
            throw Problem.notFound("That office")
        }
        let language = request.language
        let context = OfficeDetailContext(
            meta: Portal.meta(request, title: office.name.text(in: language), section: "offices"),
            name: office.name.text(in: language), city: office.cityName.text(in: language),
            address: office.address.text(in: language), phone: office.phone,
            phoneHref: "tel:" + office.phone.filter { $0.isNumber || $0 == "+" },
            hours: Weekdays.rows(office.hours, in: language),
            counters: office.counters,
            services: office.services.compactMap { code in
                snapshot.catalogue.guide(code: code).map {
                    LinkView(label: $0.name.text(in: language), href: "/guides/\($0.code)")
                }
            },
            mapHref: office.mapURL,
            coordinates: String(format: "%.5f, %.5f", office.latitude, office.longitude),
            sampleNotice: snapshot.directoryNote.text(in: language))
        return try await Portal.render(.officeDetail, context, for: request)
    }

    func guides(_ request: Request) async throws -> Response {
        let snapshot = try request.referenceData()
        let strings = request.services.strings[request.language]
        let context = GuideListContext(
            meta: Portal.meta(request, title: strings.guidesHeading, section: "guides"),
            groups: ServiceGroups.make(snapshot.catalogue, language: request.language))
        return try await Portal.render(.guideList, context, for: request)
    }

    /// Where a live feature's guides send people to start.
    static let startPaths: [PlatformFeature: String] = [.appointments: "/appointments/new", .renewal: "/renewals/new"]

    func guide(_ request: Request) async throws -> Response {
        let snapshot = try request.referenceData()
        guard let code = request.parameters.get("code"), let guide = snapshot.catalogue.guide(code: code) else {
            throw Problem.notFound("That service guide")
        }
        let language = request.language
        let today = CalendarDate.today(in: request.services.config.serviceTimeZone, now: request.services.now())
        let context = GuideDetailContext(
            meta: Portal.meta(request, title: guide.name.text(in: language), section: "guides"),
            name: guide.name.text(in: language), summary: guide.summary.text(in: language),
            available: guide.isAvailable, audience: ServiceGroups.audienceName(guide.audience, in: language),
            whoCanApply: guide.whoCanApply.lines(in: language), materials: guide.materials.lines(in: language),
            steps: guide.steps.lines(in: language), timeLimit: guide.timeLimit.text(in: language),
            fees: guide.feeItems.compactMap { code in
                guard let item = snapshot.fees.item(code: code),
                    let rate = try? snapshot.fees.rate(for: code, on: today)
                else { return nil }
                return FeeLineView(name: language == .zh ? item.nameZh : item.nameEn, amount: rate.amount.formatted)
            },
            feeNote: guide.feeNote.text(in: language),
            officesHref: guide.offeredAtOffices ? "/offices?service=\(guide.code)" : nil,
            startHref: guide.isAvailable ? Self.startPaths[guide.feature] : nil,
            sources: guide.sources)
        return try await Portal.render(.guideDetail, context, for: request)
    }

    func fees(_ request: Request) async throws -> Response {
        let snapshot = try request.referenceData()
        let language = request.language
        var query = QueryInput(request)
        let raw = query.string("date")
        let date = query.date("date", emptyMeansToday: true)
        let today = CalendarDate.today(in: request.services.config.serviceTimeZone, now: request.services.now())
        let shown = date ?? today
        let rows = snapshot.feeItemOrder.compactMap { code -> FeeRowView? in
            guard let item = snapshot.fees.item(code: code), let rate = try? snapshot.fees.rate(for: code, on: shown)
            else { return nil }
            return FeeRowView(
                code: code, name: language == .zh ? item.nameZh : item.nameEn,
                unit: language == .zh ? item.unitZh : item.unitEn, amount: rate.amount.formatted,
                effectiveSince: rate.effectiveFrom.map { (language == .zh ? "自 " : "since ") + $0.description } ?? "",
                basis: rate.basis)
        }
        let errors = query.errors.map {
            FieldErrorView(
                field: $0.field,
                message: language == .zh ? "请按“年-月-日”格式填写日期，例如 2026-02-12。" : $0.message)
        }
        let strings = request.services.strings[language]
        let context = FeeTableContext(
            meta: Portal.meta(request, title: strings.feeTableHeading, section: "fees"),
            date: raw ?? shown.description, rows: errors.isEmpty ? rows : [], errors: errors)
        return try await Portal.render(.feeTable, context, for: request, status: errors.isEmpty ? .ok : .badRequest)
    }

    /// Field messages for the directory form, in the page language.
    static func message(for error: Problem.FieldError, in language: Language) -> String {
        guard language == .zh else { return error.message }
        switch error.code {
        case "unknown-city": return "目录中没有该城市的出入境管理机构，请从列表中选择城市。"
        case "unknown-service": return "该业务不在窗口办理业务范围内，请从列表中选择业务。"
        case "too-long": return "搜索内容最多 100 个字。"
        default: return "填写的内容有误，请检查。"
        }
    }
}

/// Groups the catalogue by audience for the home page and the guide list.
enum ServiceGroups {
    static func make(_ catalogue: ServiceCatalogue, language: Language) -> [ServiceGroupView] {
        [ServiceAudience.citizen, .foreigner, .hmt, .everyone].map { audience in
            ServiceGroupView(
                heading: heading(audience, in: language),
                services: catalogue.guides(for: audience).map { guide in
                    ServiceCardView(
                        code: guide.code, name: guide.name.text(in: language),
                        summary: guide.summary.text(in: language),
                        href: "/guides/\(guide.code)", available: guide.isAvailable)
                })
        }
    }

    static func heading(_ audience: ServiceAudience, in language: Language) -> String {
        switch audience {
        case .citizen: language == .zh ? "内地居民" : "For mainland citizens"
        case .foreigner: language == .zh ? "外国人" : "For foreign nationals"
        case .hmt: language == .zh ? "港澳台居民" : "For Hong Kong, Macao and Taiwan residents"
        case .everyone: language == .zh ? "公共服务" : "For everyone"
        }
    }

    static func audienceName(_ audience: ServiceAudience, in language: Language) -> String {
        switch audience {
        case .citizen: language == .zh ? "内地居民" : "Mainland citizens"
        case .foreigner: language == .zh ? "外国人" : "Foreign nationals"
        case .hmt: language == .zh ? "港澳台居民" : "Hong Kong, Macao and Taiwan residents"
        case .everyone: language == .zh ? "所有人" : "Everyone"
        }
    }
}

/// "Monday to Friday", "周一至周五", "Saturday".
enum Weekdays {
    static let zh = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    static let en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// One row per set of days, with all its sessions: "Monday to Friday: 09:00–12:00, 13:30–17:00".
    static func rows(_ hours: [OpeningHours], in language: Language) -> [OpeningHoursRowView] {
        var grouped: [(days: [Int], sessions: [String])] = []
        for row in hours {
            let session = "\(row.opens)–\(row.closes)"
            if let index = grouped.firstIndex(where: { $0.days == row.weekdays }) {
                grouped[index].sessions.append(session)
            } else {
                grouped.append((row.weekdays, [session]))
            }
        }
        return grouped.map {
            OpeningHoursRowView(days: describe($0.days, in: language), hours: $0.sessions.joined(separator: ", "))
        }
    }

    static func describe(_ days: [Int], in language: Language) -> String {
        let names = language == .zh ? zh : en
        let sorted = days.sorted().filter { (1...7).contains($0) }
        guard let first = sorted.first, let last = sorted.last else { return "" }
        if sorted.count > 2, sorted == Array(first...last) {
            return language == .zh
                ? "\(names[first - 1])至\(names[last - 1])" : "\(names[first - 1]) to \(names[last - 1])"
        }
        return sorted.map { names[$0 - 1] }.joined(separator: language == .zh ? "、" : ", ")
    }
}
