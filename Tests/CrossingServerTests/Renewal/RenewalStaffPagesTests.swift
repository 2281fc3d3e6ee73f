import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// The renewal back office in the browser: the office's queue, claiming and deciding on the review
/// page (with the version the page showed), issuing and handing over, and the supervisors' clocks
/// and statistics; each only within the staff member's remit.
struct RenewalStaffPagesTests {
    let path = StaffRenewalPagesController.path

    /// A signed-in back-office browser (English) of a new staff account.
    func staff(
        _ world: RenewalWorld, _ role: Role = .officer, _ username: String, office: String? = RenewalWorld.office
    ) async throws -> Browser {
        try await StaffTesting.browser(world.app, role: role, username: username, office: office)
    }

    func csrf(_ page: TestingHTTPResponse) throws -> String { try Browser.csrfToken(in: page.text) }

    /// The `version` hidden field of the page's first decision form.
    func version(_ page: TestingHTTPResponse) throws -> String {
        let html = page.text
        guard let range = html.range(of: #"name="version" value=""#),
            let end = html[range.upperBound...].firstIndex(of: "\"")
        else { throw Abort(.internalServerError, reason: "no version field in the page") }
        return String(html[range.upperBound..<end])
    }

    /// Claims through the page; answers the review page after the redirect.
    func claim(_ browser: Browser, _ number: String) async throws -> TestingHTTPResponse {
        let page = try await browser.get("\(path)/\(number)")
        #expect(page.status == .ok, "\(page.text)")
        let claimed = try await browser.post("\(path)/\(number)/claim", form: ["csrfToken": try csrf(page)])
        #expect(claimed.status == .seeOther, "\(claimed.text)")
        return try await browser.get("\(path)/\(number)")
    }

    func decide(
        _ browser: Browser, _ number: String, on page: TestingHTTPResponse, _ form: [String: String]
    ) async throws -> TestingHTTPResponse {
        try await browser.post(
            "\(path)/\(number)/decision",
            form: form.merging(["csrfToken": try csrf(page), "version": try version(page)]) { mine, _ in mine })
    }

    @Test func theQueueShowsOnlyTheOfficersOwnOffice() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.submitted().number
            let mine = try await staff(world, .officer, "officer.queue")
            let queue = try await mine.get(path)
            #expect(queue.status == .ok, "\(queue.text)")
            #expect(queue.text.contains(number))
            #expect(queue.text.contains("Nobody"), "the claim column says nobody holds it")
            #expect(queue.text.contains(#"href="\#(path)/\#(number)""#))

            let elsewhere = try await staff(world, .officer, "officer.pudong", office: "sh-pudong")
            let theirs = try await elsewhere.get(path)
            #expect(theirs.status == .ok)
            #expect(!theirs.text.contains(number))
            #expect(theirs.text.contains("No applications have this status."))

            // Other tabs: nothing approved yet.
            let approved = try await mine.get("\(path)?status=approved")
            #expect(approved.status == .ok)
            #expect(!approved.text.contains(number))

            // The back office lists the renewal sections for officers; applicants do not get in.
            let home = try await mine.get("/staff")
            #expect(home.text.contains(#"href="/staff/renewals""#))
            #expect(!home.text.contains(#"href="/staff/renewals/statistics""#))
            let applicant = try await world.app.send(.GET, path, headers: world.applicant.headers)
            #expect(applicant.status == .notFound)
        }
    }

    @Test func anOfficerClaimsAndApprovesThroughThePages() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.submitted().number
            let officer = try await staff(world, .officer, "officer.approve")
            let before = try await officer.get("\(path)/\(number)")
            #expect(before.status == .ok)
            #expect(before.text.contains(">Claim<"))
            #expect(!before.text.contains(#"value="approve""#), "no decision before the claim")

            let page = try await claim(officer, number)
            #expect(page.text.contains("You have claimed this application."))
            #expect(page.text.contains(#"value="approve""#) && page.text.contains(#"value="reject""#))
            // The applicant's details, the delivery address and the four images inline.
            #expect(page.text.contains(html("北京市朝阳区建国路88号1单元101")))
            for kind in RenewalUploadKind.allCases {
                let src = "/api/v1/staff/renewals/\(number)/files/\(kind.rawValue)"
                #expect(page.text.contains(#"<img src="\#(src)""#))
                // The staff file endpoint answers the session cookie, not only bearer tokens.
                let image = try await officer.get(src)
                #expect(image.status == .ok, "\(kind): \(image.text)")
                #expect(image.headers.contentType == .jpeg)
            }

            let approved = try await decide(officer, number, on: page, ["decision": "approve"])
            #expect(approved.status == .seeOther, "\(approved.text)")
            let after = try await officer.get(try #require(approved.headers.first(name: .location)))
            #expect(after.text.contains("Approved; the applicant is told to pay."))
            #expect(try await world.record(number).status == "approved")
            #expect(try await world.audits("renewal.approved").count == 1)
            // Every view of the page and every image read is in the audit log.
            let reads = try await world.audits("person.read").filter { $0.details["application"] == number }
            #expect(reads.count >= 4 + 3)
        }
    }

    @Test func aDecisionOnAnApplicationThatChangedMeanwhileShowsTheConflict() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.submitted().number
            let first = try await staff(world, .officer, "officer.first")
            let second = try await staff(world, .officer, "officer.second")
            let firstPage = try await claim(first, number)
            #expect(firstPage.text.contains(#"value="approve""#))

            // While the first officer's claim lasts, the second cannot take it.
            let secondPage = try await second.get("\(path)/\(number)")
            #expect(secondPage.text.contains("Another officer has claimed this application:"))
            let refused = try await second.post("\(path)/\(number)/claim", form: ["csrfToken": try csrf(secondPage)])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains(html(RenewalText.claimedByAnother.en)))

            // The claim lapses; the second officer claims and returns the application.
            world.app.renewal.settings.claimLifetime = 60
            world.clock.advance(61)
            let taken = try await claim(second, number)
            let returned = try await decide(
                second, number, on: taken, ["decision": "return", "item-photo": "on", "note-photo": "Too dark"])
            #expect(returned.status == .seeOther, "\(returned.text)")

            // The first officer's page is stale: a clear conflict on the page, nothing decided.
            let stale = try await decide(first, number, on: firstPage, ["decision": "approve"])
            #expect(stale.status == .conflict)
            #expect(stale.text.contains(html(RenewalText.changedMeanwhile.en)))
            #expect(stale.text.contains("Returned for correction"), "the page shows where it stands now")
            #expect(try await world.record(number).status == "returned")
            #expect(try await world.audits("renewal.approved").isEmpty)
        }
    }

    @Test func returningNeedsAtLeastOneItemAndOtherNeedsANote() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.submitted().number
            let officer = try await staff(world, .officer, "officer.return")
            let page = try await claim(officer, number)

            let nothing = try await decide(officer, number, on: page, ["decision": "return"])
            #expect(nothing.status == .unprocessableEntity)
            #expect(nothing.text.contains("Tick at least one thing the applicant must correct"))
            #expect(nothing.text.contains(##"href="#items""##), "the error summary links to the checkboxes")

            let other = try await decide(
                officer, number, on: page, ["decision": "return", "item-other": "on", "note-photo": "kept"])
            #expect(other.status == .unprocessableEntity)
            #expect(other.text.contains(html("Say what must be corrected when you tick “Other”")))
            #expect(other.text.contains(#"value="kept""#), "what was typed stays")
            #expect(try await world.record(number).status == "under-review")

            // Several reasons are returned together; the message to the applicant shortens them to the
            // template's 64 characters, and the page shows them in full.
            let returned = try await decide(
                officer, number, on: page,
                ["decision": "return", "item-signature": "on", "item-other": "on", "note-other": "Sign again"])
            #expect(returned.status == .seeOther, "\(returned.text)")
            let doc = try await world.application(number)
            #expect(doc.status == "returned")
            #expect(doc.corrections.map(\.item) == ["signature", "other"])
            #expect(doc.corrections.last?.note == "Sign again")
        }
    }

    @Test func rejectingNeedsAReason() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.submitted().number
            let officer = try await staff(world, .officer, "officer.reject")
            let page = try await claim(officer, number)

            let bare = try await decide(officer, number, on: page, ["decision": "reject", "reason": "   "])
            #expect(bare.status == .unprocessableEntity)
            #expect(bare.text.contains("Give the reason for rejecting (up to 500 characters)"))
            #expect(try await world.record(number).status == "under-review")

            let rejected = try await decide(
                officer, number, on: page, ["decision": "reject", "reason": "The registry shows a travel ban"])
            #expect(rejected.status == .seeOther, "\(rejected.text)")
            #expect(try await world.record(number).status == "rejected")
            let after = try await officer.get("\(path)/\(number)")
            #expect(after.text.contains("The registry shows a travel ban"), "the history shows the reason")
        }
    }

    @Test func anOfficerOfAnotherOfficeGetsNotFound() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.submitted().number
            let elsewhere = try await staff(world, .officer, "officer.elsewhere", office: "sh-pudong")
            let page = try await elsewhere.get("\(path)/\(number)")
            #expect(page.status == .notFound)
            #expect(!page.text.contains(number) || !page.text.contains("Identity number"))
            let image = try await elsewhere.get("/api/v1/staff/renewals/\(number)/files/photo")
            #expect(image.status == .notFound)
            let home = try await elsewhere.get("/staff")
            let claim = try await elsewhere.post("\(path)/\(number)/claim", form: ["csrfToken": try csrf(home)])
            #expect(claim.status == .notFound)
            #expect(try await world.record(number).claimedBy == nil)
        }
    }

    @Test func statisticsAndClocksAreForSupervisors() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.submitted().number
            let officer = try await staff(world, .officer, "officer.stats")
            #expect(try await officer.get("\(path)/statistics").status == .forbidden)
            #expect(try await officer.get("\(path)/clocks").status == .forbidden)

            let supervisor = try await staff(world, .supervisor, "supervisor.stats")
            let home = try await supervisor.get("/staff")
            #expect(home.text.contains(#"href="/staff/renewals/statistics""#))
            #expect(home.text.contains(#"href="/staff/renewals/clocks""#))
            let statistics = try await supervisor.get("\(path)/statistics")
            #expect(statistics.status == .ok, "\(statistics.text)")
            #expect(statistics.text.contains("Counter visits saved"))
            #expect(statistics.text.contains("Beijing") || statistics.text.contains("bj"))
            let clocks = try await supervisor.get("\(path)/clocks")
            #expect(clocks.status == .ok, "\(clocks.text)")
            #expect(clocks.text.contains("Nothing is late."))

            let invalid = try await supervisor.get("\(path)/statistics?from=2026-13-01&to=yesterday")
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.text.contains("Enter a date like 2026-11-01"))
            let reversed = try await supervisor.get("\(path)/statistics?from=2026-11-20&to=2026-11-01")
            #expect(reversed.status == .unprocessableEntity)
            #expect(reversed.text.contains("From must be on or before To"))

            // Administrators see every office.
            let admin = try await staff(world, .administrator, "admin.stats", office: nil)
            let all = try await admin.get("\(path)/statistics")
            #expect(all.status == .ok)
            #expect(all.text.contains("All offices"))
            _ = number
        }
    }

    @Test func issuingForCollectionShowsThePickupCodeAndTheCounterChecksIt() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.submitted(handover: "collection").number
            _ = try await world.approve(number, try await world.staff())
            try await world.pay(number)
            #expect(try await world.record(number).status == "in-production")

            let officer = try await staff(world, .officer, "officer.issue")
            let page = try await officer.get("\(path)/\(number)")
            #expect(page.text.contains("Issue document"))
            let issued = try await officer.post(
                "\(path)/\(number)/issue", form: ["csrfToken": try csrf(page), "version": try version(page)])
            #expect(issued.status == .seeOther, "\(issued.text)")
            let record = try await world.record(number)
            let code = try #require(record.pickupCode)
            let newNumber = try #require(record.newDocumentNumber)
            let after = try await officer.get("\(path)/\(number)?done=issued")
            #expect(after.text.contains(code) && after.text.contains(newNumber))
            #expect(after.text.contains("Hand over"))

            // Issuing twice from the old page is a conflict on the page, not a second number.
            let twice = try await officer.post(
                "\(path)/\(number)/issue", form: ["csrfToken": try csrf(page), "version": try version(page)])
            #expect(twice.status == .conflict)

            let empty = try await officer.post("\(path)/\(number)/collect", form: ["csrfToken": try csrf(after)])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.text.contains("Enter the 6-digit pickup code"))
            let wrong = try await officer.post(
                "\(path)/\(number)/collect", form: ["csrfToken": try csrf(after), "pickupCode": "000000x"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("The pickup code is not right"))
            let right = try await officer.post(
                "\(path)/\(number)/collect", form: ["csrfToken": try csrf(after), "pickupCode": code])
            #expect(right.status == .seeOther, "\(right.text)")
            #expect(try await world.record(number).status == "collected")
        }
    }
}
