import CrossingDomain
import Fluent
import Foundation
import Vapor

/// The renewal back office under /staff/renewals (staff sessions, CSRF-checked forms): the office's
/// queue and the review page for officers and supervisors, the clocks and the statistics for
/// supervisors and administrators. The pages call the same services as the staff API
/// (`RenewalOffice`, `RenewalSupervision`, `StaffRenewalDocument`); applicants get 404.
struct StaffRenewalPagesController: RouteCollection {
    static let path = "/staff/renewals"

    /// The statuses an officer works through, one tab each.
    static let tabs: [ApplicationStatus] = [
        .underReview, .returned, .approved, .paid, .inProduction, .readyForCollection,
    ]

    let strings: StaffRenewalStringTables

    /// Loads the wording at start-up, so that a missing string fails there and not on a page.
    init(_ app: Application) throws {
        strings = try StaffRenewalStringTables.load(from: app.directory.resourcesDirectory + "Localization/")
    }

    func boot(routes: any RoutesBuilder) throws {
        let pages = routes.grouped("staff", "renewals")
        pages.get(use: queue)
        pages.get("clocks", use: clocks)
        pages.get("statistics", use: statistics)
        pages.get(":number", use: review)
        pages.post(":number", "claim", use: claim)
        pages.post(":number", "decision", use: decide)
        pages.post(":number", "issue", use: issue)
        pages.post(":number", "collect", use: collect)
    }

    // MARK: Access

    /// The signed-in staff account; nil when nobody is signed in (the page sends them to the staff
    /// sign-in). Everyone else gets 404: the back office does not advertise itself.
    func staff(_ request: Request) throws -> AuthenticatedAccount? {
        guard let account = request.account else { return nil }
        guard account.kind == .staff else { throw Problem.notFound("That page") }
        return account
    }

    func signIn(_ request: Request) -> Response {
        request.redirect(to: StaffPagesController.signInPath, redirectType: .normal)
    }

    func nav(_ account: AuthenticatedAccount) -> StaffRenewalNavView {
        let supervise = BackOfficeSection.isOpen(.superviseApplications, officeScoped: true, to: account.principal)
        return StaffRenewalNavView(
            queue: BackOfficeSection.isOpen(.reviewApplication, officeScoped: true, to: account.principal),
            clocks: supervise, statistics: supervise)
    }

    func officeName(_ request: Request, _ code: String) -> String {
        request.services.referenceData.snapshot?.directory.office(code: code)?.name.text(in: request.language) ?? code
    }

    /// Display names of staff accounts (claims and officers' steps), by account ID.
    func staffNames(_ ids: [String], on database: any Database) async throws -> [String: String] {
        let uuids = Set(ids.compactMap(UUID.init(uuidString:)))
        guard !uuids.isEmpty else { return [:] }
        let profiles = try await StaffProfileRecord.query(on: database).filter(\.$accountID ~~ Array(uuids)).all()
        return Dictionary(profiles.map { ($0.accountID.uuidString, $0.displayName) }) { first, _ in first }
    }

    // MARK: Queue

    func queue(_ request: Request) async throws -> Response {
        guard let account = try staff(request) else { return signIn(request) }
        guard BackOfficeSection.isOpen(.reviewApplication, officeScoped: true, to: account.principal) else {
            throw Problem(.forbidden, detail: AuthorizationDenial.roleNotPermitted.message.text(in: request.language))
        }
        let t = strings[request.language]
        let chosen =
            request.query[String.self, at: "status"].flatMap(ApplicationStatus.init(rawValue:))
            .flatMap { Self.tabs.contains($0) ? $0 : nil } ?? .underReview
        let office = RenewalOffice(request)
        let records = try await office.queue(
            for: account, filter: RenewalOffice.QueueFilter(statuses: [chosen], limit: 200))
        let offices = RenewalOffice.offices(of: account)
        var tabs: [StaffRenewalTabView] = []
        for status in Self.tabs {
            let count = try await RenewalApplicationRecord.query(on: request.db).filter(\.$officeCode ~~ offices)
                .filter(\.$status == status.rawValue).count()
            tabs.append(
                StaffRenewalTabView(
                    status: status.rawValue, label: t.status(status), count: count,
                    href: "\(Self.path)?status=\(status.rawValue)", current: status == chosen))
        }
        let names = try await staffNames(records.compactMap(\.claimedBy), on: request.db)
        let rows = try queueRows(request, records, account: account, names: names, t: t)
        let context = StaffRenewalQueueContext(
            meta: Portal.meta(request, title: t.queueHeading, section: ""), t: t, nav: nav(account),
            offices: offices.map { officeName(request, $0) }.joined(separator: "、"), tabs: tabs,
            currentLabel: t.status(chosen), rows: rows)
        return try await AccountPage.render("staff-renewals/queue", context, for: request)
    }

    private func queueRows(
        _ request: Request, _ records: [RenewalApplicationRecord], account: AuthenticatedAccount,
        names: [String: String], t: StaffRenewalStrings
    ) throws -> [StaffRenewalQueueRowView] {
        let language = request.language
        let timeZone = request.services.config.serviceTimeZone
        let now = request.services.now()
        let calendar = try request.application.referenceSnapshot().calendar
        let clocks = RenewalClocks(calendar: calendar, timeZone: timeZone)
        let today = clocks.day(of: now)
        let policy = request.application.renewal.withdrawalPolicy
        let lifetime = request.application.renewal.settings.claimLifetime
        return records.map { record in
            let claim = ClaimView(record, account: account, names: names, now: now, lifetime: lifetime, t: t)
            var due = t.none
            var state = "stopped"
            if let history = try? record.applicationHistory(policy: policy) {
                let clock = clocks.issueClock(history)
                state = clock.state(on: today, calendar: calendar).code
                due = clock.dueDate(calendar: calendar)?.iso ?? t.none
            }
            return StaffRenewalQueueRowView(
                number: record.number, href: "\(Self.path)/\(record.number)",
                document: record.renewalDocument.name.text(in: language),
                reason: record.renewalReason.name.text(in: language), handover: t.handover(record.handoverMethod),
                submitted: StaffRenewalFormat.time(record.submittedAt, timeZone: timeZone), claim: claim.text,
                claimCode: claim.code, due: due, dueState: state,
                dueBadge: state == "late" ? t.lateBadge : state == "due-today" ? t.dueTodayBadge : "")
        }
    }

    // MARK: Clocks

    func clocks(_ request: Request) async throws -> Response {
        guard let account = try staff(request) else { return signIn(request) }
        let t = strings[request.language]
        let report = try await RenewalSupervision(request).clocks(for: account)
        func rows(_ items: [RenewalSupervision.ClockItem]) -> [StaffRenewalClockRowView] {
            items.map {
                StaffRenewalClockRowView(
                    number: $0.number, href: "\(Self.path)/\($0.number)",
                    clock: $0.clock == "production" ? t.clockProduction : t.clockIssue,
                    status: ApplicationStatus(rawValue: $0.status).map(t.status) ?? $0.status,
                    office: officeName(request, $0.officeCode), due: $0.due ?? t.none,
                    daysLate: $0.workingDaysLate.map(String.init) ?? "")
            }
        }
        let context = StaffRenewalClocksContext(
            meta: Portal.meta(request, title: t.clocksPageHeading, section: ""), t: t, nav: nav(account),
            date: report.date, dueToday: rows(report.dueToday), late: rows(report.late))
        return try await AccountPage.render("staff-renewals/clocks", context, for: request)
    }

    // MARK: Statistics

    func statistics(_ request: Request) async throws -> Response {
        guard let account = try staff(request) else { return signIn(request) }
        let t = strings[request.language]
        let supervision = RenewalSupervision(request)
        let offices = try supervision.supervisedOffices(account)
        let fromText = request.query[String.self, at: "from"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let toText = request.query[String.self, at: "to"]?.trimmingCharacters(in: .whitespaces) ?? ""
        var errors: [FieldErrorView] = []
        if !fromText.isEmpty, CalendarDate(iso: fromText) == nil {
            errors.append(FieldErrorView(field: "from", message: t.dateInvalid))
        }
        if !toText.isEmpty, CalendarDate(iso: toText) == nil {
            errors.append(FieldErrorView(field: "to", message: t.dateInvalid))
        }
        var range: (from: CalendarDate, through: CalendarDate)?
        if errors.isEmpty {
            do {
                range = try supervision.range(
                    from: fromText.isEmpty ? nil : fromText, through: toText.isEmpty ? nil : toText)
            } catch let problem as Problem where problem.kind == .validationFailed {
                errors.append(FieldErrorView(field: "from", message: t.rangeInvalid))
            }
        }
        let scope = offices.map { $0.map { officeName(request, $0) }.joined(separator: "、") } ?? t.allOffices
        var context = StaffRenewalStatisticsContext(
            meta: Portal.meta(request, title: t.statisticsHeading, section: ""), t: t, nav: nav(account),
            errors: errors, from: FieldView(range?.from.iso ?? fromText, field: "from", errors: errors),
            to: FieldView(range?.through.iso ?? toText, field: "to", errors: errors), scope: scope,
            hasReport: false, period: "", totals: [], approvalHours: [], deliveryDays: [], counterVisitsSaved: 0,
            cities: [])
        guard let range else {
            return try await AccountPage.render(
                "staff-renewals/statistics", context, for: request, status: .unprocessableEntity)
        }
        let report = try await supervision.statistics(for: account, from: range.from, through: range.through)
        func row(_ label: String, _ value: Int) -> StaffRenewalRowView {
            StaffRenewalRowView(label: label, value: "\(value)")
        }
        func durations(_ value: RenewalStatisticsDocument.Durations) -> [StaffRenewalRowView] {
            [
                row(t.countRow, value.count),
                StaffRenewalRowView(label: t.medianRow, value: StaffRenewalFormat.number(value.median, none: t.none)),
                StaffRenewalRowView(label: t.p90Row, value: StaffRenewalFormat.number(value.p90, none: t.none)),
            ]
        }
        context.hasReport = true
        context.period = "\(report.from) – \(report.to)"
        context.totals = [
            row(t.submittedTotal, report.submitted), row(t.approvedTotal, report.approved),
            row(t.returnedTotal, report.returned), row(t.rejectedTotal, report.rejected),
            row(t.withdrawnTotal, report.withdrawn), row(t.deliveredTotal, report.delivered),
            row(t.collectedTotal, report.collected),
        ]
        context.approvalHours = durations(report.approvalHours)
        context.deliveryDays = durations(report.deliveryDays)
        context.counterVisitsSaved = report.counterVisitsSaved
        context.cities = report.perCityAndDay.map {
            StaffRenewalCityRowView(city: $0.cityName ?? $0.cityCode, date: $0.date, submitted: $0.submitted)
        }
        return try await AccountPage.render("staff-renewals/statistics", context, for: request)
    }
}

/// Who holds the claim on an application, in words: a claim older than the claim lifetime has
/// lapsed and counts as nobody's (another officer may claim it).
struct ClaimView {
    var text: String
    /// "me", "other" or "none".
    var code: String

    init(
        _ record: RenewalApplicationRecord, account: AuthenticatedAccount, names: [String: String], now: Date,
        lifetime: TimeInterval, t: StaffRenewalStrings
    ) {
        let fresh = record.claimedAt.map { $0 > now.addingTimeInterval(-lifetime) } ?? false
        guard let holder = record.claimedBy, fresh, record.applicationStatus == .underReview else {
            self.init(text: t.claimNobody, code: "none")
            return
        }
        if holder == account.accountID.uuidString {
            self.init(text: t.claimMe, code: "me")
        } else {
            self.init(text: names[holder].map { "\(t.claimOther) · \($0)" } ?? t.claimOther, code: "other")
        }
    }

    init(text: String, code: String) {
        self.text = text
        self.code = code
    }
}
