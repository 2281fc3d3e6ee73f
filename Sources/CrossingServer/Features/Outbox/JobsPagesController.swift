import CrossingDomain
import Fluent
import Foundation
import Vapor

/// /staff/jobs: the background-job queues for supervisors and administrators: counts by kind and
/// state, the jobs that are failing and being retried, the dead letters, and a retry button (CSRF,
/// audited). Anyone else gets 404, like the rest of the back office.
struct JobsPagesController: RouteCollection {
    static let path = "/staff/jobs"

    func boot(routes: any RoutesBuilder) throws {
        let jobs = routes.grouped("staff", "jobs")
        jobs.get(use: index)
        jobs.post(":id", "retry", use: retry)
    }

    private func operator_(_ request: Request) throws -> AuthenticatedAccount? {
        guard let account = request.account else { return nil }
        guard account.kind == .staff,
            Authorizer.decide(account.principal, .operateBackgroundJobs, on: ProtectedResource()) == .allow
        else { throw Problem.notFound("That page") }
        return account
    }

    func index(_ request: Request) async throws -> Response {
        guard try operator_(request) != nil else {
            return request.redirect(to: StaffPagesController.signInPath, redirectType: .normal)
        }
        let strings = JobsPageStrings(request.language)
        let now = request.services.now()
        let records = try await OutboxJobRecord.query(on: request.db)
            .field(\.$kind).field(\.$status).field(\.$availableAt).field(\.$id)
            .filter(\.$status != OutboxJobStatus.done.rawValue).all()
        let doneCounts = try await doneByKind(request.db)
        var rows: [String: JobsSummaryRow] = [:]
        for record in records {
            var row = rows[record.kind] ?? JobsSummaryRow(kind: record.kind)
            switch OutboxJobStatus(rawValue: record.status) {
            case .pending:
                row.pending += 1
                if record.availableAt <= now { row.due += 1 }
            case .running: row.running += 1
            case .dead: row.dead += 1
            case .done, .none: break
            }
            rows[record.kind] = row
        }
        for (kind, count) in doneCounts {
            rows[kind, default: JobsSummaryRow(kind: kind)].done = count
        }
        let retrying = try await OutboxJobRecord.query(on: request.db)
            .filter(\.$status == OutboxJobStatus.pending.rawValue).filter(\.$lastError != nil)
            .sort(\.$updatedAt, .descending).limit(50).all()
        let dead = try await OutboxJobRecord.query(on: request.db)
            .filter(\.$status == OutboxJobStatus.dead.rawValue)
            .sort(\.$updatedAt, .descending).limit(50).all()
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = request.services.config.serviceTimeZone
        func view(_ record: OutboxJobRecord) -> JobView {
            JobView(
                id: record.id?.uuidString ?? "", kind: record.kind, attempts: record.attempts,
                maxAttempts: record.maxAttempts, lastError: record.lastError ?? "",
                updatedAt: formatter.string(from: record.updatedAt),
                nextAttempt: formatter.string(from: record.availableAt))
        }
        let context = JobsPageContext(
            meta: Portal.meta(request, title: strings.heading, section: ""), t: strings,
            csrfToken: CSRF.token(for: request), now: formatter.string(from: now),
            summary: rows.values.sorted { $0.kind < $1.kind }, retrying: retrying.map(view), dead: dead.map(view),
            retried: (try? request.query.get(String.self, at: "retried")) != nil)
        return try await AccountPage.render("staff-jobs/index", context, for: request)
    }

    private func doneByKind(_ database: any Database) async throws -> [(String, Int)] {
        var result: [(String, Int)] = []
        let kinds = Set(
            try await OutboxJobRecord.query(on: database).unique().field(\.$kind).all().map(\.kind))
        for kind in kinds.sorted() {
            let count = try await OutboxJobRecord.query(on: database).filter(\.$kind == kind)
                .filter(\.$status == OutboxJobStatus.done.rawValue).count()
            result.append((kind, count))
        }
        return result
    }

    /// Puts a failing or dead job back in the queue now, with a fresh set of attempts.
    func retry(_ request: Request) async throws -> Response {
        guard let account = try operator_(request) else {
            return request.redirect(to: StaffPagesController.signInPath, redirectType: .normal)
        }
        guard let id = request.parameters.get("id", as: UUID.self) else { throw Problem.notFound("That job") }
        let now = request.services.now()
        let services = request.services
        try await request.db.writeTransaction { database in
            guard let job = try await OutboxJobRecord.find(id, on: database),
                job.status == OutboxJobStatus.dead.rawValue || job.status == OutboxJobStatus.pending.rawValue
            else { throw Problem.notFound("That job") }
            let previous = job.status
            job.status = OutboxJobStatus.pending.rawValue
            job.maxAttempts = job.attempts + services.config.jobs.retry.maxAttempts
            job.availableAt = now
            job.updatedAt = now
            job.completedAt = nil
            try await job.update(on: database)
            try await services.auditLog.append(
                AuditEntryDraft(
                    occurredAt: now, actor: account.accountID.uuidString, onBehalfOf: nil, action: "jobs.retry",
                    subject: id.uuidString, outcome: "success",
                    details: ["kind": job.kind, "previousStatus": previous, "attempts": "\(job.attempts)"]),
                on: database)
        }
        return request.redirect(to: Self.path + "?retried=1", redirectType: .normal)
    }
}

struct JobsSummaryRow: Encodable, Sendable {
    var kind: String
    var pending = 0
    var due = 0
    var running = 0
    var done = 0
    var dead = 0
}

struct JobView: Encodable, Sendable {
    var id: String
    var kind: String
    var attempts: Int
    var maxAttempts: Int
    var lastError: String
    var updatedAt: String
    var nextAttempt: String
}

struct JobsPageContext: Encodable, Sendable {
    var meta: PageMeta
    var t: JobsPageStrings
    var csrfToken: String
    var now: String
    var summary: [JobsSummaryRow]
    var retrying: [JobView]
    var dead: [JobView]
    var retried: Bool
}

struct JobsPageStrings: Encodable, Sendable {
    var heading: String
    var intro: String
    var summaryCaption: String
    var kindColumn: String
    var pendingColumn: String
    var dueColumn: String
    var runningColumn: String
    var doneColumn: String
    var deadColumn: String
    var noJobs: String
    var retryingHeading: String
    var retryingEmpty: String
    var deadHeading: String
    var deadEmpty: String
    var attemptsColumn: String
    var errorColumn: String
    var updatedColumn: String
    var nextColumn: String
    var retryButton: String
    var retriedNotice: String
    var backLink: String

    init(_ language: Language) {
        func text(_ zh: String, _ en: String) -> String { LocalizedText(zh: zh, en: en).text(in: language) }
        heading = text("后台任务", "Background jobs")
        intro = text(
            "付款、快递和消息都经由任务队列处理：失败的任务会按退避时间自动重试，超过次数后成为死信，需要人工处理。",
            "Payments, parcels and messages go through these queues: failed jobs retry by themselves with growing delays; after the last attempt they become dead letters for a person to look at."
        )
        summaryCaption = text("各类任务的状态", "Jobs by kind and state")
        kindColumn = text("任务类型", "Kind")
        pendingColumn = text("等待中", "Waiting")
        dueColumn = text("其中已到期", "Of which due")
        runningColumn = text("处理中", "Running")
        doneColumn = text("已完成", "Done")
        deadColumn = text("死信", "Dead letters")
        noJobs = text("还没有任何任务。", "There are no jobs yet.")
        retryingHeading = text("正在重试的任务", "Jobs being retried")
        retryingEmpty = text("没有正在重试的任务。", "No job is being retried.")
        deadHeading = text("死信", "Dead letters")
        deadEmpty = text("没有死信。", "There are no dead letters.")
        attemptsColumn = text("尝试次数", "Attempts")
        errorColumn = text("最近的错误", "Last error")
        updatedColumn = text("更新时间", "Updated")
        nextColumn = text("下次尝试", "Next attempt")
        retryButton = text("立即重试", "Retry now")
        retriedNotice = text("任务已重新排队。", "The job is queued again.")
        backLink = text("返回工作台", "Back to the back office")
    }
}
