import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// The portal flow without JavaScript: find an office by city, pick a day and a time, hold, confirm,
/// see the code with its QR image and calendar file, move it, cancel it; in English and Chinese.
struct AppointmentPortalTests {
    @Test(arguments: ["en", "zh"])
    func aPersonBooksConfirmsReschedulesAndCancelsOnThePortal(language: String) async throws {
        try await withApp { app in
            let person = try await AppointmentTesting.person(app, "portal-\(language)")
            let browser = try await AppointmentTesting.browser(app, accountID: person.accountID, language: language)
            let t = app.appointmentStrings[Language(rawValue: language) ?? .en]

            let list = try await browser.get("/appointments")
            #expect(
                list.status == .ok && list.text.contains(html(t.myHeading))
                    && list.text.contains(html(t.noAppointments)))

            let search = try await browser.get("/appointments/new?service=passport.first&city=Beijing")
            #expect(search.status == .ok)
            #expect(search.text.contains("office=bj-dongcheng"))
            let days = try await browser.get(
                "/appointments/new?service=passport.first&office=bj-dongcheng&city=Beijing")
            #expect(days.text.contains("date=2026-11-23"), "Monday is offered")
            let slots = try await browser.get(
                "/appointments/new?service=passport.first&office=bj-dongcheng&date=2026-11-23")
            #expect(slots.status == .ok && slots.text.contains(#"name="time" value="09:00""#))

            let held = try await browser.post(
                "/appointments",
                form: [
                    "csrfToken": try Browser.csrfToken(in: slots.text), "serviceCode": "passport.first",
                    "officeCode": "bj-dongcheng", "date": "2026-11-23", "time": "09:00", "forPerson": "",
                ])
            #expect(held.status == .seeOther, "\(held.text)")
            let detailPath = try #require(held.header("Location"))
            let heldPage = try await browser.get(detailPath)
            #expect(heldPage.text.contains(html(t.confirmButton)))

            let confirmed = try await browser.post(
                detailPath + "/confirm", form: ["csrfToken": try Browser.csrfToken(in: heldPage.text)])
            #expect(confirmed.status == .seeOther)
            let page = try await browser.get(try #require(confirmed.header("Location")))
            let record = try #require(try await AppointmentRecord.query(on: app.db).first())
            let code = try #require(record.confirmationCode?.display)
            #expect(page.text.contains(code) && page.text.contains(detailPath + "/qr.svg"))
            #expect(!page.text.contains("<script") && !page.text.contains("style=\""))
            let qr = try await browser.get(detailPath + "/qr.svg")
            #expect(qr.status == .ok && qr.mediaType == "image/svg+xml")
            let ics = try await browser.get(detailPath + "/calendar.ics")
            #expect(ics.status == .ok && ics.text.contains(code))

            let movePage = try await browser.get(detailPath + "/reschedule?date=2026-11-24")
            #expect(movePage.status == .ok && movePage.text.contains(#"value="10:00""#))
            let moved = try await browser.post(
                detailPath + "/reschedule",
                form: ["csrfToken": try Browser.csrfToken(in: movePage.text), "date": "2026-11-24", "time": "10:00"])
            #expect(moved.status == .seeOther, "\(moved.text)")
            #expect(try await AppointmentRecord.query(on: app.db).first()?.date == "2026-11-24")

            let final = try await browser.get(detailPath)
            let cancelled = try await browser.post(
                detailPath + "/cancel", form: ["csrfToken": try Browser.csrfToken(in: final.text)])
            #expect(cancelled.status == .seeOther)
            #expect(try await AppointmentRecord.query(on: app.db).first()?.status == "cancelled")
            let after = try await browser.get("/appointments?done=cancelled")
            #expect(after.text.contains(html(t.cancelledNotice)))
        }
    }

    @Test func aFullSlotOrAFormWithoutItsTokenIsAnsweredOnThePage() async throws {
        try await withApp { app in
            try await AppointmentTesting.setCapacity(app, 0)
            let person = try await AppointmentTesting.person(app, "portal-full")
            let browser = try await AppointmentTesting.browser(app, accountID: person.accountID)
            let slots = try await browser.get(
                "/appointments/new?service=passport.first&office=bj-dongcheng&date=2026-11-23")
            #expect(!slots.text.contains(#"name="time" value="09:00""#), "a full time is not offered")
            let form = [
                "serviceCode": "passport.first", "officeCode": "bj-dongcheng", "date": "2026-11-23", "time": "09:00",
            ]
            let refused = try await browser.post(
                "/appointments", form: form.merging(["csrfToken": try Browser.csrfToken(in: slots.text)]) { $1 })
            #expect(refused.status == .conflict)
            #expect(refused.text.contains(html(BookingError.full.message.en)))
            let forged = try await browser.post("/appointments", form: form.merging(["csrfToken": "forged"]) { $1 })
            #expect(forged.status == .forbidden)
            #expect(try await AppointmentRecord.query(on: app.db).count() == 0)
            let stranger = try await browser.get("/appointments/\(UUID().uuidString)")
            #expect(stranger.status == .notFound)
        }
    }
}
