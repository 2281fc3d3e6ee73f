import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Timelines: events in order, for the person concerned only, followed live")
struct TimelineTests {
    static func bearer(_ app: Application, _ applicant: Applicant) async throws -> HTTPHeaders {
        try await AccountTesting.registerVerified(app, applicant)
        let tokens = try await AccountTesting.token(app, identifier: applicant.mobile, password: applicant.password)
            .json(Tokens.self)
        return ["Authorization": "Bearer \(tokens.accessToken)"]
    }

    static func decode(_ text: String) throws -> [TimelineEvent] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(TimelineController.EventList.self, from: Data(text.utf8)).items
    }

    static func append(
        _ app: Application, _ applicant: Applicant, _ kinds: [String], subject: String = "p-1"
    )
        async throws
    {
        for kind in kinds {
            try await Timeline.append(
                TimelineEventDraft(
                    subjectType: "payment", subjectID: subject, ownerPersonKey: applicant.person.id.rawValue,
                    kind: kind, actor: "system:test", details: ["step": kind]),
                on: app.db, now: app.services.now())
        }
    }

    @Test("the owner reads the events in order, after a position; others get 404, nobody 401")
    func json() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let owner = try await Self.bearer(app, applicant)
            try await Self.append(app, applicant, ["created", "paid", "refunded"])
            let all = try await app.get("/api/v1/timelines/payment/p-1/events", headers: owner)
            #expect(all.status == .ok, "\(all.text)")
            let items = try Self.decode(all.text)
            #expect(items.map(\.kind) == ["created", "paid", "refunded"])
            #expect(items.map(\.position) == [1, 2, 3])
            #expect(items[1].details == ["step": "paid"])
            let later = try await app.get("/api/v1/timelines/payment/p-1/events?after=2", headers: owner)
            #expect(try Self.decode(later.text).map(\.kind) == ["refunded"])

            let officer = try await StaffTesting.bearer(app, role: .officer, username: "officer.li")
            #expect(try await app.get("/api/v1/timelines/payment/p-1/events", headers: officer).status == .notFound)
            #expect(try await app.get("/api/v1/timelines/payment/p-2/events", headers: owner).status == .notFound)
            #expect(try await app.get("/api/v1/timelines/spaceship/p-1/events", headers: owner).status == .notFound)
            #expect(try await app.get("/api/v1/timelines/payment/p-1/events").status == .unauthorized)
        }
    }

    @Test("positions count per subject and two appends never share one")
    func positions() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            try await Self.append(app, applicant, ["a", "b"], subject: "one")
            try await Self.append(app, applicant, ["c"], subject: "two")
            let one = try await Timeline.events(subjectType: "payment", subjectID: "one", on: app.db)
            let two = try await Timeline.events(subjectType: "payment", subjectID: "two", on: app.db)
            #expect(one.map(\.position) == [1, 2])
            #expect(two.map(\.position) == [1])
            let duplicate = TimelineEventRecord()
            duplicate.subjectType = "payment"
            duplicate.subjectID = "one"
            duplicate.ownerPersonKey = applicant.person.id.rawValue
            duplicate.position = 2
            duplicate.kind = "forged"
            duplicate.actor = "system:test"
            duplicate.details = "{}"
            duplicate.occurredAt = app.services.now()
            await #expect(throws: (any Error).self) { try await duplicate.create(on: app.db) }
        }
    }

    @Test("as server-sent events: every event with its id, resuming after Last-Event-ID, then the stream ends")
    func serverSentEvents() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            app.services.config.timeline.streamSeconds = 0.3
            app.services.config.timeline.pollInterval = 0.05
            var headers = try await Self.bearer(app, applicant)
            try await Self.append(app, applicant, ["created", "paid"])
            headers.replaceOrAdd(name: .accept, value: "text/event-stream")
            let stream = try await app.get("/api/v1/timelines/payment/p-1/events", headers: headers)
            #expect(stream.status == .ok)
            #expect(stream.headers.contentType?.description.hasPrefix("text/event-stream") == true)
            #expect(stream.text.contains("id: 1\ndata: {"))
            #expect(stream.text.contains(#""kind":"created""#))
            #expect(stream.text.contains("id: 2\ndata: {"))
            headers.replaceOrAdd(name: "Last-Event-ID", value: "1")
            let resumed = try await app.get("/api/v1/timelines/payment/p-1/events", headers: headers)
            #expect(!resumed.text.contains(#""kind":"created""#))
            #expect(resumed.text.contains(#""kind":"paid""#))
            #expect(!resumed.text.contains("id: 1\n"))
        }
    }
}
