import CrossingDomain
import Foundation
import Testing

@Suite("Courier: the canonical parcel state machine (domain-facts §9)")
struct ShipmentStateMachineTests {
    static let start = Date(timeIntervalSince1970: 1_795_320_000)

    static func event(_ hours: Double, _ code: String, _ stage: ShipmentState?) -> TrackingEvent {
        TrackingEvent(
            time: start + hours * 3600, code: code, stage: stage, location: "北京市", description: code)
    }

    static let collected = event(2, "GOT", .collected)
    static let departed = event(5, "DEPARTURE", .inTransit)
    static let arrived = event(20, "ARRIVAL", .inTransit)
    static let out = event(26, "SENT", .outForDelivery)
    static let delivered = event(29, "SIGNED", .delivered)
    static let failed = event(29, "SIGNFAIL", .deliveryFailed)
    static let outAgain = event(50, "SENT", .outForDelivery)
    static let failedAgain = event(53, "SIGNFAIL", .deliveryFailed)
    static let returning = event(56, "RETURN", .returning)
    static let returned = event(98, "RETURNSIGNED", .returned)

    @Test func theMainLineFoldsToDelivered() {
        let events = [Self.collected, Self.departed, Self.arrived, Self.out, Self.delivered]
        #expect(ShipmentStateMachine.fold([]) == .created)
        #expect(ShipmentStateMachine.fold(Array(events.prefix(1))) == .collected)
        #expect(ShipmentStateMachine.fold(Array(events.prefix(3))) == .inTransit)
        #expect(ShipmentStateMachine.fold(Array(events.prefix(4))) == .outForDelivery)
        #expect(ShipmentStateMachine.fold(events) == .delivered)
    }

    @Test func everyArrivalOrderOfTheSameEventsFoldsTheSame() {
        let events = [Self.collected, Self.departed, Self.arrived, Self.out, Self.delivered]
        for permutation in permutations(events) {
            #expect(ShipmentStateMachine.fold(permutation) == .delivered)
        }
        let failing = [
            Self.collected, Self.out, Self.failed, Self.outAgain, Self.failedAgain, Self.returning, Self.returned,
        ]
        #expect(ShipmentStateMachine.fold(failing.reversed()) == .returned)
        #expect(ShipmentStateMachine.fold(failing.shuffled()) == .returned)
    }

    @Test func duplicatesChangeNothingAndAreDroppedByTimeAndCode() {
        let events = [Self.collected, Self.collected, Self.out, Self.out, Self.out]
        #expect(ShipmentStateMachine.fold(events) == .outForDelivery)
        #expect(ShipmentStateMachine.deduplicated(events) == [Self.collected, Self.out])
        // Same code at another time is another event (a second delivery attempt).
        #expect(ShipmentStateMachine.deduplicated([Self.out, Self.outAgain]).count == 2)
    }

    @Test func anOlderSnapshotNeverMovesTheStateBackwards() {
        // Held: out for delivery. A late push knows only the collection and the arrival.
        let late = [Self.collected, Self.arrived]
        #expect(ShipmentStateMachine.advance(.outForDelivery, with: late) == .outForDelivery)
        #expect(ShipmentStateMachine.advance(.delivered, with: [Self.collected]) == .delivered)
        #expect(ShipmentStateMachine.advance(.returned, with: [Self.collected, Self.out]) == .returned)
        // All events known: forward only.
        #expect(
            ShipmentStateMachine.advance(.inTransit, with: [Self.collected, Self.arrived, Self.out]) == .outForDelivery)
    }

    @Test func aScanAfterTheEndIsHistoryOnly() {
        // A sorting-centre scan stamped after the delivery (clock skew at the carrier).
        let stray = Self.event(30, "ARRIVAL", .inTransit)
        #expect(ShipmentStateMachine.fold([Self.collected, Self.delivered, stray]) == .delivered)
    }

    @Test func deliveryFailsThenGoesOutAgainThenIsReturned() {
        #expect(ShipmentStateMachine.fold([Self.collected, Self.out, Self.failed]) == .deliveryFailed)
        #expect(ShipmentStateMachine.fold([Self.collected, Self.out, Self.failed, Self.outAgain]) == .outForDelivery)
        #expect(
            ShipmentStateMachine.fold([
                Self.collected, Self.out, Self.failed, Self.outAgain, Self.failedAgain, Self.returning,
            ])
                == .returning)
        #expect(
            ShipmentStateMachine.advance(.deliveryFailed, with: [Self.collected, Self.out, Self.failed, Self.outAgain])
                == .outForDelivery)
    }

    @Test func skippedScansStillMoveForward() {
        #expect(ShipmentStateMachine.fold([Self.delivered]) == .delivered)
        #expect(ShipmentStateMachine.fold([Self.arrived, Self.delivered]) == .delivered)
    }

    @Test func eventsThatChangeNothingAreKeptButIgnored() {
        let note = Self.event(10, "ISSUE", nil)
        #expect(ShipmentStateMachine.fold([Self.collected, note]) == .collected)
    }

    @Test func eventsAtTheSameTimeFollowTheMainLine() {
        let sameTime = [Self.event(3, "SENT", .outForDelivery), Self.event(3, "GOT", .collected)]
        #expect(ShipmentStateMachine.fold(sameTime) == .outForDelivery)
    }

    @Test func terminalStatesAndTransitions() {
        #expect(ShipmentState.allCases.filter(\.isTerminal) == [.delivered, .returned, .cancelled])
        for state in ShipmentState.allCases where state.isTerminal {
            #expect(state.successors.isEmpty)
        }
        #expect(ShipmentState.created.canMove(to: .cancelled))
        #expect(!ShipmentState.collected.canMove(to: .cancelled))
        #expect(!ShipmentState.outForDelivery.canMove(to: .inTransit))
        #expect(!ShipmentState.inTransit.canMove(to: .collected))
        #expect(ShipmentState.deliveryFailed.canMove(to: .outForDelivery))
        #expect(!ShipmentState.returning.canMove(to: .delivered))
        #expect(ShipmentStateMachine.isReachable(.returned, from: .collected))
        #expect(!ShipmentStateMachine.isReachable(.collected, from: .inTransit))
        #expect(!ShipmentStateMachine.isReachable(.delivered, from: .returning))
    }

    @Test func everyStateHasLabelsInBothLanguages() {
        for state in ShipmentState.allCases {
            #expect(!state.label.zh.isEmpty && !state.label.en.isEmpty)
        }
    }

    private func permutations(_ items: [TrackingEvent]) -> [[TrackingEvent]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[TrackingEvent]] in
            var rest = items
            let head = rest.remove(at: index)
            return permutations(rest).map { [head] + $0 }
        }
    }
}

@Suite("Courier: waybill numbers and recipients")
struct WaybillNumberTests {
    @Test func internationalNumbersNeedAValidS10CheckDigit() throws {
        #expect(
            try WaybillNumber.parse("ea 12345678 5 cn") == .international(try S10TrackingNumber.parse("EA123456785CN")))
        #expect(throws: S10Error.checkDigitMismatch(expected: 5, found: 4)) { try WaybillNumber.parse("EA123456784CN") }
        #expect(throws: S10Error.wrongLength(5)) { try WaybillNumber.parse("EA123") }
    }

    @Test func domesticNumbersAreThirteenDigits() throws {
        #expect(try WaybillNumber.parse("1136281381675") == .domestic("1136281381675"))
        #expect(try WaybillNumber.parse("1136281381675").value == "1136281381675")
        #expect(throws: S10Error.self) { try WaybillNumber.parse("113628138167") }
    }

    @Test func waybillNumbersRoundTripAsJSON() throws {
        let number = try WaybillNumber.parse("EE473124829CN")
        let data = try JSONEncoder().encode([number])
        #expect(String(decoding: data, as: UTF8.self) == #"["EE473124829CN"]"#)
        #expect(try JSONDecoder().decode([WaybillNumber].self, from: data) == [number])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([WaybillNumber].self, from: Data(#"["EE473124828CN"]"#.utf8))
        }
    }

    @Test func recipientsAreCheckedFieldByField() throws {
        let valid = ShipmentRecipient.validate(name: " 王小明 ", phone: "+86 138 1234 5678", address: "广东省广州市天河区体育西路1号")
        let recipient = try valid.get()
        #expect(recipient.name == "王小明" && recipient.phone.value == "13812345678")
        guard case .failure(let failure) = ShipmentRecipient.validate(name: "", phone: "12345", address: "北京") else {
            Issue.record("expected a failure")
            return
        }
        #expect(Set(failure.byField.keys) == ["name", "phone", "address"])
        #expect(failure.byField["address"]?.code == "recipient-address")
    }

    @Test func courierErrorsSayWhetherARetryCanHelp() {
        #expect(CourierError.timeout.isRetryable && CourierError.unavailable.isRetryable)
        #expect(!CourierError.refused(reason: "x").isRetryable && !CourierError.invalidSignature.isRetryable)
        #expect(
            Set(
                [
                    CourierError.timeout, .unavailable, .refused(reason: ""), .unknownWaybill, .tooLateToCancel,
                    .invalidSignature, .malformed(""),
                ].map(\.code)
            ).count == 7)
    }
}
