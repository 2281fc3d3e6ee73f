import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Background steps of an application, through the outbox. Each is idempotent: it looks at the
/// application's state and does nothing when the step no longer applies.
enum RenewalJobs {
    /// Paid: hand the application to production (the production centre's queue).
    static let startProduction = "renewal.start-production"
    /// Returned and not corrected, or approved and not paid, within the waiting period: withdraw it.
    static let automaticWithdrawal = "renewal.auto-withdraw"

    struct Target: Codable, Sendable {
        var number: String
    }

    static func register(_ app: Application) {
        app.jobs.register(StartProductionHandler())
        app.jobs.register(AutomaticWithdrawalHandler())
    }

    struct StartProductionHandler: JobHandler {
        var kind: String { RenewalJobs.startProduction }

        func handle(_ job: OutboxJob, context: JobContext) async throws {
            let target = try job.decode(Target.self)
            guard
                let record = try await RenewalApplicationRecord.query(on: context.database)
                    .filter(\.$number == target.number).first(),
                record.applicationStatus == .paid
            else { return }
            do {
                try await RenewalTransitions(application: context.application, now: context.now).apply(
                    .inProduction, by: .system("production-centre"), to: target.number)
            } catch let problem as Problem where problem.kind == .conflict {
                return  // moved on meanwhile (withdrawn)
            }
        }
    }

    struct AutomaticWithdrawalHandler: JobHandler {
        var kind: String { RenewalJobs.automaticWithdrawal }

        func handle(_ job: OutboxJob, context: JobContext) async throws {
            let target = try job.decode(Target.self)
            let policy = context.application.renewal.withdrawalPolicy
            guard
                let record = try await RenewalApplicationRecord.query(on: context.database)
                    .filter(\.$number == target.number).first(),
                let event = try record.applicationHistory(policy: policy).automaticWithdrawal(at: context.now)
            else { return }
            do {
                try await RenewalTransitions(application: context.application, now: context.now).apply(
                    event.type, by: event.actor, to: target.number)
            } catch let problem as Problem where problem.kind == .conflict {
                return  // corrected or paid at the last moment
            }
        }
    }
}

/// What the payments feature tells an application: the money is wanted only while approved (a
/// payment for a withdrawn or rejected application is refunded at once by the payments feature);
/// paid moves it on; a refund of a closed application is recorded.
struct RenewalPaymentHandler: PaymentSubjectHandler {
    func wantsPayment(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws -> Bool {
        guard
            let record = try await RenewalApplicationRecord.query(on: context.database)
                .filter(\.$number == payment.subjectID).first()
        else { return false }
        return record.applicationStatus == .approved && payment.amount == record.fee
    }

    func paymentPaid(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws {
        try await RenewalTransitions(application: context.application, now: context.now).apply(
            .paid(amount: payment.amount), by: .payments, to: payment.subjectID, on: context.database)
    }

    func paymentRefunded(_ payment: PaymentSnapshot, context: PaymentSubjectContext) async throws {
        guard
            let record = try await RenewalApplicationRecord.query(on: context.database)
                .filter(\.$number == payment.subjectID).first(),
            record.applicationStatus == .withdrawn || record.applicationStatus == .rejected
        else { return }
        try await RenewalTransitions(application: context.application, now: context.now).apply(
            .refunded(amount: payment.amount), by: .payments, to: payment.subjectID, on: context.database)
    }
}

/// What the courier feature tells an application: the waybill means dispatched, then out for
/// delivery and delivered; each step is told to the applicant.
struct RenewalShipmentListener: ShipmentListener {
    var application: Application

    func shipmentChanged(_ change: ShipmentChange, on transaction: any Database) async throws {
        guard
            let record = try await RenewalApplicationRecord.query(on: transaction)
                .filter(\.$number == change.subjectID).first()
        else { return }
        let status = record.applicationStatus
        let type: ApplicationEventType?
        switch (change.kind, change.to) {
        case (.dispatched, _) where status == .inProduction:
            type = .dispatched(trackingNumber: change.waybillNumber)
        case (.stateChanged, .outForDelivery) where status == .dispatched:
            type = .outForDelivery
        case (.stateChanged, .delivered) where status == .dispatched || status == .outForDelivery:
            type = .delivered
        default:
            type = nil
        }
        if let type {
            try await RenewalTransitions(application: application, now: change.at).apply(
                type, by: .courier, to: record.number, on: transaction)
        }
        try await ShipmentNotifications.enqueue(for: change, applicationNumber: record.number, on: transaction)
    }
}
