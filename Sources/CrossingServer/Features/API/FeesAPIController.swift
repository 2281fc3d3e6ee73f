import CrossingDomain
import Vapor

/// Statutory fees by item and date: an old application is charged the fee in force when it was accepted.
struct FeesAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("fees", use: list)
        routes.get("fees", ":item", use: show)
    }

    func list(_ request: Request) async throws -> FeeListBody {
        let snapshot = try request.referenceData()
        var query = QueryInput(request)
        let date = query.date("date")
        try query.check()
        guard let date else { throw Problem(.badRequest, detail: "date is required") }
        let items = snapshot.feeItemOrder.compactMap { code -> FeeListItemBody? in
            guard let item = snapshot.fees.item(code: code), let rate = try? snapshot.fees.rate(for: code, on: date)
            else { return nil }
            return FeeListItemBody(
                code: code, name: LocalizedText(zh: item.nameZh, en: item.nameEn),
                unit: LocalizedText(zh: item.unitZh, en: item.unitEn), amountFen: rate.amount.fen, currency: "CNY",
                effectiveFrom: rate.effectiveFrom?.description, basis: rate.basis)
        }
        return FeeListBody(date: date.description, items: items)
    }

    func show(_ request: Request) async throws -> FeeBody {
        let snapshot = try request.referenceData()
        guard let code = request.parameters.get("item"), let item = snapshot.fees.item(code: code) else {
            throw Problem.notFound("That fee item")
        }
        var query = QueryInput(request)
        let date = query.date("date")
        try query.check()
        guard let date else { throw Problem(.badRequest, detail: "date is required") }
        let rate: FeeRate
        do {
            rate = try snapshot.fees.rate(for: code, on: date)
        } catch {
            throw Problem.validation([
                .init(field: "date", code: "no-fee-on-date", message: "No fee for \(code) is recorded on \(date).")
            ])
        }
        return FeeBody(
            item: code, name: LocalizedText(zh: item.nameZh, en: item.nameEn), date: date.description,
            amountFen: rate.amount.fen, amount: rate.amount.yuanString, currency: "CNY",
            effectiveFrom: rate.effectiveFrom?.description, basis: rate.basis)
    }
}
