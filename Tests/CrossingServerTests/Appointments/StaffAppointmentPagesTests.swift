import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// The back office: officers check people in at the counter, supervisors edit capacity and close
/// the office, administrators find and cancel scripted bookings; each only within their remit.
struct StaffAppointmentPagesTests {
    /// A staff browser (portal session) for a new staff account.
    func staff(
        _ app: Application, _ role: Role, _ username: String, office: String? = AppointmentTesting.office
    )
        async throws -> Browser
    {
        let created = try await StaffTesting.create(app, username: username, role: role, office: office)
        return try await AppointmentTesting.browser(app, accountID: try created.account.requireID())
    }

    @Test func anOfficerChecksInByCodeOrQRAndMarksNoShows() async throws {
        try await withApp { app in
            let clock = TestClock()
            app.services.now = { clock.now }
            let citizen = try RegistryTesting.demo(DemoRegistry.Key.beijingCitizen)
            try await RegistryTesting.store(app).save(citizen)
            let person = try await AppointmentTesting.person(app, citizen.id.rawValue)
            let other = try await AppointmentTesting.person(app, "absent-person")
            let booking = try await AppointmentTesting.book(app, person)
            let missed = try await AppointmentTesting.book(app, other)
            let code = try #require(booking.code)
            // Monday 09:40 in Beijing.
            clock.advance(21 * 3600 + 40 * 60)
            let officer = try await staff(app, .officer, "officer.counter")

            let list = try await officer.get("/staff/appointments")
            #expect(list.status == .ok, "\(list.text)")
            #expect(list.text.contains(html(citizen.name)) && list.text.contains(code))

            // Typos in the code are caught by the check character; unknown codes are not found.
            var forged = Array(code.replacingOccurrences(of: "-", with: ""))
            forged[11] = forged[11] == "0" ? "1" : "0"
            let typo = try await officer.post(
                "/staff/appointments/check-in",
                form: ["csrfToken": try Browser.csrfToken(in: list.text), "code": String(forged)])
            #expect(typo.status == .unprocessableEntity)
            #expect(typo.text.contains(html(ConfirmationCodeError.checkFailed.message.en)))
            var generator = SystemRandomNumberGenerator()
            let unknown = try await officer.post(
                "/staff/appointments/check-in",
                form: [
                    "csrfToken": try Browser.csrfToken(in: list.text),
                    "code": ConfirmationCode.generate(using: &generator).display,
                ])
            #expect(unknown.status == .notFound)

            // The QR code's content, as a scanner types it.
            let scanned = try await officer.post(
                "/staff/appointments/check-in",
                form: ["csrfToken": try Browser.csrfToken(in: list.text), "code": "crossing-appt:" + code.lowercased()])
            #expect(scanned.status == .ok, "\(scanned.text)")
            #expect(
                scanned.text.contains(html(citizen.name))
                    && scanned.text.contains(String(citizen.identity.number.suffix(4))))
            #expect(!scanned.text.contains(citizen.identity.number), "the full number is not shown")
            let again = try await officer.post(
                "/staff/appointments/check-in", form: ["csrfToken": try Browser.csrfToken(in: list.text), "code": code])
            #expect(again.status == .conflict)

            let noShow = try await officer.post(
                "/staff/appointments/\(missed.id)/no-show", form: ["csrfToken": try Browser.csrfToken(in: list.text)])
            #expect(noShow.status == .seeOther)
            let records = try await AppointmentRecord.query(on: app.db).all()
            #expect(records.first { $0.id?.uuidString == booking.id }?.status == "checked-in")
            #expect(records.first { $0.id?.uuidString == missed.id }?.status == "no-show")
            let actions = try await AppointmentTesting.audit(app, subject: booking.id).map(\.action)
            #expect(actions.contains("appointment.check-in"))
            let reads = try await AuditLogRecord.query(on: app.db).filter(\.$action == "appointment.day-list").count()
            #expect(reads >= 1)
        }
    }

    @Test func staffSeeOnlyTheirOwnOfficeAndApplicantsSeeNothing() async throws {
        try await withApp { app in
            let officer = try await staff(app, .officer, "officer.scope")
            #expect(try await officer.get("/staff/appointments?office=sh-pudong").status == .forbidden)
            #expect(try await officer.get("/staff/appointments/capacity").status == .forbidden)
            #expect(try await officer.get("/staff/appointments/investigate").status == .forbidden)
            let person = try await AppointmentTesting.person(app, "nosy")
            let applicant = try await AppointmentTesting.browser(app, accountID: person.accountID)
            #expect(try await applicant.get("/staff/appointments").status == .notFound)
            let supervisor = try await staff(app, .supervisor, "supervisor.scope")
            #expect(try await supervisor.get("/staff/appointments/investigate").status == .forbidden)
        }
    }

    @Test func aSupervisorChangesCapacityAndClosesPartOfADay() async throws {
        try await withApp { app in
            let person = try await AppointmentTesting.person(app, "closed-out")
            let booking = try await AppointmentTesting.book(app, person)
            let supervisor = try await staff(app, .supervisor, "supervisor.capacity")
            let page = try await supervisor.get("/staff/appointments/capacity?date=\(AppointmentTesting.monday)")
            #expect(page.status == .ok, "\(page.text)")
            let token = try Browser.csrfToken(in: page.text)

            let bad = try await supervisor.post(
                "/staff/appointments/capacity",
                form: ["csrfToken": token, "date": AppointmentTesting.monday, "group": "collection", "capacity": "-3"])
            #expect(bad.status == .unprocessableEntity)
            let set = try await supervisor.post(
                "/staff/appointments/capacity",
                form: [
                    "csrfToken": token, "date": AppointmentTesting.monday, "group": "citizen-documents",
                    "capacity": "0",
                ])
            #expect(set.status == .seeOther)
            let slots = try await AppointmentSlotRecord.query(on: app.db).filter(\.$date == AppointmentTesting.monday)
                .filter(\.$serviceGroup == "citizen-documents").all()
            #expect(slots.allSatisfy { $0.capacity == ($0.booked > 0 ? $0.booked : 0) }, "never below the places taken")
            #expect(try await AppointmentTesting.slot(app)?.capacity == 1)

            let closed = try await supervisor.post(
                "/staff/appointments/closures",
                form: [
                    "csrfToken": token, "date": AppointmentTesting.monday, "from": "09:00", "to": "10:00",
                    "reason": "Fire drill",
                ])
            #expect(closed.status == .ok && closed.text.contains("1"))
            let record = try #require(try await AppointmentRecord.find(UUID(uuidString: booking.id), on: app.db))
            #expect(record.status == "cancelled" && record.endedBy != nil)
            let notices = try await AppointmentTesting.jobs(app, kind: Notifications.jobKind)
            #expect(notices.contains { $0.payload.contains("appointment-cancelled") })
            let refused = try await AppointmentTesting.hold(
                app, try await AppointmentTesting.person(app, "late"),
                AppointmentTesting.bookingJSON(service: "collection", time: "09:30"))
            #expect(refused.status == .unprocessableEntity, "the closed time cannot be booked")
            #expect(try refused.json(ProblemDoc.self).codes == ["appointment-office-closed"])
            let badTimes = try await supervisor.post(
                "/staff/appointments/closures",
                form: [
                    "csrfToken": token, "date": AppointmentTesting.monday, "from": "11:00", "to": "10:00",
                    "reason": "x",
                ])
            #expect(badTimes.status == .unprocessableEntity)
        }
    }

    @Test func anAdministratorFindsAndCancelsBookingsFromOneScript() async throws {
        try await withApp { app in
            var ids: [String] = []
            for index in 0..<6 {
                let person = try await AppointmentTesting.person(app, "scalped-\(index)", address: "192.0.2.66")
                ids.append(
                    try await AppointmentTesting.book(app, person, AppointmentTesting.bookingJSON(time: "10:00")).id)
            }
            let honest = try await AppointmentTesting.person(app, "honest", address: "192.0.2.7")
            let kept = try await AppointmentTesting.book(app, honest)
            let admin = try await staff(app, .administrator, "admin.investigate", office: nil)
            let overview = try await admin.get("/staff/appointments/investigate")
            #expect(overview.status == .ok, "\(overview.text)")
            let digest = try #require(
                try await AppointmentRecord.query(on: app.db).filter(\.$personKey == "scalped-0").first()
            )
            .clientDigest
            #expect(overview.text.contains(digest))
            let filtered = try await admin.get("/staff/appointments/investigate?client=\(digest)")
            #expect(ids.allSatisfy { filtered.text.contains($0) } && !filtered.text.contains(kept.id))
            let noReason = try await admin.post(
                "/staff/appointments/investigate/cancel",
                form: ["csrfToken": try Browser.csrfToken(in: filtered.text), "client": digest, "reason": ""])
            #expect(noReason.status == .unprocessableEntity)
            let cancelled = try await admin.post(
                "/staff/appointments/investigate/cancel",
                form: ["csrfToken": try Browser.csrfToken(in: filtered.text), "client": digest, "reason": "one script"])
            #expect(cancelled.status == .seeOther && cancelled.header("Location")?.hasSuffix("cancelled=6") == true)
            let statuses = try await AppointmentRecord.query(on: app.db).all()
            #expect(statuses.filter { $0.status == "cancelled" }.count == 6)
            #expect(statuses.first { $0.id?.uuidString == kept.id }?.status == "confirmed")
            let audit = try await AppointmentTesting.audit(app, subject: ids[0])
            #expect(
                audit.last?.action == "appointment.cancel"
                    && audit.last?.details["reason"] == "investigation: one script")
        }
    }
}
