import Foundation

/// Figures for supervisors, from the applications' event logs: applications per city and day, how
/// long approval and delivery took, and the counter visits saved.
///
/// - An application counts on the day (office time) it was submitted, in its household city.
/// - Approval time: submission to approval, in hours, including time waiting on the applicant's
///   corrections (what the applicant experiences); the median and the 90th percentile.
/// - Delivery time: payment to delivery or collection, in calendar days (ditto).
/// - Counter visits saved: an application online replaces a visit to apply; one delivered by courier
///   also replaces the visit to collect. Withdrawn and rejected ones saved the first visit only if
///   they got past review; they are not counted (a conservative figure).
public struct RenewalStatistics: Hashable, Sendable, Codable {
    public struct CityDay: Hashable, Sendable, Codable {
        public var cityCode: String
        public var date: CalendarDate
        public var submitted: Int
    }

    public struct Durations: Hashable, Sendable, Codable {
        public var count: Int
        public var median: Double?
        public var p90: Double?

        init(_ values: [Double]) {
            let sorted = values.sorted()
            count = sorted.count
            median = Self.percentile(sorted, 0.5)
            p90 = Self.percentile(sorted, 0.9)
        }

        /// Nearest-rank percentile.
        static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
            guard !sorted.isEmpty else { return nil }
            let rank = Int((p * Double(sorted.count)).rounded(.up))
            return sorted[min(max(rank, 1), sorted.count) - 1]
        }
    }

    public var from: CalendarDate
    public var through: CalendarDate
    public var perCityAndDay: [CityDay]
    public var submitted: Int
    public var approved: Int
    public var returned: Int
    public var withdrawn: Int
    public var rejected: Int
    public var delivered: Int
    public var collected: Int
    public var approvalHours: Durations
    public var deliveryDays: Durations
    public var counterVisitsSaved: Int

    public struct Input: Sendable {
        public var cityCode: String
        public var history: ApplicationHistory

        public init(cityCode: String, history: ApplicationHistory) {
            self.cityCode = cityCode
            self.history = history
        }
    }

    /// Applications submitted from `from` through `through` (office days in `timeZone`).
    public init(_ applications: [Input], from: CalendarDate, through: CalendarDate, timeZone: TimeZone) {
        self.from = from
        self.through = through
        var perDay: [String: CityDay] = [:]
        var approvalHours: [Double] = []
        var deliveryDays: [Double] = []
        var counts: [ApplicationEventKind: Int] = [:]
        var visits = 0
        var submitted = 0
        for application in applications {
            let history = application.history
            let day = CalendarDate.today(in: timeZone, now: history.submittedAt)
            guard from <= day, day <= through else { continue }
            submitted += 1
            let key = application.cityCode + "|" + day.iso
            perDay[key, default: CityDay(cityCode: application.cityCode, date: day, submitted: 0)].submitted += 1
            for kind in Set(history.events.map(\.kind)) { counts[kind, default: 0] += 1 }
            if let approved = history.events(of: .approved).first {
                approvalHours.append(approved.at.timeIntervalSince(history.submittedAt) / 3_600)
            }
            if let paid = history.events(of: .paid).first,
                let handed = (history.events(of: .delivered) + history.events(of: .collected)).first
            {
                deliveryDays.append(handed.at.timeIntervalSince(paid.at) / 86_400)
            }
            switch history.status {
            case .delivered: visits += 2
            case .collected: visits += 1
            case .withdrawn, .rejected, .refunded: break
            default: visits += history.handover == .courier ? 2 : 1
            }
        }
        perCityAndDay = perDay.values.sorted { ($0.date, $0.cityCode) < ($1.date, $1.cityCode) }
        self.submitted = submitted
        approved = counts[.approved] ?? 0
        returned = counts[.returned] ?? 0
        withdrawn = counts[.withdrawn] ?? 0
        rejected = counts[.rejected] ?? 0
        delivered = counts[.delivered] ?? 0
        collected = counts[.collected] ?? 0
        self.approvalHours = Durations(approvalHours)
        self.deliveryDays = Durations(deliveryDays)
        counterVisitsSaved = visits
    }
}
