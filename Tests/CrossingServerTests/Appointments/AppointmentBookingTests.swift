import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

struct AppointmentBookingTests {
    @Test func aHoldIsConfirmedWithACodeCalendarFileQRAndAReminderTheDayBefore() async throws {
        try await withApp { app in
            let person = try await AppointmentTesting.person(app, "citizen-1")
            let held = try await AppointmentTesting.hold(app, person)
            #expect(held.status == .created, "\(held.text)")
            let hold = try held.json(AppointmentDoc.self)
            #expect(hold.status == "held" && hold.code == nil && hold.holdExpiresAt != nil)
            #expect(held.header("Location") == "/api/v1/appointments/\(hold.id)")

            let confirmed = try await app.send(
                .POST, "/api/v1/appointments/\(hold.id)/confirm", headers: person.headers)
            #expect(confirmed.status == .ok, "\(confirmed.text)")
            let booking = try confirmed.json(AppointmentDoc.self)
            let code = try #require(booking.code)
            #expect(try ConfirmationCode.parse(code).display == code)
            #expect(booking.status == "confirmed" && booking.time == "09:00" && booking.reschedulesLeft == 2)
            #expect(booking.startsAt == "2026-11-23T01:00:00Z")

            let ics = try await app.get("/api/v1/appointments/\(booking.id)/calendar.ics", headers: person.headers)
            #expect(ics.status == .ok && ics.mediaType == "text/calendar")
            #expect(ics.text.contains("DTSTART:20261123T010000Z") && ics.text.contains(code))
            let qr = try await app.get("/api/v1/appointments/\(booking.id)/qr.svg", headers: person.headers)
            #expect(qr.status == .ok && qr.mediaType == "image/svg+xml" && qr.text.hasPrefix("<svg"))

            // The reminder: 18:00 in Beijing the day before (10:00 UTC), once per slot.
            let reminders = try await AppointmentTesting.jobs(app, kind: AppointmentJobs.remind)
            #expect(reminders.count == 1)
            #expect(reminders.first?.availableAt == Date(timeIntervalSince1970: 1_795_341_600))
            let booked = try await AppointmentTesting.jobs(app, kind: Notifications.jobKind)
            #expect(booked.count == 1 && booked.first?.payload.contains("appointment-booked") == true)
            _ = try await OutboxWorker(application: app).drain(now: Date(timeIntervalSince1970: 1_795_341_601))
            let notifications = try await AppointmentTesting.jobs(app, kind: Notifications.jobKind)
            #expect(notifications.contains { $0.payload.contains("appointment-reminder") })

            let audit = try await AppointmentTesting.audit(app, subject: booking.id)
            #expect(audit.map(\.action) == ["appointment.hold", "appointment.confirm"])
            #expect(audit.allSatisfy { $0.actor == person.accountID.uuidString && $0.details["client"] != nil })

            let list = try await app.get("/api/v1/appointments", headers: person.headers)
            #expect(list.status == .ok && list.text.contains(booking.id))
        }
    }

    @Test func aBookingMadeAfterTheReminderTimeGetsNoSeparateReminder() async throws {
        try await withApp { app in
            let clock = TestClock()
            app.services.now = { clock.now }
            // Sunday 19:00 in Beijing, booking Monday morning: past Sunday's 18:00 reminder time.
            clock.advance(7 * 3600)
            let person = try await AppointmentTesting.person(app, "late-booker")
            _ = try await AppointmentTesting.book(app, person)
            #expect(try await AppointmentTesting.jobs(app, kind: AppointmentJobs.remind).isEmpty)
            let booked = try await AppointmentTesting.jobs(app, kind: Notifications.jobKind)
            #expect(booked.count == 1 && booked.first?.payload.contains("appointment-booked") == true)
        }
    }

    @Test func theSameIdempotencyKeyReturnsTheSameHold() async throws {
        try await withApp { app in
            let person = try await AppointmentTesting.person(app, "citizen-2")
            let first = try await AppointmentTesting.hold(app, person, key: "retry-1")
            let second = try await AppointmentTesting.hold(app, person, key: "retry-1")
            #expect(first.status == .created && second.status == .ok)
            #expect(try first.json(AppointmentDoc.self).id == second.json(AppointmentDoc.self).id)
            #expect(try await AppointmentRecord.query(on: app.db).count() == 1)
            #expect(try await AppointmentTesting.slot(app)?.booked == 1)
        }
    }

    @Test func aCancelledPlaceReturnsToThePoolOnlyAfterTheDelay() async throws {
        try await withApp { app in
            let person = try await AppointmentTesting.person(app, "citizen-3")
            let booking = try await AppointmentTesting.book(app, person)
            let cancelled = try await app.send(
                .POST, "/api/v1/appointments/\(booking.id)/cancel", headers: person.headers)
            try #expect(cancelled.status == .ok && (try cancelled.json(AppointmentDoc.self).status) == "cancelled")
            #expect(try await AppointmentTesting.slot(app)?.booked == 1, "still taken right after the cancellation")
            _ = try await OutboxWorker(application: app).drain(now: TestDefaults.now.addingTimeInterval(1799))
            #expect(try await AppointmentTesting.slot(app)?.booked == 1)
            _ = try await OutboxWorker(application: app).drain(now: TestDefaults.now.addingTimeInterval(1801))
            #expect(try await AppointmentTesting.slot(app)?.booked == 0)
            // Running the job again (at-least-once delivery) does not give the place back twice.
            let store = AppointmentStore(
                database: app.db, policy: .standard, timeZone: app.services.config.serviceTimeZone)
            let slot = try #require(try await AppointmentTesting.slot(app))
            #expect(
                try await store.returnPlace(
                    appointmentID: #require(UUID(uuidString: booking.id)), slotID: slot.requireID(),
                    now: TestDefaults.now)
                    == false)
            // Cancelled: the person may book again, and a second cancellation is refused.
            let again = try await app.send(.POST, "/api/v1/appointments/\(booking.id)/cancel", headers: person.headers)
            try #expect(
                again.status == .conflict && (try again.json(ProblemDoc.self)).kind == "appointment-not-changeable")
            #expect(try await AppointmentTesting.hold(app, person).status == .created)
            let audit = try await AppointmentTesting.audit(app, subject: booking.id)
            #expect(audit.map(\.action).contains("appointment.cancel"))
        }
    }

    @Test func anUnconfirmedHoldExpiresAndGivesItsPlaceBackAtOnce() async throws {
        try await withApp { app in
            let clock = TestClock()
            app.services.now = { clock.now }
            let person = try await AppointmentTesting.person(app, "citizen-4")
            let hold = try await AppointmentTesting.hold(app, person).json(AppointmentDoc.self)
            clock.advance(301)
            _ = try await OutboxWorker(application: app).drain(now: clock.now)
            #expect(try await AppointmentTesting.slot(app)?.booked == 0)
            let confirm = try await app.send(.POST, "/api/v1/appointments/\(hold.id)/confirm", headers: person.headers)
            #expect(confirm.status == .conflict)
            #expect(try confirm.json(ProblemDoc.self).kind == "appointment-hold-expired")
        }
    }

    @Test func confirmingAfterTheHoldRanOutIsRefusedEvenBeforeTheJobRuns() async throws {
        try await withApp { app in
            let clock = TestClock()
            app.services.now = { clock.now }
            let person = try await AppointmentTesting.person(app, "citizen-5")
            let hold = try await AppointmentTesting.hold(app, person).json(AppointmentDoc.self)
            clock.advance(400)
            let confirm = try await app.send(.POST, "/api/v1/appointments/\(hold.id)/confirm", headers: person.headers)
            try #expect(
                confirm.status == .conflict && (try confirm.json(ProblemDoc.self)).kind == "appointment-hold-expired")
            #expect(try await AppointmentTesting.slot(app)?.booked == 0)
        }
    }

    @Test func reschedulingMovesThePlaceAndIsLimited() async throws {
        try await withApp { app in
            let person = try await AppointmentTesting.person(app, "citizen-6")
            let booking = try await AppointmentTesting.book(app, person)
            let path = "/api/v1/appointments/\(booking.id)/reschedule"
            let first = try await app.send(
                .POST, path, headers: person.headers, body: #"{"date":"2026-11-24","time":"10:00"}"#)
            #expect(first.status == .ok, "\(first.text)")
            let moved = try first.json(AppointmentDoc.self)
            #expect(moved.date == "2026-11-24" && moved.time == "10:00" && moved.reschedulesLeft == 1)
            #expect(moved.code == booking.code, "the code stays with the person's booking")
            #expect(try await AppointmentTesting.slot(app, date: "2026-11-24", time: 600)?.booked == 1)
            let second = try await app.send(
                .POST, path, headers: person.headers, body: #"{"date":"2026-11-25","time":"10:00"}"#)
            #expect(second.status == .ok)
            let third = try await app.send(
                .POST, path, headers: person.headers, body: #"{"date":"2026-11-26","time":"10:00"}"#)
            try #expect(
                third.status == .conflict && (try third.json(ProblemDoc.self)).kind == "appointment-too-many-changes")
            // The places left behind come back after the delay, not at once.
            #expect(try await AppointmentTesting.slot(app, date: "2026-11-24", time: 600)?.booked == 1)
            _ = try await OutboxWorker(application: app).drain(now: TestDefaults.now.addingTimeInterval(3600))
            #expect(try await AppointmentTesting.slot(app)?.booked == 0)
            #expect(try await AppointmentTesting.slot(app, date: "2026-11-24", time: 600)?.booked == 0)
            #expect(try await AppointmentTesting.slot(app, date: "2026-11-25", time: 600)?.booked == 1)
            // One reminder per slot the booking has had; only the current one will send.
            #expect(try await AppointmentTesting.jobs(app, kind: AppointmentJobs.remind).count == 3)
        }
    }

    @Test func aHelperBooksForADependentOnlyUnderAnActiveDelegation() async throws {
        try await withApp { app in
            let parent = try await AppointmentTesting.person(app, "parent-1")
            let stranger = try await AppointmentTesting.person(app, "stranger-1")
            let delegation = try await AppointmentTesting.delegate(app, helper: "parent-1", dependent: "child-1")
            // The helper's token was issued before the delegation; the principal is loaded per request.
            let booked = try await AppointmentTesting.hold(
                app, parent, AppointmentTesting.bookingJSON(dependent: delegation))
            #expect(booked.status == .created, "\(booked.text)")
            let record = try #require(try await AppointmentRecord.query(on: app.db).first())
            #expect(record.personKey == "child-1" && record.bookedByPersonKey == "parent-1")
            let audit = try await AppointmentTesting.audit(app, subject: record.requireID().uuidString)
            #expect(audit.first?.onBehalfOf == "child-1")
            // The helper's own booking for the same service is separate from the child's.
            #expect(try await AppointmentTesting.hold(app, parent).status == .created)

            // Someone without a delegation cannot book for the child, nor see the child's booking.
            let refused = try await AppointmentTesting.hold(
                app, stranger, AppointmentTesting.bookingJSON(time: "10:00", dependent: delegation))
            try #expect(
                refused.status == .forbidden && (try refused.json(ProblemDoc.self)).kind == "appointment-no-delegation")
            let peek = try await app.get("/api/v1/appointments/\(try record.requireID())", headers: stranger.headers)
            #expect(peek.status == .notFound)
            let cancel = try await app.send(
                .POST, "/api/v1/appointments/\(try record.requireID())/cancel", headers: stranger.headers)
            #expect(cancel.status == .notFound)
            #expect(try await app.get("/api/v1/appointments/not-a-uuid", headers: stranger.headers).status == .notFound)

            // Once the delegation is revoked the helper loses access too.
            try await DelegationRecord.query(on: app.db).set(\.$revokedAt, to: TestDefaults.now).update()
            let after = try await app.get("/api/v1/appointments/\(try record.requireID())", headers: parent.headers)
            #expect(after.status == .notFound)
        }
    }

    @Test func aForeignNationalBooksAVisaExtensionInEnglish() async throws {
        try await withApp { app in
            let foreigner = try RegistryTesting.demo(DemoRegistry.Key.foreignerWithVisa)
            try await RegistryTesting.store(app).save(foreigner)
            let person = try await AppointmentTesting.person(app, foreigner.id.rawValue)
            let booking = try await AppointmentTesting.book(
                app, person, AppointmentTesting.bookingJSON(service: "foreigner.visa", time: "14:00"))
            #expect(booking.status == "confirmed" && booking.serviceCode == "foreigner.visa")
            let shown = try await app.get("/api/v1/appointments/\(booking.id)", headers: person.headers)
            #expect(shown.text.contains("Visa extension, renewal and reissue"))
            let slot = try #require(try await AppointmentTesting.slot(app, time: 840, group: "foreigner-services"))
            #expect(slot.booked == 1 && slot.capacity == 3)
            let browser = try await AppointmentTesting.browser(app, accountID: person.accountID, language: "en")
            let page = try await browser.get("/appointments/\(booking.id)")
            #expect(
                page.status == .ok && page.text.contains("Confirmation code") && page.text.contains(booking.code ?? "?")
            )
        }
    }
}
