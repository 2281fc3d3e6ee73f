import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Builds the page contexts of the new-application flow from the draft and renders them.
struct RenewalFlowPages {
    var flow: RenewalFlow

    private var request: Request { flow.request }
    private var t: RenewalPageStrings { flow.t }
    private var draft: RenewalDraft { flow.draft }
    private var language: Language { request.language }

    private func meta(_ title: String) -> PageMeta { Portal.meta(request, title: title, section: "account") }

    func question(_ step: RenewalStep, errors: [FieldErrorView], status: HTTPResponseStatus) async throws -> Response {
        let heading: String
        var hint = ""
        var options: [(String, String)] = []
        var chosen = ""
        switch step {
        case .document:
            heading = t.documentHeading
            hint = t.documentHint
            options = RenewalDocument.allCases.map { ($0.rawValue, $0.name.text(in: language)) }
            chosen = draft.document?.rawValue ?? ""
        case .reason:
            heading = t.reasonHeading
            options = (draft.document?.reasons ?? []).map { ($0.rawValue, $0.name.text(in: language)) }
            chosen = draft.reason?.rawValue ?? ""
        case .loss:
            heading = t.lossKindHeading
            hint = t.lossKindHint
            options = [(LossKind.lost.rawValue, t.lossLost), (LossKind.stolen.rawValue, t.lossStolen)]
            chosen = draft.lossKind?.rawValue ?? ""
        case .forWhom:
            heading = t.forWhomHeading
            hint = t.forWhomHint
            options = [("", t.forSelf)] + flow.dependents.map { ($0.0.id, flow.dependentName($0.0.id)) }
            chosen = draft.forPerson ?? "-"
        case .location:
            heading = t.locationHeading
            hint = t.locationHint
            options = [("yes", t.locationYes), ("no", t.locationNo)]
            chosen = draft.inMainland.map { $0 ? "yes" : "no" } ?? ""
        default:
            heading = t.deliveryHeading
            options = [
                (HandoverMethod.courier.rawValue, t.deliveryCourier),
                (HandoverMethod.collection.rawValue, t.deliveryCollection),
            ]
            chosen = draft.handover?.rawValue ?? ""
        }
        let context = RenewalQuestionContext(
            meta: meta(heading), t: t, csrfToken: CSRF.token(for: request), errors: errors, heading: heading,
            hint: hint, field: "answer",
            options: options.map { OptionView(value: $0.0, label: $0.1, selected: $0.0 == chosen) },
            action: step.path, backHref: flow.back(from: step), change: flow.change)
        return try await AccountPage.render("renewals/question", context, for: request, status: status)
    }

    func eligibility() async throws -> Response {
        guard let result = try await flow.eligibility() else {
            return request.redirect(to: RenewalStep.document.path, redirectType: .normal)
        }
        let answer = result.0
        let document = RenewalEligibilityDocument(answer, fee: fee(answer.request.document), language: language)
        var rows = [
            SummaryRowView(label: t.documentRow, value: answer.request.document.name.text(in: language)),
            SummaryRowView(label: t.reasonRow, value: answer.request.reason.name.text(in: language)),
        ]
        if let expiry = document.currentDocumentExpiry {
            rows.append(SummaryRowView(label: t.currentExpiryRow, value: expiry))
        }
        if answer.isEligible, let fen = document.feeFen {
            rows.append(SummaryRowView(label: t.feeRow, value: Money(fen: Int64(fen)).formatted))
        }
        let next: String
        if flow.change {
            next = flow.href(RenewalStep.firstUnanswered(draft, hasDependents: flow.hasDependents) ?? .check)
        } else {
            next = RenewalStep.face.path
        }
        let heading = answer.isEligible ? t.eligibleHeading : t.ineligibleHeading
        let context = RenewalEligibilityContext(
            meta: meta(heading), t: t, eligible: answer.isEligible, rows: rows,
            failures: document.failures.map {
                RenewalFailureView(message: $0.message, alternative: $0.alternativeLabel, href: $0.link ?? "")
            }, continueHref: next, backHref: flow.back(from: .eligibility),
            changeHref: RenewalStep.document.path)
        return try await AccountPage.render("renewals/eligibility", context, for: request)
    }

    func face() async throws -> Response {
        let faces = FaceVerificationService(request)
        var fresh = true
        do {
            try await faces.requireFresh(.submitApplication, for: flow.account, on: request.db)
        } catch let problem as Problem where problem.kind == .faceVerificationRequired {
            fresh = false
        }
        let last = try await faces.lastPass(for: flow.account, on: request.db)
        let zone = request.services.config.serviceTimeZone
        let context = RenewalFaceContext(
            meta: meta(t.faceHeading), t: t, fresh: fresh,
            passedAt: fresh ? last.map { RenewalPageFormat.time($0.verifiedAt, zone) } ?? "" : "",
            faceHref: RenewalPaths.faceCheck(returningTo: RenewalStep.face.path),
            continueHref: RenewalStep.face.next(draft, hasDependents: flow.hasDependents).path,
            backHref: flow.back(from: .face))
        return try await AccountPage.render("renewals/face", context, for: request)
    }

    func details() async throws -> Response {
        guard let result = try await flow.eligibility() else {
            return request.redirect(to: RenewalStep.document.path, redirectType: .normal)
        }
        let (answer, subject) = result
        let person = subject.person
        var rows = [
            SummaryRowView(label: t.nameRow, value: person.name),
            SummaryRowView(label: t.nameLatinRow, value: person.nameLatin ?? ""),
            SummaryRowView(label: t.sexRow, value: person.sex == .male ? t.sexMale : t.sexFemale),
            SummaryRowView(label: t.birthDateRow, value: person.birthDate.iso),
            SummaryRowView(label: t.identityRow, value: RenewalPageFormat.identity(person.identity.number)),
            SummaryRowView(label: t.householdRow, value: person.household?.address ?? ""),
        ]
        if let current = answer.currentDocument {
            rows.append(
                SummaryRowView(
                    label: t.currentDocumentRow,
                    value: "\(RenewalMasking.document(current.number)), \(t.validUntil) \(current.expiryDate.iso)"
                ))
        }
        let context = RenewalDetailsContext(
            meta: meta(t.detailsHeading), t: t, csrfToken: CSRF.token(for: request),
            rows: rows.filter { !$0.value.isEmpty },
            counterHref: RenewalAlternativeLinks.path(.counterAppointment(cityCode: person.household?.cityCode))
                ?? "/appointments/new",
            action: RenewalStep.details.path, backHref: flow.back(from: .details), change: flow.change)
        return try await AccountPage.render("renewals/details", context, for: request)
    }

    func upload(_ step: RenewalStep, errors: [FieldErrorView], status: HTTPResponseStatus) async throws -> Response {
        let kind = step.uploadKind ?? .photo
        let heading: String
        let rules: String
        switch kind {
        case .photo: (heading, rules) = (t.photoHeading, t.photoRules)
        case .signature: (heading, rules) = (t.signatureHeading, t.signatureRules)
        case .idCardFront: (heading, rules) = (t.idFrontHeading, t.idCardRules)
        case .idCardBack: (heading, rules) = (t.idBackHeading, t.idCardRules)
        }
        let key = draft.upload(kind)
        let uploaded = try await key.asyncMap { try await describe($0, kind: kind) } ?? ""
        let context = RenewalUploadContext(
            meta: meta(heading), t: t, csrfToken: CSRF.token(for: request), errors: errors, heading: heading,
            rules: RenewalPageFormat.rules(rules), uploaded: uploaded,
            imageHref: key.map(RenewalPaths.upload) ?? "", action: step.path, backHref: flow.back(from: step),
            continueHref: key == nil
                ? "" : flow.href(flow.change ? .check : step.next(draft, hasDependents: flow.hasDependents)),
            change: flow.change)
        return try await AccountPage.render("renewals/upload", context, for: request, status: status)
    }

    /// "420 × 560 pixels, 45 KB" for an upload of the person applied for.
    private func describe(_ key: String, kind: RenewalUploadKind) async throws -> String {
        guard
            let record = try await RenewalUploadRecord.query(on: request.db).filter(\.$blobKey == key)
                .filter(\.$kind == kind.rawValue).first()
        else { return "" }
        return "\(record.width) × \(record.height) \(t.pixels), \((record.bytes + 512) / 1024) KB"
    }

    func address(errors: [FieldErrorView], status: HTTPResponseStatus) async throws -> Response {
        var name = draft.recipientName
        var phone = draft.recipientPhone
        var address = draft.recipientAddress
        if name == nil && phone == nil && address == nil {
            // Prefilled from the registry: the person's name, mobile and household address.
            let person = try await flow.subject().person
            name = person.name
            phone = person.mobile
            address = person.household?.address
        }
        let context = RenewalAddressContext(
            meta: meta(t.addressHeading), t: t, csrfToken: CSRF.token(for: request), errors: errors,
            recipientName: FieldView(name, field: "recipientName", errors: errors),
            recipientPhone: FieldView(phone, field: "recipientPhone", errors: errors),
            recipientAddress: FieldView(address, field: "recipientAddress", errors: errors),
            action: RenewalStep.address.path, backHref: flow.back(from: .address), change: flow.change)
        return try await AccountPage.render("renewals/address", context, for: request, status: status)
    }

    func check(errors: [FieldErrorView], status: HTTPResponseStatus) async throws -> Response {
        var rows: [SummaryRowView] = []
        func row(_ label: String, _ value: String, _ step: RenewalStep) {
            rows.append(SummaryRowView(label: label, value: value, changeHref: step.changePath))
        }
        if let document = draft.document {
            row(t.documentRow, document.name.text(in: language), .document)
            if let fee = fee(document) {
                rows.append(SummaryRowView(label: t.feeRow, value: fee.formatted))
            }
        }
        if let reason = draft.reason { row(t.reasonRow, reason.name.text(in: language), .reason) }
        if draft.reason == .lostOrStolen, let loss = draft.lossKind {
            row(t.lossKindRow, loss == .lost ? t.lossLost : t.lossStolen, .loss)
        }
        if flow.hasDependents { row(t.forRow, flow.personLabel(), .forWhom) }
        if let inMainland = draft.inMainland { row(t.locationRow, inMainland ? t.yes : t.no, .location) }
        if let handover = draft.handover {
            row(t.deliveryRow, handover == .courier ? t.deliveryCourier : t.deliveryCollection, .delivery)
            if handover == .courier {
                let recipient = [draft.recipientName, draft.recipientPhone, draft.recipientAddress]
                    .compactMap { $0 }.joined(separator: ", ")
                row(t.addressRow, recipient, .address)
            }
        }
        var fileRows: [SummaryRowView] = []
        for (kind, label, step) in [
            (RenewalUploadKind.photo, t.photoRow, RenewalStep.photo), (.signature, t.signatureRow, .signature),
            (.idCardFront, t.idFrontRow, .idCardFront), (.idCardBack, t.idBackRow, .idCardBack),
        ] {
            guard let key = draft.upload(kind) else { continue }
            fileRows.append(
                SummaryRowView(
                    label: label, value: try await describe(key, kind: kind), changeHref: step.changePath,
                    imageHref: RenewalPaths.upload(key)))
        }
        let context = RenewalCheckContext(
            meta: meta(t.checkHeading), t: t, csrfToken: CSRF.token(for: request), errors: errors, rows: rows,
            fileRows: fileRows, idempotencyKey: UUID().uuidString,
            faceHref: RenewalPaths.faceCheck(returningTo: RenewalStep.check.path), action: RenewalStep.check.path,
            backHref: flow.back(from: .check))
        return try await AccountPage.render("renewals/check", context, for: request, status: status)
    }

    private func fee(_ document: RenewalDocument) -> Money? {
        try? request.referenceData().fees.rate(for: document.feeItemCode, on: flow.service.today).amount
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
