import CrossingDomain
import Fluent
import Foundation
import Vapor

/// The applicant's renewal API under /api/v1/renewals: eligibility, uploads, submission (with an
/// Idempotency-Key), listing and reading, correction after a return, withdrawal.
struct RenewalAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let group = routes.grouped("renewals")
        group.on(.POST, "eligibility", body: .collect(maxSize: "16kb"), use: eligibility)
        group.on(.POST, "uploads", body: .collect(maxSize: "1mb"), use: upload)
        group.get("uploads", ":key", use: readUpload)
        group.get(use: list)
        group.on(.POST, body: .collect(maxSize: "16kb"), use: submit)
        group.get(":number", use: show)
        group.on(.POST, ":number", "resubmit", body: .collect(maxSize: "16kb"), use: resubmit)
        group.on(.POST, ":number", "withdraw", body: .collect(maxSize: "16kb"), use: withdraw)
        group.on(.POST, ":number", "payment", body: .collect(maxSize: "16kb"), use: payment)
    }

    struct EligibilityBody: Content {
        var document: String?
        var reason: String?
        var inMainland: Bool?
        var dependentId: String?
    }

    struct RecipientBody: Content {
        var name: String?
        var phone: String?
        var address: String?
    }

    struct SubmitBody: Content {
        var document: String?
        var reason: String?
        var lossKind: String?
        var inMainland: Bool?
        var dependentId: String?
        var photo: String?
        var signature: String?
        var idCardFront: String?
        var idCardBack: String?
        var handover: String?
        var recipient: RecipientBody?
    }

    struct ResubmitBody: Content {
        var photo: String?
        var signature: String?
        var idCardFront: String?
        var idCardBack: String?
        var recipient: RecipientBody?
    }

    func eligibility(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let body = try RenewalInput.json(request, as: EligibilityBody.self)
        let language = request.language
        let (document, reason) = try RenewalInput.documentAndReason(body.document, body.reason, language: language)
        let service = RenewalService(request)
        let subject = try await service.subject(for: account, dependentID: body.dependentId)
        let answer = try service.eligibility(
            subject, document: document, reason: reason, inMainland: body.inMainland ?? true, account: account)
        let fee = try? request.referenceData().fees.rate(for: document.feeItemCode, on: service.today).amount
        return try await RenewalEligibilityDocument(answer, fee: fee, language: language)
            .encodeResponse(for: request).noStore()
    }

    func upload(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let language = request.language
        guard let kind = RenewalUploadKind(rawValue: request.query[String.self, at: "kind"] ?? "") else {
            throw Problem.validation([
                .init(
                    field: "kind", code: "upload-kind-unknown",
                    message: LocalizedText(
                        zh: "kind 须为 photo、signature、id-card-front 或 id-card-back",
                        en: "kind must be photo, signature, id-card-front or id-card-back"
                    ).text(in: language))
            ])
        }
        guard request.headers.contentType == .jpeg else {
            throw Problem(.unsupportedMediaType, detail: "Send the file as image/jpeg.")
        }
        let data = Data(request.body.data?.readableBytesView ?? ByteBuffer().readableBytesView)
        let service = RenewalService(request)
        let subject = try await service.subject(
            for: account, dependentID: request.query[String.self, at: "dependentId"])
        let record = try await service.upload(kind, data: data, for: subject, by: account)
        return try await RenewalUploadDocument(record).encodeResponse(status: .created, for: request).noStore()
    }

    /// An upload of the account's person or of someone it acts for; 404 for anything else.
    func readUpload(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let key = request.parameters.get("key") ?? ""
        guard let me = account.personID, BlobKey(key) != nil else { throw Problem.notFound("That file") }
        let people =
            [me.rawValue]
            + account.principal.activeDelegations.filter { $0.helper == me && $0.isActive }.map(\.dependent.rawValue)
        guard
            try await RenewalUploadRecord.query(on: request.db).filter(\.$blobKey == key)
                .filter(\.$personKey ~~ people).first() != nil
        else { throw Problem.notFound("That file") }
        return try await RenewalFiles.response(key, application: request.application)
    }

    func list(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = RenewalService(request)
        var items: [RenewalApplicationDocument] = []
        for record in try await service.applications(for: account) {
            items.append(try await RenewalFiles.document(record, for: account, request: request))
        }
        return try await RenewalApplicationList(items: items).encodeResponse(for: request).noStore()
    }

    func submit(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let body = try RenewalInput.json(request, as: SubmitBody.self)
        let language = request.language
        guard let key = try RenewalInput.idempotencyKey(request) else {
            throw Problem.validation([
                .init(
                    field: "Idempotency-Key", code: "idempotency-key-missing",
                    message: LocalizedText(
                        zh: "提交申请须带 Idempotency-Key 请求头（每份新申请一个新值）",
                        en: "Send an Idempotency-Key header with the submission (a new value for each new application)"
                    ).text(in: language))
            ])
        }
        let submission = try RenewalInput.submission(body, language: language)
        let service = RenewalService(request)
        let subject = try await service.subject(for: account, dependentID: body.dependentId)
        let result = try await service.submit(submission, for: subject, by: account, idempotencyKey: key)
        let response = try await RenewalFiles.document(result.record, for: account, request: request)
            .encodeResponse(status: result.created ? .created : .ok, for: request).noStore()
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/renewals/\(result.record.number)")
        return response
    }

    func show(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let record = try await RenewalService(request).application(request.parameters.get("number") ?? "", for: account)
        return try await RenewalFiles.document(record, for: account, request: request)
            .encodeResponse(for: request).noStore()
    }

    func resubmit(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let body = try RenewalInput.json(request, as: ResubmitBody.self)
        let service = RenewalService(request)
        let record = try await service.application(request.parameters.get("number") ?? "", for: account)
        var uploads: [RenewalUploadKind: String] = [:]
        uploads[.photo] = body.photo
        uploads[.signature] = body.signature
        uploads[.idCardFront] = body.idCardFront
        uploads[.idCardBack] = body.idCardBack
        let recipient = try body.recipient.map {
            try ShipmentService.recipient(
                name: $0.name ?? "", phone: $0.phone ?? "", address: $0.address ?? "", language: request.language)
        }
        let updated = try await service.resubmit(record, replacing: uploads, recipient: recipient, by: account)
        return try await RenewalFiles.document(updated, for: account, request: request)
            .encodeResponse(for: request).noStore()
    }

    /// The order to pay an approved application with (a new one when the last lapsed unpaid).
    func payment(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = RenewalService(request)
        let record = try await service.application(request.parameters.get("number") ?? "", for: account)
        let (payment, created) = try await service.paymentOrder(record)
        return try await RenewalPaymentDocument(payment, now: request.services.now())
            .encodeResponse(status: created ? .created : .ok, for: request).noStore()
    }

    func withdraw(_ request: Request) async throws -> Response {
        let account = try request.requireAccount()
        let service = RenewalService(request)
        let record = try await service.application(request.parameters.get("number") ?? "", for: account)
        let updated = try await service.withdraw(record, by: account)
        return try await RenewalFiles.document(updated, for: account, request: request)
            .encodeResponse(for: request).noStore()
    }
}

/// Parsing what clients send, with a field error for each mistake.
enum RenewalInput {
    static func json<Body: Content>(_ request: Request, as type: Body.Type) throws -> Body {
        guard request.headers.contentType == .json else {
            throw Problem(.unsupportedMediaType, detail: "Send the request body as application/json.")
        }
        do {
            return try request.content.decode(Body.self)
        } catch {
            throw Problem(.badRequest, detail: "The body is not the JSON object this endpoint expects.")
        }
    }

    static func documentAndReason(
        _ document: String?, _ reason: String?, language: Language
    ) throws -> (RenewalDocument, RenewalReason) {
        var errors: [Problem.FieldError] = []
        let parsedDocument = document.flatMap(RenewalDocument.init(rawValue:))
        let parsedReason = reason.flatMap(RenewalReason.init(rawValue:))
        if parsedDocument == nil {
            errors.append(
                .init(
                    field: "document", code: "document-unknown",
                    message: LocalizedText(
                        zh: "请选择要换补发的证件：" + RenewalDocument.allCases.map(\.rawValue).joined(separator: "、"),
                        en: "Choose the document: " + RenewalDocument.allCases.map(\.rawValue).joined(separator: ", ")
                    ).text(in: language)))
        }
        if parsedReason == nil {
            errors.append(
                .init(
                    field: "reason", code: "reason-unknown",
                    message: LocalizedText(
                        zh: "请选择申请原因：" + RenewalReason.allCases.map(\.rawValue).joined(separator: "、"),
                        en: "Choose the reason: " + RenewalReason.allCases.map(\.rawValue).joined(separator: ", ")
                    ).text(in: language)))
        }
        guard let parsedDocument, let parsedReason else { throw Problem.validation(errors) }
        return (parsedDocument, parsedReason)
    }

    static func submission(_ body: RenewalAPIController.SubmitBody, language: Language) throws -> RenewalSubmission {
        var errors: [Problem.FieldError] = []
        var parsed: (RenewalDocument, RenewalReason)?
        do {
            parsed = try documentAndReason(body.document, body.reason, language: language)
        } catch let problem as Problem {
            errors += problem.errors
        }
        var lossKind: LossKind?
        if let raw = body.lossKind {
            lossKind = LossKind(rawValue: raw)
            if lossKind == nil {
                errors.append(
                    .init(
                        field: "lossKind", code: "loss-kind-unknown",
                        message: LocalizedText(zh: "lossKind 须为 lost 或 stolen", en: "lossKind must be lost or stolen")
                            .text(in: language)))
            }
        }
        let handover = HandoverMethod(rawValue: body.handover ?? "")
        if handover == nil {
            errors.append(
                .init(
                    field: "handover", code: "handover-unknown",
                    message: LocalizedText(
                        zh: "请选择邮寄（courier）或到受理单位领取（collection）",
                        en: "Choose delivery by courier or collection at the office"
                    ).text(in: language)))
        }
        var keys: [String] = []
        for (field, value) in [
            ("photo", body.photo), ("signature", body.signature), ("idCardFront", body.idCardFront),
            ("idCardBack", body.idCardBack),
        ] {
            guard let value, BlobKey(value) != nil else {
                errors.append(
                    .init(
                        field: field, code: "upload-missing",
                        message: LocalizedText(
                            zh: "请先上传该文件，并填写上传后得到的 key", en: "Upload this file first and give the key it returned"
                        ).text(in: language)))
                keys.append("")
                continue
            }
            keys.append(value)
        }
        var recipient: ShipmentRecipient?
        if handover == .courier, let given = body.recipient {
            do {
                recipient = try ShipmentService.recipient(
                    name: given.name ?? "", phone: given.phone ?? "", address: given.address ?? "", language: language)
            } catch let problem as Problem {
                errors += problem.errors
            }
        } else if handover == .courier {
            errors.append(
                .init(
                    field: "recipient", code: "recipient-missing",
                    message: LocalizedText(zh: "请填写收件人和地址", en: "Give the recipient and the delivery address")
                        .text(in: language)))
        }
        guard errors.isEmpty, let (document, reason) = parsed, let handover else { throw Problem.validation(errors) }
        return RenewalSubmission(
            document: document, reason: reason, lossKind: lossKind, inMainland: body.inMainland ?? true,
            photo: keys[0], signature: keys[1], idCardFront: keys[2], idCardBack: keys[3], handover: handover,
            recipient: recipient)
    }

    /// The Idempotency-Key header (`IdempotencyKeyHeader`); nil when absent.
    static func idempotencyKey(_ request: Request) throws -> String? {
        switch IdempotencyKeyHeader.read(request) {
        case .absent: return nil
        case .key(let key): return key
        case .malformed(let error): throw Problem.validation([error])
        }
    }
}

/// Files and documents shared by the applicant and staff APIs and pages.
enum RenewalFiles {
    static func response(_ key: String, application: Application) async throws -> Response {
        guard let blobKey = BlobKey(key) else { throw Problem.notFound("That file") }
        let data: Data?
        do {
            data = try await application.renewal.blobs.get(blobKey)
        } catch {
            throw Problem(.serviceUnavailable, detail: "The file store is not answering; try again shortly.")
        }
        guard let data else { throw Problem.notFound("That file") }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = .jpeg
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    static func document(
        _ record: RenewalApplicationRecord, for account: AuthenticatedAccount, request: Request
    ) async throws -> RenewalApplicationDocument {
        let payments = try await PaymentService(request).payments(
            subjectType: RenewalTransitions.subjectType, subjectID: record.number, on: request.db)
        return try RenewalApplicationDocument(
            record, payments: payments, snapshot: try? request.referenceData(),
            policy: request.application.renewal.withdrawalPolicy, timeZone: request.services.config.serviceTimeZone,
            now: request.services.now(), actingFor: account.personID != record.owner, language: request.language)
    }
}
