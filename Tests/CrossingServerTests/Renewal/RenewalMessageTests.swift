import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// Every step tells the applicant, whatever the document's name or the officer's note: text that is
/// too long for a message template is shortened, never a failed request.
@Suite("Renewal: messages for every document and note", .serialized)
struct RenewalMessageTests {
    @Test("an HK/Macao permit application (a long English name) is submitted and told")
    func permitSubmission() async throws {
        try await RenewalWorld.with { world in
            let application = try await world.quickSubmit(document: "hk-macao-permit")
            #expect(application.status == "under-review")
            #expect(try await world.notifications(application.number).contains("application-submitted"))
            let job = try #require(
                try await world.jobs(Notifications.jobKind).first {
                    $0.payload.contains(application.number) && $0.payload.contains("application-submitted")
                })
            #expect(job.payload.contains("…"), "the service name is shortened, not refused")
        }
    }

    @Test("a return with a long note over several lines is told to the applicant")
    func longNote() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.quickSubmit().number
            let officer = try await world.staff()
            let version = try await world.staffView(number, officer).application.version
            let note = String(repeating: "The background is not plain; ", count: 10) + "\\nretake it {please}."
            let response = try await world.decide(
                number, officer,
                #"{"decision":"return","version":\#(version),"corrections":[{"item":"photo","note":"\#(note)"},{"item":"signature"}]}"#
            )
            #expect(response.status == .ok, "\(response.text)")
            let application = try await world.application(number)
            #expect(application.status == "returned")
            #expect(application.corrections.count == 2)
            #expect(application.corrections.first?.note?.contains("{please}") == true, "the page keeps the whole note")
            #expect(try await world.notifications(number).contains("application-returned"))
        }
    }

    @Test("messageText keeps short text and shortens long text to 64 characters on one line")
    func messageText() {
        #expect(RenewalTransitions.messageText("Passport (damaged)") == "Passport (damaged)")
        let long = RenewalTransitions.messageText(String(repeating: "x", count: 100))
        #expect(long.count == 64 && long.hasSuffix("…"))
        #expect(RenewalTransitions.messageText("a\nb{c}") == "a bc")
    }
}
