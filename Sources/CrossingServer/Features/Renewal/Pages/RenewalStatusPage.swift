import CrossingDomain
import Fluent
import Foundation
import Vapor

/// The status page of one application: built from the same document the API answers
/// (`RenewalFiles.document`), plus the live-timeline position and the correction form.
struct RenewalStatusPage {
    var request: Request
    var account: AuthenticatedAccount
    var record: RenewalApplicationRecord

    private var t: RenewalPageStrings { request.renewalStrings }

    static func canWithdraw(_ record: RenewalApplicationRecord) -> Bool {
        [.underReview, .returned, .approved, .paid].contains(record.applicationStatus)
    }

    /// What the officer asked to correct, when the application is waiting for the applicant.
    var correctionItems: [CorrectionRequest.Item] {
        guard record.applicationStatus == .returned,
            let history = try? record.applicationHistory(policy: request.application.renewal.withdrawalPolicy),
            case .returned(let items) = history.events(of: .returned).last?.type
        else { return [] }
        return items.map(\.item)
    }

    var asksAddress: Bool { record.handoverMethod == .courier && correctionItems.contains(.deliveryAddress) }

    /// The file inputs of the correction form, one per file the officer asked for.
    func fileFields(errors: [FieldErrorView] = []) -> [RenewalFileFieldView] {
        let items = correctionItems
        var fields: [(String, String)] = []
        if items.contains(.photo) { fields.append(("photo", t.photoRow)) }
        if items.contains(.signature) { fields.append(("signature", t.signatureRow)) }
        if items.contains(.idCardPhotos) { fields += [("idCardFront", t.idFrontRow), ("idCardBack", t.idBackRow)] }
        return fields.map { field, label in
            RenewalFileFieldView(
                field: field, label: label,
                error: errors.filter { $0.field == field }.map(\.message).joined(separator: " "))
        }
    }

    func render(
        notice: String, errors: [FieldErrorView], form: RenewalStatusPagesController.ResubmitForm?,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let zone = request.services.config.serviceTimeZone
        let document = try await RenewalFiles.document(record, for: account, request: request)
        let state = record.applicationStatus
        var rows = [
            SummaryRowView(label: t.numberRow, value: record.number),
            SummaryRowView(label: t.documentRow, value: document.documentName),
            SummaryRowView(label: t.reasonRow, value: document.reasonName),
            SummaryRowView(label: t.submittedRow, value: RenewalPageFormat.time(record.submittedAt, zone)),
            SummaryRowView(label: t.officeRow, value: document.officeName ?? record.officeCode),
            SummaryRowView(
                label: t.deliveryRow,
                value: record.handoverMethod == .courier ? t.deliveryCourier : t.deliveryCollection),
        ]
        if document.actingFor {
            let names = try await RenewalStatusPagesController.dependentNames(request, account)
            rows.insert(SummaryRowView(label: t.forRow, value: record.delegationID.flatMap { names[$0] } ?? ""), at: 1)
        }
        if !state.isClosed, let due = document.issueClock.due {
            rows.append(SummaryRowView(label: t.dueRow, value: due))
        }
        if let waybill = try waybill() { rows.append(SummaryRowView(label: t.waybillRow, value: waybill)) }
        if let number = document.newDocumentNumber {
            rows.append(SummaryRowView(label: t.newDocumentRow, value: number))
        }

        let payable =
            state == .approved ? document.payments.last(where: { $0.status == PaymentStatus.created.rawValue }) : nil
        let cipher = request.services.cipher
        func sealed(_ value: String?) -> String? { value.flatMap { try? cipher.open($0) } }
        let events = try await Timeline.events(
            subjectType: RenewalTransitions.subjectType, subjectID: record.number, on: request.db)
        let context = RenewalStatusContext(
            meta: Portal.meta(request, title: "\(t.statusHeading) \(record.number)", section: "account"), t: t,
            csrfToken: CSRF.token(for: request), errors: errors, notice: notice, number: record.number,
            heading: document.documentName, status: document.statusName, statusCode: record.status,
            next: next(state),
            waitingUntil: state.isWaitingOnApplicant
                ? record.waitingDeadline.map { RenewalPageFormat.time($0, zone) } ?? "" : "",
            rows: rows.filter { !$0.value.isEmpty },
            payHref: payable.map { "/account/payments/\($0.paymentId)/pay" } ?? "",
            paymentHref: payable.map { "/account/payments/\($0.paymentId)" } ?? "",
            fee: record.fee.formatted, pickupCode: document.pickupCode ?? "",
            corrections: document.corrections.map { RenewalCorrectionView(title: $0.title, note: $0.note ?? "") },
            fileFields: fileFields(errors: errors), askAddress: asksAddress,
            recipientName: FieldView(
                form?.recipientName ?? sealed(record.recipientName), field: "recipientName", errors: errors),
            recipientPhone: FieldView(
                form?.recipientPhone ?? sealed(record.recipientPhone), field: "recipientPhone", errors: errors),
            recipientAddress: FieldView(
                form?.recipientAddress ?? sealed(record.recipientAddress), field: "recipientAddress", errors: errors),
            canWithdraw: Self.canWithdraw(record),
            events: document.events.map {
                RenewalEventView(
                    name: $0.name, at: RenewalPageFormat.time($0.at, zone), actor: RenewalPageFormat.actor($0.actor, t))
            },
            liveHref: "/api/v1/timelines/\(RenewalTransitions.subjectType)/\(record.number)/events",
            lastPosition: events.last?.position ?? 0)
        return try await AccountPage.render("renewals/show", context, for: request, status: status)
    }

    /// The EMS waybill number from the dispatch event, once there is one.
    private func waybill() throws -> String? {
        for event in try record.events().reversed() {
            if case .dispatched(let tracking) = event.type { return tracking }
        }
        return nil
    }

    private func next(_ state: ApplicationStatus) -> String {
        switch state {
        case .underReview: t.nextUnderReview
        case .returned: t.nextReturned
        case .approved: t.nextApproved
        case .paid: t.nextPaid
        case .inProduction: t.nextInProduction
        case .dispatched, .outForDelivery: t.nextDispatched
        case .delivered: t.nextDelivered
        case .readyForCollection: t.nextReadyForCollection
        case .collected: t.nextCollected
        case .withdrawn, .rejected, .refunded: t.nextClosed
        }
    }
}
