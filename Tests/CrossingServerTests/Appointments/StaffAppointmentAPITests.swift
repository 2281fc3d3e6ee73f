import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

struct StaffAppointmentAPITests {
    @Test func anOfficerChecksInThroughTheAPIOnlyAtTheirOfficeAndOnlyOnTheDay() async throws {
        try await withApp { app in
            let clock = TestClock()
            app.services.now = { clock.now }
            let person = try await AppointmentTesting.person(app, "api-visitor")
            let booking = try await AppointmentTesting.book(app, person)
            let code = try #require(booking.code)
            let path = "/api/v1/staff/appointments/check-in"
            var early = try await StaffTesting.bearer(app, role: .officer, username: "officer.early")
            early.replaceOrAdd(name: .contentType, value: "application/json")
            let tooEarly = try await app.send(.POST, path, headers: early, body: #"{"code":"\#(code)"}"#)
            try #expect(tooEarly.status == .conflict && tooEarly.json(ProblemDoc.self).kind == "appointment-not-today")
            // Monday 09:00 in Beijing; access tokens last 15 minutes, so sign in again.
            clock.advance(21 * 3600)
            var officer = try await StaffTesting.bearer(app, role: .officer, username: "officer.api")
            officer.replaceOrAdd(name: .contentType, value: "application/json")
            let other = try await AppointmentTesting.person(app, "api-other")
            let typo = String(code.dropLast()) + (code.hasSuffix("0") ? "1" : "0")
            let forged = try await app.send(.POST, path, headers: officer, body: #"{"code":"\#(typo)"}"#)
            try #expect(
                forged.status == .unprocessableEntity
                    && forged.json(ProblemDoc.self).codes == [ConfirmationCodeError.checkFailed.code])
            let elsewhere = try await app.send(
                .POST, path, headers: officer, body: #"{"code":"\#(code)","officeCode":"sh-pudong"}"#)
            #expect(elsewhere.status == .forbidden)
            let applicant = try await app.send(.POST, path, headers: other.headers, body: #"{"code":"\#(code)"}"#)
            #expect(applicant.status == .forbidden)
            let checked = try await app.send(.POST, path, headers: officer, body: #"{"code":"CROSSING-APPT:\#(code)"}"#)
            #expect(checked.status == .ok, "\(checked.text)")
            #expect(checked.text.contains(#""status":"checked-in""#))
            let twice = try await app.send(.POST, path, headers: officer, body: #"{"code":"\#(code)"}"#)
            try #expect(
                twice.status == .conflict && twice.json(ProblemDoc.self).kind == "appointment-already-checked-in")
        }
    }
}
