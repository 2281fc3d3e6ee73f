/// One statutory rate of a fee item, in force from `effectiveFrom` until the next rate.
public struct FeeRate: Hashable, Sendable, Codable {
    /// nil: the rate in force before the first dated rate, whose start is not known.
    public var effectiveFrom: CalendarDate?
    public var amount: Money
    /// The pricing document, e.g. "发改价格〔2019〕914号".
    public var basis: String

    public init(effectiveFrom: CalendarDate?, amount: Money, basis: String) {
        self.effectiveFrom = effectiveFrom
        self.amount = amount
        self.basis = basis
    }

    // fees.json stores the amount as "amountFen".
    private enum CodingKeys: String, CodingKey {
        case effectiveFrom
        case amount = "amountFen"
        case basis
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        effectiveFrom = try container.decodeIfPresent(CalendarDate.self, forKey: .effectiveFrom)
        amount = try container.decode(Money.self, forKey: .amount)
        basis = try container.decode(String.self, forKey: .basis)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // Written explicitly so a nil start date stays visible as null in the data file.
        try container.encode(effectiveFrom, forKey: .effectiveFrom)
        try container.encode(amount, forKey: .amount)
        try container.encode(basis, forKey: .basis)
    }
}

/// A chargeable item ("ordinary passport, per book") with its rate history.
public struct FeeItem: Hashable, Sendable, Codable {
    public var code: String
    public var nameZh: String
    public var nameEn: String
    public var unitZh: String
    public var unitEn: String
    /// Ascending by start date; at most one undated rate, and it comes first.
    public var rates: [FeeRate]

    public init(
        code: String, nameZh: String, nameEn: String, unitZh: String, unitEn: String, rates: [FeeRate]
    ) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.unitZh = unitZh
        self.unitEn = unitEn
        self.rates = rates
    }

    public var name: LocalizedText { LocalizedText(zh: nameZh, en: nameEn) }
    public var unit: LocalizedText { LocalizedText(zh: unitZh, en: unitEn) }

    /// The rate in force on `date`: the last rate that started on or before it.
    public func rate(on date: CalendarDate) -> FeeRate? {
        rates.last { rate in rate.effectiveFrom.map { $0 <= date } ?? true }
    }
}

/// An item together with the rate that applies on a given day.
public struct FeeQuote: Hashable, Sendable {
    public let item: FeeItem
    public let rate: FeeRate

    public init(item: FeeItem, rate: FeeRate) {
        self.item = item
        self.rate = rate
    }
}

/// The fee table, checked for consistency when built.
public struct FeeSchedule: Hashable, Sendable {
    /// In the order given (the order shown to people).
    public let items: [FeeItem]
    private let itemsByCode: [String: FeeItem]

    public init(items: [FeeItem]) throws(FeeScheduleError) {
        var byCode: [String: FeeItem] = [:]
        for item in items {
            guard byCode[item.code] == nil else { throw .duplicateItem(code: item.code) }
            try Self.validateRates(of: item)
            byCode[item.code] = item
        }
        self.items = items
        self.itemsByCode = byCode
    }

    private static func validateRates(of item: FeeItem) throws(FeeScheduleError) {
        guard !item.rates.isEmpty else { throw .noRates(code: item.code) }
        var previousStart: CalendarDate?
        for (index, rate) in item.rates.enumerated() {
            guard let start = rate.effectiveFrom else {
                if item.rates[..<index].contains(where: { $0.effectiveFrom == nil }) {
                    throw .multipleUndatedRates(code: item.code)
                }
                // An undated rate means "before the first dated one", so it must come first.
                guard index == 0 else { throw .ratesOutOfOrder(code: item.code) }
                continue
            }
            if let previousStart, start <= previousStart { throw .ratesOutOfOrder(code: item.code) }
            previousStart = start
        }
    }

    public func item(code: String) -> FeeItem? { itemsByCode[code] }

    public func rate(for code: String, on date: CalendarDate) throws(FeeLookupError) -> FeeRate {
        guard let item = itemsByCode[code] else { throw .unknownItem(code: code) }
        guard let rate = item.rate(on: date) else { throw .noRateOnDate(code: code, date: date) }
        return rate
    }

    /// Every item with the rate in force on `date`; items with no rate yet are left out.
    public func quotes(on date: CalendarDate) -> [FeeQuote] {
        items.compactMap { item in item.rate(on: date).map { FeeQuote(item: item, rate: $0) } }
    }
}

/// A fee table that cannot be trusted; raised when reference data is loaded.
public enum FeeScheduleError: DomainError, Hashable {
    case duplicateItem(code: String)
    case noRates(code: String)
    case ratesOutOfOrder(code: String)
    case multipleUndatedRates(code: String)

    public var code: String {
        switch self {
        case .duplicateItem: "fee-duplicate-item"
        case .noRates: "fee-no-rates"
        case .ratesOutOfOrder: "fee-rates-out-of-order"
        case .multipleUndatedRates: "fee-multiple-undated-rates"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .duplicateItem(let item):
            LocalizedText(zh: "收费项目 \(item) 重复出现，请删除重复项", en: "Fee item \(item) appears twice; remove the duplicate")
        case .noRates(let item):
            LocalizedText(zh: "收费项目 \(item) 没有任何收费标准，请补充", en: "Fee item \(item) has no rates; add at least one")
        case .ratesOutOfOrder(let item):
            LocalizedText(
                zh: "收费项目 \(item) 的收费标准须按生效日期从早到晚排列，且不得重复",
                en: "The rates of fee item \(item) must be in ascending order of start date, without repeats")
        case .multipleUndatedRates(let item):
            LocalizedText(
                zh: "收费项目 \(item) 只能有一条未注明生效日期的收费标准",
                en: "Fee item \(item) may have only one rate without a start date")
        }
    }
}

public enum FeeLookupError: DomainError, Hashable {
    case unknownItem(code: String)
    case noRateOnDate(code: String, date: CalendarDate)

    public var code: String {
        switch self {
        case .unknownItem: "unknown-fee-item"
        case .noRateOnDate: "no-fee-on-date"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .unknownItem(let item):
            LocalizedText(
                zh: "没有找到收费项目“\(item)”，请从收费标准列表中选择",
                en: "There is no fee item \"\(item)\"; please choose one from the fee list")
        case .noRateOnDate(let item, let date):
            LocalizedText(
                zh: "收费项目“\(item)”在 \(date) 尚无收费标准，请选择更晚的日期",
                en: "Fee item \"\(item)\" had no published rate on \(date); please choose a later date")
        }
    }
}
