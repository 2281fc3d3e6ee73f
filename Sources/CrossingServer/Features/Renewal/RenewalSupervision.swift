import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Supervisors' views: which open applications are due today or late on their clocks, and the
/// statistics of their office (administrators: every office).
struct RenewalSupervision: Sendable {
    var application: Application
    var database: any Database
    var now: Date
    var language: Language

    init(_ request: Request) {
        application = request.application
        database = request.db
        now = request.services.now()
        language = request.language
    }

    var timeZone: TimeZone { application.services.config.serviceTimeZone }

    /// The offices the account supervises; nil means all (administrators). 403 for anyone else.
    func supervisedOffices(_ account: AuthenticatedAccount) throws -> [String]? {
        if account.principal.grants.contains(where: { $0.role == .administrator }) { return nil }
        let offices = account.principal.grants.filter { $0.role == .supervisor }.compactMap(\.officeCode)
            .filter {
                Authorizer.decide(account.principal, .superviseApplications, on: ProtectedResource(officeCode: $0))
                    == .allow
            }
        guard !offices.isEmpty else {
            throw Problem(.forbidden, detail: AuthorizationDenial.roleNotPermitted.message.text(in: language))
        }
        return offices
    }

    /// Open applications of the offices (nil: all), oldest first.
    private func openRecords(offices: [String]?) async throws -> [RenewalApplicationRecord] {
        var query = RenewalApplicationRecord.query(on: database)
        if let offices { query = query.filter(\.$officeCode ~~ offices) }
        let closed = ApplicationStatus.allCases.filter(\.isClosed).map(\.rawValue)
        return try await query.filter(\.$status !~ closed).sort(\.$submittedAt).limit(5_000).all()
    }

    /// Applications of the offices submitted from `from` through `through`: the stored application
    /// date is the submission's office day, the day the statistics count it on (ISO dates sort as text).
    private func submitted(
        offices: [String]?, from: CalendarDate, through: CalendarDate
    ) async throws -> [RenewalApplicationRecord] {
        var query = RenewalApplicationRecord.query(on: database)
            .filter(\.$applicationDate >= from.iso).filter(\.$applicationDate <= through.iso)
        if let offices { query = query.filter(\.$officeCode ~~ offices) }
        return try await query.all()
    }

    struct ClockItem: Content {
        var number: String
        var officeCode: String
        var status: String
        var clock: String
        var state: String
        var due: String?
        var workingDaysLate: Int?
    }

    struct ClockReport: Content {
        var date: String
        var dueToday: [ClockItem]
        var late: [ClockItem]
    }

    func clocks(for account: AuthenticatedAccount) async throws -> ClockReport {
        let offices = try supervisedOffices(account)
        let snapshot = try application.referenceSnapshot()
        let clocks = RenewalClocks(calendar: snapshot.calendar, timeZone: timeZone)
        let today = clocks.day(of: now)
        var dueToday: [ClockItem] = []
        var late: [ClockItem] = []
        for record in try await openRecords(offices: offices) {
            guard let history = try? record.applicationHistory(policy: application.renewal.withdrawalPolicy) else {
                continue
            }
            var entries: [(String, ServiceClock)] = [("issue", clocks.issueClock(history))]
            if let production = clocks.productionClock(history) { entries.append(("production", production)) }
            for (name, clock) in entries {
                let state = clock.state(on: today, calendar: snapshot.calendar)
                var daysLate: Int?
                if case .late(_, let days) = state { daysLate = days }
                let item = ClockItem(
                    number: record.number, officeCode: record.officeCode, status: record.status, clock: name,
                    state: state.code, due: clock.dueDate(calendar: snapshot.calendar)?.iso, workingDaysLate: daysLate)
                switch state {
                case .dueToday: dueToday.append(item)
                case .late: late.append(item)
                default: break
                }
            }
        }
        return ClockReport(date: today.iso, dueToday: dueToday, late: late)
    }

    func range(from: String?, through: String?) throws -> (from: CalendarDate, through: CalendarDate) {
        let today = CalendarDate.today(in: timeZone, now: now)
        var errors: [Problem.FieldError] = []
        let end = through.map { CalendarDate(iso: $0) } ?? today
        let start = from.map { CalendarDate(iso: $0) } ?? (end ?? today).adding(days: -29)
        if end == nil {
            errors.append(.init(field: "to", code: "date-invalid", message: "to must be a date (YYYY-MM-DD)."))
        }
        if start == nil {
            errors.append(.init(field: "from", code: "date-invalid", message: "from must be a date (YYYY-MM-DD)."))
        }
        guard errors.isEmpty, let start, let end else { throw Problem.validation(errors) }
        guard start <= end, end.daysSince(start) <= 366 else {
            throw Problem.validation([
                .init(
                    field: "from", code: "range-invalid",
                    message: "from must be on or before to, at most 366 days apart.")
            ])
        }
        return (start, end)
    }

    func statistics(
        for account: AuthenticatedAccount, from: CalendarDate, through: CalendarDate
    ) async throws
        -> RenewalStatisticsDocument
    {
        let offices = try supervisedOffices(account)
        let policy = application.renewal.withdrawalPolicy
        let inputs = try await submitted(offices: offices, from: from, through: through).compactMap { record in
            (try? record.applicationHistory(policy: policy)).map {
                RenewalStatistics.Input(cityCode: record.cityCode, history: $0)
            }
        }
        let statistics = RenewalStatistics(inputs, from: from, through: through, timeZone: timeZone)
        let snapshot = try? application.referenceSnapshot()
        return RenewalStatisticsDocument(statistics, offices: offices, snapshot: snapshot, language: language)
    }
}

struct RenewalStatisticsDocument: Content {
    struct CityDay: Content {
        var cityCode: String
        var cityName: String?
        var date: String
        var submitted: Int
    }

    struct Durations: Content {
        var count: Int
        var median: Double?
        var p90: Double?
    }

    var from: String
    var to: String
    var offices: [String]?
    var submitted: Int
    var approved: Int
    var returned: Int
    var withdrawn: Int
    var rejected: Int
    var delivered: Int
    var collected: Int
    var approvalHours: Durations
    var deliveryDays: Durations
    var counterVisitsSaved: Int
    var perCityAndDay: [CityDay]

    init(_ statistics: RenewalStatistics, offices: [String]?, snapshot: ReferenceSnapshot?, language: Language) {
        from = statistics.from.iso
        to = statistics.through.iso
        self.offices = offices
        submitted = statistics.submitted
        approved = statistics.approved
        returned = statistics.returned
        withdrawn = statistics.withdrawn
        rejected = statistics.rejected
        delivered = statistics.delivered
        collected = statistics.collected
        let round: (Double?) -> Double? = { $0.map { ($0 * 10).rounded() / 10 } }
        approvalHours = Durations(
            count: statistics.approvalHours.count, median: round(statistics.approvalHours.median),
            p90: round(statistics.approvalHours.p90))
        deliveryDays = Durations(
            count: statistics.deliveryDays.count, median: round(statistics.deliveryDays.median),
            p90: round(statistics.deliveryDays.p90))
        counterVisitsSaved = statistics.counterVisitsSaved
        perCityAndDay = statistics.perCityAndDay.map { row in
            let city = snapshot?.pilotCities.cities.first { $0.code == row.cityCode }
            let name = city.map { language == .zh ? $0.nameZh : $0.nameEn }
            return CityDay(cityCode: row.cityCode, cityName: name, date: row.date.iso, submitted: row.submitted)
        }
    }
}

/// One line of an officer's queue.
struct StaffRenewalQueueItem: Content {
    var number: String
    var status: String
    var document: String
    var reason: String
    var handover: String
    var officeCode: String
    var submittedAt: Date
    var version: Int
    var claimedBy: String?
    var claimedByMe: Bool

    init(_ record: RenewalApplicationRecord, staff: AuthenticatedAccount) {
        number = record.number
        status = record.status
        document = record.document
        reason = record.reason
        handover = record.handover
        officeCode = record.officeCode
        submittedAt = record.submittedAt
        version = record.version
        claimedBy = record.claimedBy
        claimedByMe = record.claimedBy == staff.accountID.uuidString
    }
}

struct StaffRenewalQueue: Content {
    var items: [StaffRenewalQueueItem]
}

/// An application as the reviewing officer sees it: the applicant's details from the registry at
/// submission, the delivery address, links to the files.
struct StaffRenewalDocument: Content {
    var application: RenewalApplicationDocument
    var details: RenewalPersonalDetails
    var recipient: RecipientDocument?
    var claimedBy: String?
    var claimedAt: Date?
    var files: [String: String]
    var newDocumentNumber: String?

    struct RecipientDocument: Content {
        var name: String
        var phone: String
        var address: String
    }

    static func key(of kind: RenewalUploadKind, in record: RenewalApplicationRecord) -> String {
        switch kind {
        case .photo: record.photoKey
        case .signature: record.signatureKey
        case .idCardFront: record.idFrontKey
        case .idCardBack: record.idBackKey
        }
    }

    /// The officer's view of `record`; the read of the person's data is audited.
    static func make(_ record: RenewalApplicationRecord, request: Request) async throws -> StaffRenewalDocument {
        let account = try request.requireAccount()
        try await RenewalOffice(request).auditRead(record, by: account, what: "application")
        let cipher = request.services.cipher
        let details = try JSONDecoder().decode(
            RenewalPersonalDetails.self, from: Data(try cipher.open(record.details).utf8))
        var recipient: RecipientDocument?
        if let name = record.recipientName, let phone = record.recipientPhone, let address = record.recipientAddress {
            recipient = RecipientDocument(
                name: try cipher.open(name), phone: try cipher.open(phone), address: try cipher.open(address))
        }
        var files: [String: String] = [:]
        for kind in RenewalUploadKind.allCases {
            files[kind.rawValue] = "/api/v1/staff/renewals/\(record.number)/files/\(kind.rawValue)"
        }
        return StaffRenewalDocument(
            application: try await RenewalFiles.document(record, for: account, request: request), details: details,
            recipient: recipient, claimedBy: record.claimedBy, claimedAt: record.claimedAt, files: files,
            newDocumentNumber: record.newDocumentNumber)
    }
}
