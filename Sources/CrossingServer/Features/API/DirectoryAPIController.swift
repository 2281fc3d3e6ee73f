import CrossingDomain
import Vapor

/// Offices, services and guides: the public directory of the platform.
struct DirectoryAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("offices", use: searchOffices)
        routes.get("offices", ":code", use: showOffice)
        routes.get("services", use: listServices)
        routes.get("guides", use: listGuides)
        routes.get("guides", ":code", use: showGuide)
    }

    func searchOffices(_ request: Request) async throws -> OfficePageBody {
        let snapshot = try request.referenceData()
        var query = QueryInput(request)
        let limit = query.int("limit", in: 1...100, default: 20)
        try query.check()
        let input = OfficeSearch.Input(
            city: query.string("city"), service: query.string("service"), text: query.string("q"), limit: limit ?? 20,
            cursor: query.string("cursor"))
        let page = try OfficeSearch(snapshot: snapshot).run(input).get()
        return OfficePageBody(
            items: page.offices.map(OfficeSummaryBody.init), nextCursor: page.nextAfter.map(Cursor.encode),
            sample: snapshot.directoryIsSample)
    }

    func showOffice(_ request: Request) async throws -> OfficeDetailBody {
        let snapshot = try request.referenceData()
        guard let code = request.parameters.get("code"), let office = snapshot.directory.office(code: code) else {
            throw Problem.notFound("That office")
        }
        return OfficeDetailBody(office, sample: snapshot.directoryIsSample)
    }

    func listServices(_ request: Request) async throws -> ItemsBody<ServiceBody> {
        let catalogue = try request.referenceData().catalogue
        return ItemsBody(
            items: catalogue.guides.map { guide in
                ServiceBody(
                    code: guide.code, name: guide.name, audience: guide.audience.rawValue,
                    feature: guide.feature.rawValue, available: guide.isAvailable,
                    offeredAtOffices: guide.offeredAtOffices)
            })
    }

    func listGuides(_ request: Request) async throws -> ItemsBody<GuideSummaryBody> {
        let catalogue = try request.referenceData().catalogue
        return ItemsBody(
            items: catalogue.guides.map { guide in
                GuideSummaryBody(
                    code: guide.code, name: guide.name, summary: guide.summary, audience: guide.audience.rawValue,
                    available: guide.isAvailable)
            })
    }

    func showGuide(_ request: Request) async throws -> GuideBody {
        let snapshot = try request.referenceData()
        guard let code = request.parameters.get("code"), let guide = snapshot.catalogue.guide(code: code) else {
            throw Problem.notFound("That service guide")
        }
        let today = CalendarDate.today(in: request.services.config.serviceTimeZone, now: request.services.now())
        let fees = guide.feeItems.compactMap { code -> GuideFeeBody? in
            guard let item = snapshot.fees.item(code: code), let rate = try? snapshot.fees.rate(for: code, on: today)
            else { return nil }
            return GuideFeeBody(
                item: code, name: LocalizedText(zh: item.nameZh, en: item.nameEn), amountFen: rate.amount.fen,
                currency: "CNY")
        }
        return GuideBody(
            code: guide.code, name: guide.name, summary: guide.summary, audience: guide.audience.rawValue,
            feature: guide.feature.rawValue, available: guide.isAvailable, offeredAtOffices: guide.offeredAtOffices,
            whoCanApply: guide.whoCanApply, materials: guide.materials, steps: guide.steps, timeLimit: guide.timeLimit,
            fees: fees, feeNote: guide.feeNote)
    }
}
