import CrossingDomain
import Foundation
import Testing

/// Builds histories that reach every status, and events of every kind with a fitting actor.
enum Lifecycle {
    static let start = Date(timeIntervalSince1970: 1_772_000_000)
    static let applicant = ApplicationActor.applicant(PersonID("p-1"))
    static let officer = ApplicationActor.officer("s-1")
    static let fee = Money(yuan: 120)

    static func at(hours: Double) -> Date { start.addingTimeInterval(hours * 3600) }

    /// A plausible event of `kind` by the actor that records it.
    static func event(
        _ kind: ApplicationEventKind, hours: Double, handover: HandoverMethod = .courier
    )
        -> ApplicationEvent
    {
        let date = at(hours: hours)
        switch kind {
        case .submitted: return ApplicationEvent(.submitted(handover: handover), by: applicant, at: date)
        case .returned:
            return ApplicationEvent(.returned(corrections: [CorrectionRequest(item: .photo)]), by: officer, at: date)
        case .resubmitted: return ApplicationEvent(.resubmitted, by: applicant, at: date)
        case .approved: return ApplicationEvent(.approved, by: officer, at: date)
        case .paid: return ApplicationEvent(.paid(amount: fee), by: .payments, at: date)
        case .inProduction: return ApplicationEvent(.inProduction, by: officer, at: date)
        case .dispatched: return ApplicationEvent(.dispatched(trackingNumber: "EA123456785CN"), by: officer, at: date)
        case .outForDelivery: return ApplicationEvent(.outForDelivery, by: .courier, at: date)
        case .delivered: return ApplicationEvent(.delivered, by: .courier, at: date)
        case .readyForCollection: return ApplicationEvent(.readyForCollection, by: officer, at: date)
        case .collected: return ApplicationEvent(.collected, by: officer, at: date)
        case .withdrawn: return ApplicationEvent(.withdrawn(.byApplicant), by: applicant, at: date)
        case .rejected: return ApplicationEvent(.rejected(reason: "Not the same person"), by: officer, at: date)
        case .refunded: return ApplicationEvent(.refunded(amount: fee), by: .payments, at: date)
        }
    }

    /// Event kinds (after the submission) that lead to each status, one hour apart.
    static let paths: [ApplicationStatus: (HandoverMethod, [ApplicationEventKind])] = [
        .underReview: (.courier, []),
        .returned: (.courier, [.returned]),
        .approved: (.courier, [.approved]),
        .paid: (.courier, [.approved, .paid]),
        .inProduction: (.courier, [.approved, .paid, .inProduction]),
        .dispatched: (.courier, [.approved, .paid, .inProduction, .dispatched]),
        .outForDelivery: (.courier, [.approved, .paid, .inProduction, .dispatched, .outForDelivery]),
        .delivered: (.courier, [.approved, .paid, .inProduction, .dispatched, .outForDelivery, .delivered]),
        .readyForCollection: (.collection, [.approved, .paid, .inProduction, .readyForCollection]),
        .collected: (.collection, [.approved, .paid, .inProduction, .readyForCollection, .collected]),
        .withdrawn: (.courier, [.withdrawn]),
        .rejected: (.courier, [.rejected]),
        .refunded: (.courier, [.approved, .paid, .withdrawn, .refunded]),
    ]

    static func history(in status: ApplicationStatus) throws -> ApplicationHistory {
        let (handover, kinds) = try #require(paths[status])
        var history = try ApplicationHistory(submission: event(.submitted, hours: 0, handover: handover))
        for (index, kind) in kinds.enumerated() {
            try history.append(event(kind, hours: Double(index + 1), handover: handover))
        }
        return history
    }
}

struct ApplicationLifecycleTests {
    /// The legal moves, written out independently of the implementation's table.
    static let legal: Set<String> = [
        "under-review+returned", "under-review+approved", "under-review+rejected", "under-review+withdrawn",
        "returned+resubmitted", "returned+withdrawn",
        "approved+paid", "approved+withdrawn",
        "paid+in-production", "paid+withdrawn",
        "in-production+dispatched", "in-production+ready-for-collection",
        "dispatched+out-for-delivery", "dispatched+delivered",
        "out-for-delivery+delivered",
        "ready-for-collection+collected",
        "withdrawn+refunded", "rejected+refunded",
    ]

    static let expectedNext: [String: ApplicationStatus] = [
        "under-review+returned": .returned, "under-review+approved": .approved, "under-review+rejected": .rejected,
        "under-review+withdrawn": .withdrawn, "returned+resubmitted": .underReview, "returned+withdrawn": .withdrawn,
        "approved+paid": .paid, "approved+withdrawn": .withdrawn, "paid+in-production": .inProduction,
        "paid+withdrawn": .withdrawn, "in-production+dispatched": .dispatched,
        "in-production+ready-for-collection": .readyForCollection, "dispatched+out-for-delivery": .outForDelivery,
        "dispatched+delivered": .delivered, "out-for-delivery+delivered": .delivered,
        "ready-for-collection+collected": .collected, "withdrawn+refunded": .refunded, "rejected+refunded": .refunded,
    ]

    @Test(arguments: ApplicationStatus.allCases)
    func everyEventFromEveryStatus(status: ApplicationStatus) throws {
        let history = try Lifecycle.history(in: status)
        #expect(history.status == status)
        let handover = try #require(Lifecycle.paths[status]).0
        for kind in ApplicationEventKind.allCases {
            let key = "\(status.rawValue)+\(kind.rawValue)"
            let event = Lifecycle.event(kind, hours: 100, handover: handover)
            // Courier and collection steps are only legal on their own route.
            let otherRoute =
                handover == .courier ? ["ready-for-collection", "collected"] : ["dispatched", "delivered"]
            let isLegal = Self.legal.contains(key) && !otherRoute.contains(kind.rawValue)
            if isLegal {
                let next = try history.appending(event)
                #expect(next.status == Self.expectedNext[key], "\(key)")
                #expect(next.events.count == history.events.count + 1)
                #expect(history.allows(kind), "\(key)")
            } else {
                #expect(throws: ApplicationTransitionError.self, "\(key) should be refused") {
                    try history.appending(event)
                }
                #expect(!history.allows(kind), "\(key)")
            }
        }
    }

    @Test func anIllegalTransitionSaysWhatAndWhy() throws {
        let history = try Lifecycle.history(in: .underReview)
        #expect(throws: ApplicationTransitionError.notAllowed(.paid, .underReview)) {
            try history.appending(Lifecycle.event(.paid, hours: 2))
        }
        let error = ApplicationTransitionError.notAllowed(.paid, .underReview)
        #expect(error.message.en == "The application is \"Under review\", so \"Paid\" is not possible now")
        #expect(error.message.zh.contains("审核中"))
    }

    @Test func aHistoryStartsWithItsSubmissionByTheApplicantSide() throws {
        #expect(throws: ApplicationTransitionError.mustStartWithSubmission(.approved)) {
            try ApplicationHistory(submission: Lifecycle.event(.approved, hours: 0))
        }
        #expect(throws: ApplicationTransitionError.empty) { try ApplicationHistory(events: []) }
        #expect(throws: ApplicationTransitionError.actorNotAllowed(.submitted, Lifecycle.officer)) {
            try ApplicationHistory(
                submission: ApplicationEvent(.submitted(handover: .courier), by: Lifecycle.officer, at: Lifecycle.start)
            )
        }
        let byHelper = try ApplicationHistory(
            submission: ApplicationEvent(
                .submitted(handover: .collection), by: .helper(PersonID("h-1")), at: Lifecycle.start))
        #expect(byHelper.status == .underReview)
        #expect(byHelper.handover == .collection)
        let twice = Lifecycle.event(.submitted, hours: 1)
        #expect(throws: ApplicationTransitionError.notAllowed(.submitted, .underReview)) {
            try byHelper.appending(twice)
        }
    }

    @Test func statusIsDerivedByFoldingStoredEvents() throws {
        let kinds: [ApplicationEventKind] = [
            .submitted, .returned, .resubmitted, .returned, .resubmitted, .approved, .paid, .inProduction,
            .dispatched, .outForDelivery, .delivered,
        ]
        let events = kinds.enumerated().map { Lifecycle.event($1, hours: Double($0)) }
        let history = try ApplicationHistory(events: events)
        #expect(history.status == .delivered)
        #expect(history.events == events)
        #expect(history.events(of: .returned).count == 2)
        #expect(history.submittedAt == Lifecycle.start)
        // A stored log with an illegal step is refused as a whole.
        var broken = events
        broken.swapAt(6, 7)
        broken[6].at = Lifecycle.at(hours: 6)
        broken[7].at = Lifecycle.at(hours: 7)
        #expect(throws: ApplicationTransitionError.notAllowed(.inProduction, .approved)) {
            try ApplicationHistory(events: broken)
        }
    }

    /// Who may record what.
    @Test(arguments: [
        (ApplicationEventKind.approved, ApplicationActor.applicant(PersonID("p-1")), ApplicationStatus.underReview),
        (.approved, .payments, .underReview), (.returned, .system("x"), .underReview),
        (.resubmitted, .officer("s-1"), .returned), (.paid, .officer("s-1"), .approved),
        (.paid, .applicant(PersonID("p-1")), .approved), (.refunded, .officer("s-1"), .withdrawn),
        (.dispatched, .applicant(PersonID("p-1")), .inProduction), (.delivered, .payments, .outForDelivery),
        (.collected, .courier, .readyForCollection), (.inProduction, .applicant(PersonID("p-1")), .paid),
    ])
    func actorsMayOnlyRecordTheirOwnEvents(
        kind: ApplicationEventKind, actor: ApplicationActor, status: ApplicationStatus
    ) throws {
        let history = try Lifecycle.history(in: status)
        var event = Lifecycle.event(kind, hours: 50, handover: history.handover)
        event.actor = actor
        #expect(throws: ApplicationTransitionError.actorNotAllowed(kind, actor)) { try history.appending(event) }
    }

    @Test func eventsCannotGoBackInTime() throws {
        let history = try Lifecycle.history(in: .approved)  // approved at hour 1
        #expect(throws: ApplicationTransitionError.earlierThanPreviousEvent(.paid)) {
            try history.appending(Lifecycle.event(.paid, hours: 0.5))
        }
        #expect(try history.appending(Lifecycle.event(.paid, hours: 1)).status == .paid)
    }

    @Test func returnsNeedSomethingToFixAndRejectionsAReason() throws {
        let history = try Lifecycle.history(in: .underReview)
        let at = Lifecycle.at(hours: 1)
        #expect(throws: ApplicationTransitionError.correctionsMissing) {
            try history.appending(ApplicationEvent(.returned(corrections: []), by: Lifecycle.officer, at: at))
        }
        #expect(throws: ApplicationTransitionError.correctionsMissing) {
            try history.appending(
                ApplicationEvent(
                    .returned(corrections: [CorrectionRequest(item: .other, note: "  ")]), by: Lifecycle.officer, at: at
                ))
        }
        #expect(throws: ApplicationTransitionError.reasonMissing) {
            try history.appending(ApplicationEvent(.rejected(reason: " "), by: Lifecycle.officer, at: at))
        }
        let returned = try history.appending(
            ApplicationEvent(
                .returned(corrections: [CorrectionRequest(item: .other, note: "Sign with a black pen")]),
                by: Lifecycle.officer, at: at))
        #expect(returned.status == .returned)
        #expect(throws: ApplicationTransitionError.amountNotPositive) {
            let approved = try history.appending(Lifecycle.event(.approved, hours: 1))
            _ = try approved.appending(ApplicationEvent(.paid(amount: .zero), by: .payments, at: at))
        }
    }

    @Test func aCollectionApplicationIsNotMailed() throws {
        let history = try Lifecycle.history(in: .readyForCollection)
        #expect(history.handover == .collection)
        #expect(throws: ApplicationTransitionError.notAllowed(.dispatched, .readyForCollection)) {
            try history.appending(Lifecycle.event(.dispatched, hours: 9))
        }
        let producing = try Lifecycle.history(in: .inProduction)
        #expect(throws: ApplicationTransitionError.wrongHandover(.readyForCollection, .courier)) {
            try producing.appending(Lifecycle.event(.readyForCollection, hours: 9))
        }
    }

    @Test func actorsRoundTripThroughText() throws {
        let actors: [ApplicationActor] = [
            .applicant(PersonID("p-1")), .helper(PersonID("h-2")), .officer("s-3"), .payments, .courier,
            .system("auto-withdrawal"),
        ]
        for actor in actors {
            #expect(ApplicationActor(actor.description) == actor)
            let data = try JSONEncoder().encode(actor)
            #expect(try JSONDecoder().decode(ApplicationActor.self, from: data) == actor)
        }
        #expect(ApplicationActor.payments.description == "system:payments")
        #expect(ApplicationActor("nobody") == nil)
        #expect(ApplicationActor("robot:x") == nil)
        #expect(ApplicationActor("officer:") == nil)
    }

    @Test func eventsRoundTripThroughJSON() throws {
        let kinds = ApplicationEventKind.allCases
        let events = kinds.map { Lifecycle.event($0, hours: 1) }
        let data = try JSONEncoder().encode(events)
        #expect(try JSONDecoder().decode([ApplicationEvent].self, from: data) == events)
        #expect(Set(kinds.map(\.rawValue)).count == kinds.count)
    }
}

struct AutomaticWithdrawalTests {
    let week: TimeInterval = 7 * 86_400

    @Test func aReturnedApplicationIsWithdrawnSevenDaysLaterIfNotCorrected() throws {
        let history = try Lifecycle.history(in: .returned)  // returned at hour 1
        let returnedAt = Lifecycle.at(hours: 1)
        #expect(history.waitingSince == returnedAt)
        #expect(history.automaticWithdrawalDeadline == returnedAt.addingTimeInterval(week))
        #expect(history.automaticWithdrawal(at: returnedAt.addingTimeInterval(week - 1)) == nil)
        let event = try #require(history.automaticWithdrawal(at: returnedAt.addingTimeInterval(week)))
        #expect(event.type == .withdrawn(.correctionNotMade))
        #expect(event.actor == .system("auto-withdrawal"))
        #expect(try history.appending(event).status == .withdrawn)
    }

    @Test func anApprovedApplicationIsWithdrawnSevenDaysLaterIfNotPaid() throws {
        let history = try Lifecycle.history(in: .approved)
        let approvedAt = Lifecycle.at(hours: 1)
        let event = try #require(history.automaticWithdrawal(at: approvedAt.addingTimeInterval(week + 60)))
        #expect(event.type == .withdrawn(.notPaid))
        #expect(try history.appending(event).status == .withdrawn)
    }

    @Test func anEarlyAutomaticWithdrawalIsRefused() throws {
        let history = try Lifecycle.history(in: .approved)
        let early = ApplicationEvent(.withdrawn(.notPaid), by: .system("auto-withdrawal"), at: Lifecycle.at(hours: 30))
        #expect(throws: ApplicationTransitionError.waitingPeriodNotOver(until: Lifecycle.at(hours: 1 + 7 * 24))) {
            try history.appending(early)
        }
    }

    @Test func theCauseMustMatchTheWait() throws {
        let approved = try Lifecycle.history(in: .approved)
        let late = Lifecycle.at(hours: 1000)
        let wrongCause = ApplicationEvent(.withdrawn(.correctionNotMade), by: .system("auto-withdrawal"), at: late)
        #expect(throws: ApplicationTransitionError.notAllowed(.withdrawn, .approved)) {
            try approved.appending(wrongCause)
        }
        let underReview = try Lifecycle.history(in: .underReview)
        #expect(underReview.automaticWithdrawal(at: late) == nil)
        #expect(throws: ApplicationTransitionError.notAllowed(.withdrawn, .underReview)) {
            try underReview.appending(ApplicationEvent(.withdrawn(.notPaid), by: .system("auto-withdrawal"), at: late))
        }
        // Only the system withdraws automatically, and only the applicant side withdraws on request.
        let byApplicant = ApplicationEvent(.withdrawn(.notPaid), by: Lifecycle.applicant, at: late)
        #expect(throws: ApplicationTransitionError.actorNotAllowed(.withdrawn, Lifecycle.applicant)) {
            try approved.appending(byApplicant)
        }
        let bySystem = ApplicationEvent(.withdrawn(.byApplicant), by: .system("auto-withdrawal"), at: late)
        #expect(throws: ApplicationTransitionError.self) { try approved.appending(bySystem) }
    }

    @Test func resubmittingStopsTheWait() throws {
        var history = try Lifecycle.history(in: .returned)
        try history.append(Lifecycle.event(.resubmitted, hours: 5))
        #expect(history.waitingSince == nil)
        #expect(history.automaticWithdrawalDeadline == nil)
        #expect(history.automaticWithdrawal(at: Lifecycle.at(hours: 10_000)) == nil)
    }

    @Test func thePolicyIsConfigurable() throws {
        let policy = WithdrawalPolicy(waitingPeriod: 3600)
        let events = [Lifecycle.event(.submitted, hours: 0), Lifecycle.event(.approved, hours: 1)]
        let history = try ApplicationHistory(events: events, policy: policy)
        #expect(history.automaticWithdrawalDeadline == Lifecycle.at(hours: 2))
    }
}
