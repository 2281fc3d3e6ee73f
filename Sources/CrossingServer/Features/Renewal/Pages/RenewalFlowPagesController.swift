import CrossingDomain
import Fluent
import Foundation
import Vapor

/// /renewals/new/{step}: a new application one question per page, in Chinese and English, without
/// JavaScript. Every answer is saved in the account's draft before the next page, so back, change
/// and reload keep it; the service calls are the same as the JSON API's (`RenewalService`).
struct RenewalFlowPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pages = routes.grouped("renewals", "new")
        pages.get(use: start)
        pages.get(":step", use: page)
        // 1 MB: the largest upload the checks could ever see is 80 KB; the store refuses more than 2 MB.
        pages.on(.POST, ":step", body: .collect(maxSize: "1mb"), use: answer)
    }

    struct AnswerForm: Content {
        var answer: String?
        var change: String?
    }

    struct UploadForm: Content {
        var file: File?
        var change: String?
    }

    struct AddressForm: Content {
        var recipientName: String?
        var recipientPhone: String?
        var recipientAddress: String?
        var change: String?
    }

    struct SubmitForm: Content {
        var idempotencyKey: String?
    }

    // MARK: Handlers

    /// Starts the flow: a draft left from a finished submission is cleared; an unfinished one is kept.
    func start(_ request: Request) async throws -> Response {
        let flow = try await RenewalFlow.load(request)
        if flow.draft.submittedNumber != nil { try await flow.store.save(RenewalDraft()) }
        return request.redirect(to: RenewalStep.document.path, redirectType: .normal)
    }

    func page(_ request: Request) async throws -> Response {
        let step = try Self.step(request)
        let flow = try await RenewalFlow.load(request)
        if let redirect = try await flow.gate(step) { return request.redirect(to: redirect, redirectType: .normal) }
        return try await render(step, flow: flow, errors: [])
    }

    func answer(_ request: Request) async throws -> Response {
        let step = try Self.step(request)
        var flow = try await RenewalFlow.load(request)
        if step == .check { return try await submit(flow) }
        if let redirect = try await flow.gate(step) { return request.redirect(to: redirect, redirectType: .normal) }
        let t = flow.t
        var draft = flow.draft
        switch step {
        case .document, .reason, .loss, .forWhom, .location, .delivery:
            let form = try request.content.decode(AnswerForm.self)
            flow.change = form.change == "1"
            guard let error = Self.apply(form.answer ?? "", to: step, of: &draft, flow: flow) else { break }
            return try await render(step, flow: flow, errors: [FieldErrorView(field: "answer", message: error)])
        case .details:
            flow.change = (try? request.content.get(String.self, at: "change")) == "1"
            draft.detailsConfirmed = true
        case .photo, .signature, .idCardFront, .idCardBack:
            let form = try request.content.decode(UploadForm.self)
            flow.change = form.change == "1"
            guard let kind = step.uploadKind else { break }
            guard let file = form.file, file.data.readableBytes > 0 else {
                return try await render(
                    step, flow: flow, errors: [FieldErrorView(field: "file", message: t.fileRequired)],
                    status: .unprocessableEntity)
            }
            do {
                let subject = try await flow.subject()
                let record = try await flow.service.upload(
                    kind, data: Data(file.data.readableBytesView), for: subject, by: flow.account)
                draft.setUpload(kind, record.blobKey)
            } catch let problem as Problem where problem.kind == .validationFailed {
                let errors = problem.errors.map { FieldErrorView(field: "file", message: $0.message) }
                return try await render(step, flow: flow, errors: errors, status: .unprocessableEntity)
            }
        case .address:
            let form = try request.content.decode(AddressForm.self)
            flow.change = form.change == "1"
            do {
                let recipient = try ShipmentService.recipient(
                    name: form.recipientName ?? "", phone: form.recipientPhone ?? "",
                    address: form.recipientAddress ?? "", language: request.language)
                draft.recipientName = recipient.name
                draft.recipientPhone = recipient.phone.value
                draft.recipientAddress = recipient.address
            } catch let problem as Problem where problem.kind == .validationFailed {
                var shown = flow
                shown.draft.recipientName = form.recipientName
                shown.draft.recipientPhone = form.recipientPhone
                shown.draft.recipientAddress = form.recipientAddress
                return try await render(
                    step, flow: shown,
                    errors: problem.errors.map { FieldErrorView(field: $0.field, message: $0.message) },
                    status: .unprocessableEntity)
            }
        case .eligibility, .face, .check:
            return request.redirect(to: step.path, redirectType: .normal)
        }
        try await flow.store.save(draft)
        flow.draft = draft
        let next: RenewalStep =
            flow.change
            ? RenewalStep.firstUnanswered(draft, hasDependents: flow.hasDependents) ?? .check
            : step.next(draft, hasDependents: flow.hasDependents)
        return request.redirect(to: flow.href(next), redirectType: .normal)
    }

    /// Records a radio answer; answers a message for the field when it is not one of the choices.
    private static func apply(
        _ value: String, to step: RenewalStep, of draft: inout RenewalDraft, flow: RenewalFlow
    )
        -> String?
    {
        let t = flow.t
        switch step {
        case .document:
            guard let document = RenewalDocument(rawValue: value) else { return t.documentRequired }
            draft.document = document
            if let reason = draft.reason, !reason.applies(to: document) { draft.reason = nil }
        case .reason:
            guard let reason = RenewalReason(rawValue: value), let document = draft.document,
                reason.applies(to: document)
            else { return t.reasonRequired }
            draft.reason = reason
            if reason != .lostOrStolen { draft.lossKind = nil }
        case .loss:
            guard let kind = LossKind(rawValue: value) else { return t.lossKindRequired }
            draft.lossKind = kind
        case .forWhom:
            guard value.isEmpty || flow.dependents.contains(where: { $0.0.id == value }) else {
                return t.forWhomRequired
            }
            if draft.forPerson != value { draft.forgetPersonalAnswers() }
            draft.forPerson = value
        case .location:
            guard value == "yes" || value == "no" else { return t.locationRequired }
            draft.inMainland = value == "yes"
        case .delivery:
            guard let method = HandoverMethod(rawValue: value) else { return t.deliveryRequired }
            draft.handover = method
        default:
            break
        }
        return nil
    }

    // MARK: Submission

    private func submit(_ flow: RenewalFlow) async throws -> Response {
        let request = flow.request
        let form = try request.content.decode(SubmitForm.self)
        let key = String((form.idempotencyKey ?? "").prefix(100))
        // A second click on a form that was already submitted: the same application.
        if let number = flow.draft.submittedNumber, flow.draft.submittedKey == key {
            return request.redirect(to: RenewalPaths.confirmation(number), redirectType: .normal)
        }
        if let redirect = try await flow.gate(.check) { return request.redirect(to: redirect, redirectType: .normal) }
        guard !key.isEmpty, let submission = try? flow.submission() else {
            return try await render(
                .check, flow: flow, errors: [FieldErrorView(field: "answers", message: flow.t.incomplete)],
                status: .unprocessableEntity)
        }
        do {
            let subject = try await flow.subject()
            let submitted = try await flow.service.submit(
                submission, for: subject, by: flow.account, idempotencyKey: key)
            let number = submitted.record.number
            try await flow.store.save(RenewalDraft(submittedKey: key, submittedNumber: number))
            return request.redirect(to: RenewalPaths.confirmation(number), redirectType: .normal)
        } catch let problem as Problem {
            switch problem.kind {
            case .faceVerificationRequired:
                return try await render(
                    .check, flow: flow, errors: [FieldErrorView(field: "face", message: flow.t.faceExpiredAtSubmit)],
                    status: .forbidden)
            case .validationFailed where problem.errors.contains(where: { $0.field == "eligibility" }):
                return request.redirect(to: RenewalStep.eligibility.path, redirectType: .normal)
            case .validationFailed, .conflict:
                let errors =
                    problem.errors.isEmpty
                    ? [FieldErrorView(field: "answers", message: problem.detail)]
                    : problem.errors.map { FieldErrorView(field: $0.field, message: $0.message) }
                return try await render(.check, flow: flow, errors: errors, status: problem.kind.status)
            default:
                throw problem
            }
        }
    }

    // MARK: Rendering

    private static func step(_ request: Request) throws -> RenewalStep {
        guard let step = RenewalStep(rawValue: request.parameters.get("step") ?? "") else {
            throw Problem.notFound("That page")
        }
        return step
    }

    private func render(
        _ step: RenewalStep, flow: RenewalFlow, errors: [FieldErrorView], status: HTTPResponseStatus? = nil
    ) async throws -> Response {
        let status = status ?? (errors.isEmpty ? .ok : .unprocessableEntity)
        let pages = RenewalFlowPages(flow: flow)
        switch step {
        case .document, .reason, .loss, .forWhom, .location, .delivery:
            return try await pages.question(step, errors: errors, status: status)
        case .eligibility: return try await pages.eligibility()
        case .face: return try await pages.face()
        case .details: return try await pages.details()
        case .photo, .signature, .idCardFront, .idCardBack:
            return try await pages.upload(step, errors: errors, status: status)
        case .address: return try await pages.address(errors: errors, status: status)
        case .check: return try await pages.check(errors: errors, status: status)
        }
    }
}

enum RenewalPaths {
    static let list = "/renewals"
    static func status(_ number: String) -> String { "/renewals/\(number)" }
    static func confirmation(_ number: String) -> String { "/renewals/\(number)/submitted" }
    static func upload(_ key: String) -> String { "/api/v1/renewals/uploads/\(key)" }
    static func faceCheck(returningTo path: String) -> String { "/account/face-check?next=\(path)" }
}
