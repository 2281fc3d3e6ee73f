import CrossingDomain
import Foundation
import Testing

@Suite("Payment state machine")
struct PaymentStateMachineTests {
    typealias M = PaymentStateMachine

    @Test func aWaitingOrderBecomesPaidWhenTheGatewayReportsSuccess() {
        #expect(M.transition(from: .created, on: .gatewayPaid(subjectWantsPayment: true)) == .move(to: .paid))
    }

    @Test func moneyForASubjectThatNoLongerWantsItIsAcceptedThenRefunded() {
        #expect(
            M.transition(from: .created, on: .gatewayPaid(subjectWantsPayment: false))
                == .acceptThenRefund(.subjectWithdrawn))
    }

    @Test(arguments: [PaymentStatus.closed, .expired])
    func aLatePaymentForAClosedOrderIsRefunded(status: PaymentStatus) {
        #expect(
            M.transition(from: status, on: .gatewayPaid(subjectWantsPayment: true)) == .acceptThenRefund(.latePayment))
    }

    @Test(arguments: [PaymentStatus.paid, .refundRequested, .refunded])
    func aRepeatedPaymentReportChangesNothing(status: PaymentStatus) {
        #expect(M.transition(from: status, on: .gatewayPaid(subjectWantsPayment: true)) == .ignore(.alreadyApplied))
    }

    @Test(arguments: [PaymentStatus.paid, .refundRequested, .refunded])
    func staleWaitingOrClosedNewsAfterPaymentIsIgnored(status: PaymentStatus) {
        #expect(M.transition(from: status, on: .gatewayWaiting) == .ignore(.stale))
        #expect(M.transition(from: status, on: .gatewayClosed) == .ignore(.stale))
        #expect(M.transition(from: status, on: .expired) == .ignore(.stale))
    }

    @Test func anUnpaidOrderClosesOrExpires() {
        #expect(M.transition(from: .created, on: .gatewayClosed) == .move(to: .closed))
        #expect(M.transition(from: .created, on: .cancelled) == .move(to: .closed))
        #expect(M.transition(from: .created, on: .expired) == .move(to: .expired))
        #expect(M.transition(from: .created, on: .gatewayWaiting) == .ignore(.alreadyApplied))
    }

    @Test func refundsGoFromPaidThroughRequestedToRefunded() {
        #expect(M.transition(from: .paid, on: .refundRequested) == .move(to: .refundRequested))
        #expect(M.transition(from: .refundRequested, on: .refundRequested) == .ignore(.alreadyApplied))
        #expect(M.transition(from: .refundRequested, on: .refundCompleted) == .move(to: .refunded))
        #expect(M.transition(from: .refunded, on: .refundCompleted) == .ignore(.alreadyApplied))
        #expect(M.transition(from: .refunded, on: .refundRequested) == .ignore(.alreadyApplied))
    }

    @Test(arguments: [PaymentStatus.created, .closed, .expired])
    func nothingIsRefundedWhenNoMoneyArrived(status: PaymentStatus) {
        #expect(M.transition(from: status, on: .refundRequested) == .ignore(.nothingToRefund))
        #expect(M.transition(from: status, on: .refundCompleted) == .invalid)
    }

    @Test func aRefundCannotCompleteBeforeItWasRequested() {
        #expect(M.transition(from: .paid, on: .refundCompleted) == .invalid)
    }

    @Test func everyStateAnswersEveryEvent() {
        let events: [PaymentEvent] = [
            .gatewayPaid(subjectWantsPayment: true), .gatewayPaid(subjectWantsPayment: false), .gatewayClosed,
            .gatewayWaiting, .expired, .cancelled, .refundRequested, .refundCompleted,
        ]
        for status in PaymentStatus.allCases {
            for event in events {
                if case .move(let next) = M.transition(from: status, on: event) {
                    #expect(next != status, "\(status) on \(event) moves nowhere")
                }
            }
        }
    }

    @Test func gatewayStatusesMapToEvents() {
        #expect(M.event(for: .success, subjectWantsPayment: true) == .gatewayPaid(subjectWantsPayment: true))
        #expect(M.event(for: .finished, subjectWantsPayment: false) == .gatewayPaid(subjectWantsPayment: false))
        #expect(M.event(for: .closed, subjectWantsPayment: true) == .gatewayClosed)
        #expect(M.event(for: .waitBuyerPay, subjectWantsPayment: true) == .gatewayWaiting)
    }

    @Test func moneyReceivedAndFinality() {
        #expect(PaymentStatus.allCases.filter(\.moneyReceived) == [.paid, .refundRequested, .refunded])
        #expect(PaymentStatus.allCases.filter(\.isFinal) == [.refunded, .closed, .expired])
    }
}
