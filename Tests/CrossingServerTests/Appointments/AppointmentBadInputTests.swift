import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// Every bad request gets its own clear answer, never a 500, and takes no place.
struct AppointmentBadInputTests {
    func refusal(
        _ app: Application, _ json: String, person key: String = "bad-\(UUID().uuidString.prefix(8))"
    ) async throws -> (HTTPStatus, ProblemDoc) {
        let person = try await AppointmentTesting.person(app, key)
        let response = try await AppointmentTesting.hold(app, person, json)
        #expect(response.mediaType == "application/problem+json", "\(response.text)")
        return (response.status, try response.json(ProblemDoc.self))
    }

    @Test func slotsInThePastBeyondTheHorizonOrNotOfferedAreRefused() async throws {
        try await withApp { app in
            let past = try await refusal(app, AppointmentTesting.bookingJSON(date: "2026-11-20"))
            #expect(past.0 == .unprocessableEntity && past.1.codes == ["appointment-slot-in-past"])
            let beyond = try await refusal(app, AppointmentTesting.bookingJSON(date: "2026-12-07"))
            #expect(beyond.1.codes == ["appointment-beyond-horizon"])
            let farBeyond = try await refusal(app, AppointmentTesting.bookingJSON(date: "2027-06-01"))
            #expect(farBeyond.1.codes == ["appointment-beyond-horizon"])
            let sunday = try await refusal(app, AppointmentTesting.bookingJSON(date: "2026-11-29"))
            #expect(sunday.1.codes == ["appointment-office-closed"])
            let lunch = try await refusal(app, AppointmentTesting.bookingJSON(time: "12:30"))
            #expect(lunch.1.codes == ["appointment-no-such-slot"])
            let snapshot = try #require(app.services.referenceData.snapshot)
            let citizenOnly = try #require(snapshot.directory.offices.first { !$0.services.contains("foreigner.visa") })
            let notOffered = try await refusal(
                app, AppointmentTesting.bookingJSON(office: citizenOnly.code, service: "foreigner.visa"))
            #expect(notOffered.1.codes == ["appointment-service-not-offered"])
            let online = try await refusal(app, AppointmentTesting.bookingJSON(service: "passport.renewal-online"))
            #expect(online.1.codes == ["appointment-service-not-bookable"])
            let unknown = try await refusal(app, AppointmentTesting.bookingJSON(office: "atlantis"))
            #expect(unknown.1.codes == ["appointment-unknown-office"])
            let garbled = try await refusal(app, #"{"officeCode":"","date":"23/11/2026","time":"9am"}"#)
            #expect(Set(garbled.1.codes) == ["required", "invalid-date", "invalid-time"])
            #expect(try await AppointmentSlotRecord.query(on: app.db).all().allSatisfy { $0.booked == 0 })
        }
    }

    @Test func aHolidayIsRefusedAsAHoliday() async throws {
        // Friday 18 September 2026, noon in Beijing: the Mid-Autumn holiday (25 September) is released.
        try await withApp(now: Date(timeIntervalSince1970: 1_789_704_000)) { app in
            let holiday = try await refusal(app, AppointmentTesting.bookingJSON(date: "2026-09-25"))
            #expect(holiday.0 == .unprocessableEntity && holiday.1.codes == ["appointment-holiday"])
            // The make-up working day (Sunday 20 September) is open with weekday hours.
            let person = try await AppointmentTesting.person(app, "makeup")
            let makeUp = try await AppointmentTesting.hold(
                app, person, AppointmentTesting.bookingJSON(date: "2026-09-20", time: "14:00"))
            #expect(makeUp.status == .created, "\(makeUp.text)")
            let availability = try await app.get(
                "/api/v1/appointments/availability?office=\(AppointmentTesting.office)&service=passport.first")
            let days = try availability.json(AvailabilityDoc.self).days
            #expect(days.first { $0.date == "2026-09-25" }?.closed == "holiday")
            #expect(days.first { $0.date == "2026-09-25" }?.slots.isEmpty == true)
            #expect(days.first { $0.date == "2026-09-20" }?.slots.count == 13)
        }
    }

    @Test func aSecondActiveBookingForTheSameKindOfServiceIsRefused() async throws {
        try await withApp { app in
            let person = try await AppointmentTesting.person(app, "twice")
            _ = try await AppointmentTesting.book(app, person)
            let second = try await AppointmentTesting.hold(
                app, person, AppointmentTesting.bookingJSON(service: "hkmo-permit.first", time: "10:00"))
            try #expect(
                second.status == .conflict && (try second.json(ProblemDoc.self)).kind == "appointment-already-booked")
            // Another group (collection) is a separate booking.
            let collection = try await AppointmentTesting.hold(
                app, person, AppointmentTesting.bookingJSON(service: "collection", time: "10:00"))
            #expect(collection.status == .created)
        }
    }

    @Test func repeatedNoShowsPauseBookingForACoolingOffPeriod() async throws {
        try await withApp { app in
            let person = try await AppointmentTesting.person(app, "absent")
            let slotID = try await {
                try await AppointmentTesting.setCapacity(app, 6)
                return try #require(try await AppointmentTesting.slot(app)).requireID()
            }()
            for daysAgo in [40.0, 10.0] {
                let record = AppointmentRecord()
                record.id = UUID()
                record.code = "X\(Int(daysAgo))"
                record.slotID = slotID
                record.officeCode = AppointmentTesting.office
                record.serviceCode = "passport.first"
                record.serviceGroup = "citizen-documents"
                record.date = "2026-10-01"
                record.startMinute = 540
                record.startsAt = TestDefaults.now.addingTimeInterval(-daysAgo * 86_400)
                record.personKey = "absent"
                record.bookedByAccountID = person.accountID
                record.bookedByPersonKey = "absent"
                record.status = AppointmentStatus.noShow.rawValue
                record.reschedules = 0
                record.clientDigest = "x"
                record.language = "en"
                record.createdAt = TestDefaults.now
                record.updatedAt = TestDefaults.now
                try await record.create(on: app.db)
            }
            let refused = try await AppointmentTesting.hold(app, person)
            try #expect(
                refused.status == .forbidden && (try refused.json(ProblemDoc.self)).kind == "appointment-cooling-off")
        }
    }

    @Test func bookingNeedsARealNameApplicantAndIsRateLimited() async throws {
        try await withApp { app in
            #expect(
                try await app.post(json: AppointmentTesting.bookingJSON(), to: "/api/v1/appointments").status
                    == .unauthorized)
            let officer = try await StaffTesting.bearer(app, role: .officer, username: "officer.book")
            var headers = officer
            headers.replaceOrAdd(name: .contentType, value: "application/json")
            let staff = try await app.send(
                .POST, "/api/v1/appointments", headers: headers, body: AppointmentTesting.bookingJSON())
            try #expect(
                staff.status == .forbidden && (try staff.json(ProblemDoc.self)).kind == "appointment-identity-required")

            var settings = app.appointmentSettings
            settings.perAccountPerHour = 3
            app.appointmentSettings = settings
            let person = try await AppointmentTesting.person(app, "script")
            var statuses: [HTTPStatus] = []
            for time in ["09:00", "09:30", "10:00", "10:30"] {
                let response = try await AppointmentTesting.hold(
                    app, person, AppointmentTesting.bookingJSON(time: time))
                statuses.append(response.status)
                if response.status == .created {
                    let id = try response.json(AppointmentDoc.self).id
                    _ = try await app.send(.POST, "/api/v1/appointments/\(id)/cancel", headers: person.headers)
                }
            }
            #expect(statuses == [.created, .created, .created, .tooManyRequests], "\(statuses)")
        }
    }
}

struct AvailabilityDoc: Decodable {
    struct Day: Decodable {
        struct Slot: Decodable {
            var time: String
            var free: Int
        }

        var date: String
        var closed: String?
        var slots: [Slot]
    }

    var days: [Day]
}
