import CrossingDomain
import Foundation
import Vapor

/// The officers' renewal API under /api/v1/staff/renewals: the office queue, one application with
/// its files (every read audited), claim, decision, issue, handing over at the counter; for
/// supervisors the clocks and the statistics.
struct StaffRenewalAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let group = routes.grouped("staff", "renewals")
        group.get(use: queue)
        group.get("clocks", use: clocks)
        group.get("statistics", use: statistics)
        group.get(":number", use: show)
        group.get(":number", "files", ":kind", use: file)
        group.on(.POST, ":number", "claim", body: .collect(maxSize: "16kb"), use: claim)
        group.on(.POST, ":number", "decision", body: .collect(maxSize: "16kb"), use: decide)
        group.on(.POST, ":number", "issue", body: .collect(maxSize: "16kb"), use: issue)
        group.on(.POST, ":number", "collect", body: .collect(maxSize: "16kb"), use: collect)
    }

    struct DecisionBody: Content {
        struct Correction: Content {
            var item: String?
            var note: String?
        }

        var decision: String?
        var version: Int?
        var corrections: [Correction]?
        var reason: String?
    }

    struct IssueBody: Content {
        var version: Int?
    }

    struct CollectBody: Content {
        var pickupCode: String?
    }

    static func requireStaff(_ request: Request) throws -> AuthenticatedAccount {
        let account = try request.requireAccount()
        guard account.kind == .staff else {
            throw Problem(.forbidden, detail: "Only exit-entry staff work on applications.")
        }
        return account
    }

    func queue(_ request: Request) async throws -> Response {
        let account = try Self.requireStaff(request)
        var filter = RenewalOffice.QueueFilter()
        if let raw = request.query[String.self, at: "status"] {
            let statuses = raw.split(separator: ",").map { ApplicationStatus(rawValue: String($0)) }
            guard !statuses.isEmpty, statuses.allSatisfy({ $0 != nil }) else {
                throw Problem.validation([
                    .init(
                        field: "status", code: "status-unknown",
                        message: "status must be a comma-separated list of: "
                            + ApplicationStatus.allCases.map(\.rawValue).joined(separator: ", "))
                ])
            }
            filter.statuses = statuses.compactMap { $0 }
        }
        let office = RenewalOffice(request)
        let records = try await office.queue(for: account, filter: filter)
        let items = records.map { StaffRenewalQueueItem($0, staff: account) }
        return try await StaffRenewalQueue(items: items).encodeResponse(for: request).noStore()
    }

    func show(_ request: Request) async throws -> Response {
        let account = try Self.requireStaff(request)
        let office = RenewalOffice(request)
        let record = try await office.application(request.parameters.get("number") ?? "", for: account)
        return try await StaffRenewalDocument.make(record, request: request).encodeResponse(for: request).noStore()
    }

    func file(_ request: Request) async throws -> Response {
        let account = try Self.requireStaff(request)
        let office = RenewalOffice(request)
        let record = try await office.application(request.parameters.get("number") ?? "", for: account)
        guard let kind = RenewalUploadKind(rawValue: request.parameters.get("kind") ?? "") else {
            throw Problem.notFound("That file")
        }
        try await office.auditRead(record, by: account, what: kind.rawValue)
        return try await RenewalFiles.response(
            StaffRenewalDocument.key(of: kind, in: record), application: request.application)
    }

    func claim(_ request: Request) async throws -> Response {
        let account = try Self.requireStaff(request)
        let record = try await RenewalOffice(request).claim(request.parameters.get("number") ?? "", by: account)
        return try await StaffRenewalDocument.make(record, request: request).encodeResponse(for: request).noStore()
    }

    func decide(_ request: Request) async throws -> Response {
        let account = try Self.requireStaff(request)
        let body = try RenewalInput.json(request, as: DecisionBody.self)
        let decision = try Self.decision(body, language: request.language)
        guard let version = body.version else {
            throw Problem.validation([
                .init(
                    field: "version", code: "version-missing",
                    message: "Give the version of the application you decided on (from GET).")
            ])
        }
        let record = try await RenewalOffice(request).decide(
            request.parameters.get("number") ?? "", decision, expectedVersion: version, by: account)
        return try await StaffRenewalDocument.make(record, request: request).encodeResponse(for: request).noStore()
    }

    static func decision(_ body: DecisionBody, language: Language) throws -> RenewalOffice.Decision {
        switch body.decision {
        case "approve":
            return .approve
        case "return":
            var errors: [Problem.FieldError] = []
            var items: [CorrectionRequest] = []
            for (index, given) in (body.corrections ?? []).enumerated() {
                guard let item = CorrectionRequest.Item(rawValue: given.item ?? "") else {
                    errors.append(
                        .init(
                            field: "corrections[\(index)].item", code: "correction-item-unknown",
                            message: "item must be one of: "
                                + CorrectionRequest.Item.allCases.map(\.rawValue).joined(separator: ", ")))
                    continue
                }
                let note = given.note?.trimmingCharacters(in: .whitespacesAndNewlines)
                items.append(CorrectionRequest(item: item, note: note?.isEmpty == true ? nil : note))
            }
            if errors.isEmpty {
                errors = ReviewDecisionRules.problems(returning: items).map { problem in
                    let field: String
                    switch problem {
                    case .noteMissing(let index), .noteTooLong(let index): field = "corrections[\(index)].note"
                    default: field = "corrections"
                    }
                    return .init(field: field, code: problem.code, message: problem.message.text(in: language))
                }
            }
            guard errors.isEmpty else { throw Problem.validation(errors) }
            return .returnForCorrection(items)
        case "reject":
            let reason = body.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let problems = ReviewDecisionRules.problems(rejecting: reason)
            guard problems.isEmpty else {
                throw Problem.validation(
                    problems.map { .init(field: "reason", code: $0.code, message: $0.message.text(in: language)) })
            }
            return .reject(reason: reason)
        default:
            throw Problem.validation([
                .init(
                    field: "decision", code: "decision-unknown", message: "decision must be approve, return or reject.")
            ])
        }
    }

    func issue(_ request: Request) async throws -> Response {
        let account = try Self.requireStaff(request)
        let body = try? request.content.decode(IssueBody.self)
        let record = try await RenewalOffice(request).issue(
            request.parameters.get("number") ?? "", by: account, expectedVersion: body?.version)
        return try await StaffRenewalDocument.make(record, request: request).encodeResponse(for: request).noStore()
    }

    func collect(_ request: Request) async throws -> Response {
        let account = try Self.requireStaff(request)
        let body = try RenewalInput.json(request, as: CollectBody.self)
        let record = try await RenewalOffice(request).collect(
            request.parameters.get("number") ?? "", pickupCode: body.pickupCode ?? "", by: account)
        return try await StaffRenewalDocument.make(record, request: request).encodeResponse(for: request).noStore()
    }

    func clocks(_ request: Request) async throws -> Response {
        let account = try Self.requireStaff(request)
        let report = try await RenewalSupervision(request).clocks(for: account)
        return try await report.encodeResponse(for: request).noStore()
    }

    func statistics(_ request: Request) async throws -> Response {
        let account = try Self.requireStaff(request)
        let supervision = RenewalSupervision(request)
        let range = try supervision.range(
            from: request.query[String.self, at: "from"], through: request.query[String.self, at: "to"])
        let report = try await supervision.statistics(for: account, from: range.from, through: range.through)
        return try await report.encodeResponse(for: request).noStore()
    }
}
