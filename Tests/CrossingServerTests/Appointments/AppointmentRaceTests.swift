import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// The promise that matters most: however many people press "book" at once for the last places,
/// exactly as many as there are places get one, and the rest are told clearly that it is full.
@Suite(.serialized) struct AppointmentRaceTests {
    @Test func fortyPeopleRacingForThreePlacesGetExactlyThree() async throws {
        try await withApp { app in
            try await AppointmentTesting.setCapacity(app, 3)
            var people: [AppointmentTesting.Person] = []
            for index in 0..<40 {
                people.append(
                    try await AppointmentTesting.person(app, "race-\(index)", address: "198.51.100.\(index + 1)"))
            }
            let results = try await withThrowingTaskGroup(of: (HTTPStatus, String).self) { group in
                for person in people {
                    group.addTask {
                        let response = try await AppointmentTesting.hold(app, person)
                        return (response.status, response.text)
                    }
                }
                var collected: [(HTTPStatus, String)] = []
                for try await result in group { collected.append(result) }
                return collected
            }
            let created = results.filter { $0.0 == .created }
            let full = results.filter { $0.0 == .conflict }
            #expect(created.count == 3, "\(results.map(\.0))")
            #expect(full.count == 37)
            for (_, body) in full {
                let problem = try JSONDecoder().decode(ProblemDoc.self, from: Data(body.utf8))
                #expect(problem.type == "https://crossing.example/problems/appointment-full")
            }
            let slot = try #require(try await AppointmentTesting.slot(app))
            #expect(slot.booked == 3 && slot.capacity == 3)
            let taken = try await AppointmentRecord.query(on: app.db).filter(\.$slotID == slot.requireID()).count()
            #expect(taken == 3)
        }
    }

    @Test func onePersonSendingManyRequestsAtOnceGetsOneBooking() async throws {
        try await withApp { app in
            let person = try await AppointmentTesting.person(app, "eager")
            let times = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "13:30", "14:00"]
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for time in times {
                    group.addTask {
                        try await AppointmentTesting.hold(app, person, AppointmentTesting.bookingJSON(time: time))
                            .status
                    }
                }
                var collected: [HTTPStatus] = []
                for try await status in group { collected.append(status) }
                return collected
            }
            #expect(statuses.filter { $0 == .created }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == times.count - 1)
            let slots = try await AppointmentSlotRecord.query(on: app.db).filter(
                \.$officeCode == AppointmentTesting.office
            )
            .filter(\.$date == AppointmentTesting.monday).all()
            #expect(slots.reduce(0) { $0 + $1.booked } == 1, "a refused request leaves no place taken")
        }
    }
}
