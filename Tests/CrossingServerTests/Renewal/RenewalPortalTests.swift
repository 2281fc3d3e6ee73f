import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// The applicant's renewal pages without JavaScript: one question per page with the answers kept in
/// the draft, uploads checked with every reason shown, check answers with change links, one
/// application for a double submit, the status page with its timeline and payment link, and 404
/// for someone else's application.
@Suite("Renewal portal pages", .serialized)
struct RenewalPortalTests {
    @Test func aCitizenAppliesOnThePortalFromTheFirstQuestionToThePaymentLink() async throws {
        try await RenewalWorld.with { world in
            let app = world.app
            let t = app.renewalPageStrings[.en]
            let browser = try await AppointmentTesting.browser(app, accountID: world.applicant.accountID)

            let list = try await browser.get("/renewals")
            #expect(
                list.status == .ok && list.text.contains(html(t.startButton)) && list.text.contains(t.noApplications))
            let start = try await browser.get("/renewals/new")
            #expect(start.status == .seeOther && start.header("Location") == "/renewals/new/document")
            let early = try await browser.get("/renewals/new/photo")
            #expect(
                early.header("Location") == "/renewals/new/document", "a later page sends back to the first unanswered")

            #expect(try await browser.answer("document", "nonsense").status == .unprocessableEntity)
            try await browser.expectNext(
                try await browser.answer("document", "ordinary-passport"), "/renewals/new/reason")
            let reasons = try await browser.get("/renewals/new/reason")
            #expect(reasons.text.contains(#"value="no-visa-pages-left""#), "passports offer 'no visa pages left'")
            try await browser.expectNext(try await browser.answer("reason", "damaged"), "/renewals/new/location")
            try await browser.expectNext(try await browser.answer("location", "yes"), "/renewals/new/eligibility")

            let eligible = try await browser.get("/renewals/new/eligibility")
            #expect(eligible.text.contains(html(t.eligibleHeading)) && eligible.text.contains("¥120.00"))

            let face = try await browser.get("/renewals/new/face")
            #expect(face.text.contains("/account/face-check?next=/renewals/new/face"), "no pass yet: the face check")
            try await FaceTesting.pass(app, world.applicant)
            let passed = try await browser.get("/renewals/new/face")
            #expect(passed.text.contains(html(t.faceFresh)) && passed.text.contains(#"href="/renewals/new/details""#))

            let details = try await browser.get("/renewals/new/details")
            let person = try #require(try await world.registryPerson())
            #expect(details.text.contains(person.name) && details.text.contains(html(t.detailsWrong)))
            #expect(!details.text.contains(person.identity.number), "the identity number is masked")
            try await browser.expectNext(
                try await browser.post(
                    "/renewals/new/details", form: ["csrfToken": try Browser.csrfToken(in: details.text)]),
                "/renewals/new/photo")

            // A wrong file: every reason the checker gives, on the page, as field errors.
            let wrong = try SampleUploads.signatureJPEG()
            let reasonsGiven = app.renewal.imageChecker.checkPhoto(wrong).rejections.map { $0.message.text(in: .en) }
            #expect(!reasonsGiven.isEmpty)
            let refused = try await browser.upload("photo", wrong)
            #expect(refused.status == .unprocessableEntity)
            for reason in reasonsGiven { #expect(refused.text.contains(html(reason)), "\(reason)") }
            #expect(refused.text.contains("error-summary"))
            let notJPEG = try await browser.upload("photo", Data("hello".utf8))
            #expect(notJPEG.status == .unprocessableEntity)
            #expect(try await browser.upload("photo", Data()).text.contains(html(t.fileRequired)))

            try await browser.expectNext(
                try await browser.upload("photo", try SampleUploads.photoJPEG()), "/renewals/new/signature")
            try await browser.expectNext(
                try await browser.upload("signature", try SampleUploads.signatureJPEG()), "/renewals/new/id-card-front")
            try await browser.expectNext(
                try await browser.upload("id-card-front", try SampleUploads.idCardJPEG()), "/renewals/new/id-card-back")
            try await browser.expectNext(
                try await browser.upload("id-card-back", try SampleUploads.idCardJPEG()), "/renewals/new/delivery")
            // Back: the signature page shows the file already uploaded.
            let back = try await browser.get("/renewals/new/signature")
            #expect(back.text.contains(html(t.uploadedNote)) && back.text.contains("/api/v1/renewals/uploads/"))

            try await browser.expectNext(try await browser.answer("delivery", "courier"), "/renewals/new/address")
            let address = try await browser.get("/renewals/new/address")
            #expect(
                address.text.contains(html(person.household?.address ?? "-")), "prefilled with the household address")
            let badPhone = try await browser.post(
                "/renewals/new/address",
                form: [
                    "csrfToken": try Browser.csrfToken(in: address.text), "recipientName": "王小明",
                    "recipientPhone": "12", "recipientAddress": "北京市朝阳区建国路88号1单元101",
                ])
            #expect(badPhone.status == .unprocessableEntity && badPhone.text.contains(#"id="recipientPhone-error""#))
            try await browser.expectNext(
                try await browser.post(
                    "/renewals/new/address",
                    form: [
                        "csrfToken": try Browser.csrfToken(in: address.text), "recipientName": "王小明",
                        "recipientPhone": "13812345678", "recipientAddress": "北京市朝阳区建国路88号1单元101",
                    ]), "/renewals/new/check")

            // Check answers; change the reason: the new reason needs the loss question, then back to check.
            let check = try await browser.get("/renewals/new/check")
            #expect(check.text.contains(html(RenewalReason.damaged.name.en)))
            #expect(check.text.contains(#"href="/renewals/new/reason?change=1""#))
            let changing = try await browser.get("/renewals/new/reason?change=1")
            #expect(changing.text.contains(#"value="damaged" checked"#), "the answer given is kept")
            #expect(changing.text.contains(#"name="change" value="1""#))
            try await browser.expectNext(
                try await browser.answer("reason", "lost-or-stolen", change: true), "/renewals/new/loss?change=1")
            try await browser.expectNext(try await browser.answer("loss", "lost", change: true), "/renewals/new/check")
            let checked = try await browser.get("/renewals/new/check")
            #expect(checked.text.contains(html(t.lossLost)) && checked.text.contains("13812345678"))

            // A double click: the same idempotency key twice makes one application.
            let token = try Browser.csrfToken(in: checked.text)
            let key = try #require(Self.hidden("idempotencyKey", in: checked.text))
            let first = try await browser.post(
                "/renewals/new/check", form: ["csrfToken": token, "idempotencyKey": key])
            let second = try await browser.post(
                "/renewals/new/check", form: ["csrfToken": token, "idempotencyKey": key])
            #expect(first.status == .seeOther, "\(first.text)")
            #expect(second.header("Location") == first.header("Location"))
            #expect(try await RenewalApplicationRecord.query(on: app.db).count() == 1)
            let record = try #require(try await RenewalApplicationRecord.query(on: app.db).first())
            #expect(record.lossKind == "lost" && record.handover == "courier")

            let confirmation = try await browser.get(try #require(first.header("Location")))
            #expect(
                confirmation.text.contains(record.number) && confirmation.text.contains(html(t.confirmationHeading)))
            let listed = try await browser.get("/renewals")
            #expect(listed.text.contains("/renewals/\(record.number)"))

            let status = try await browser.get("/renewals/\(record.number)")
            #expect(status.status == .ok)
            #expect(status.text.contains(html(ApplicationStatus.underReview.name.en)))
            #expect(
                status.text.contains(#"data-live-timeline="/api/v1/timelines/application/\#(record.number)/events""#))
            #expect(status.text.contains(html(ApplicationEventKind.submitted.name.en)))
            #expect(status.text.contains("/renewals/\(record.number)/withdraw"))
            #expect(try await browser.get("/js/live-timeline.js").status == .ok, "the live-timeline script is served")

            // Approved: the page offers the payment.
            _ = try await world.approve(record.number, try await world.staff())
            let approved = try await browser.get("/renewals/\(record.number)")
            let payment = try #require(
                try await PaymentService(application: app, now: world.clock.now)
                    .payments(subjectType: "application", subjectID: record.number, on: app.db).last)
            #expect(approved.text.contains("/account/payments/\(payment.id.uuidString)/pay"))
            #expect(approved.text.contains(html(t.nextApproved)))
            #expect(approved.text.contains(html(ApplicationEventKind.approved.name.en)))

            // Someone else cannot see it.
            let other = try await FaceTesting.user(app, DemoRegistry.Key.shanghaiCitizen)
            let stranger = try await AppointmentTesting.browser(app, accountID: other.accountID)
            #expect(try await stranger.get("/renewals/\(record.number)").status == .notFound)
            #expect(try await stranger.get("/renewals/\(record.number)/submitted").status == .notFound)
            #expect(!(try await stranger.get("/renewals").text.contains(record.number)))
        }
    }

    @Test func anIneligiblePersonSeesEveryReasonWithWhereToGoAndCannotGoOn() async throws {
        try await RenewalWorld.with(person: DemoRegistry.Key.nonPilotCitizen) { world in
            let browser = try await AppointmentTesting.browser(world.app, accountID: world.applicant.accountID)
            _ = try await browser.answer("document", "ordinary-passport")
            _ = try await browser.answer("reason", "damaged")
            _ = try await browser.answer("location", "no")
            let page = try await browser.get("/renewals/new/eligibility")
            let t = world.app.renewalPageStrings[.en]
            #expect(page.text.contains(html(t.ineligibleHeading)))
            let person = try #require(try await world.registryPerson(DemoRegistry.Key.nonPilotCitizen))
            let snapshot = try world.app.referenceSnapshot()
            let answer = RenewalEligibilityRules(pilotCities: snapshot.pilotCities).evaluate(
                person,
                request: RenewalRequest(
                    document: .ordinaryPassport, reason: .damaged, applicationDate: FaceTesting.today,
                    isInMainland: false))
            #expect(answer.failures.count >= 2, "not a pilot city, and abroad")
            for failure in answer.failures {
                #expect(page.text.contains(html(failure.message.en)), "\(failure.code)")
                #expect(page.text.contains(html(failure.alternative.label.en)), "\(failure.code)")
            }
            #expect(page.text.contains("/appointments/new"), "the counter appointment is linked")
            #expect(!page.text.contains(#"href="/renewals/new/face""#))
            #expect(try await browser.get("/renewals/new/face").header("Location") == "/renewals/new/eligibility")
            #expect(try await browser.get("/renewals/new/check").header("Location") == "/renewals/new/eligibility")
        }
    }

    @Test func aReturnedApplicationIsCorrectedOnItsPageAndCanBeWithdrawn() async throws {
        try await RenewalWorld.with { world in
            let app = world.app
            let t = app.renewalPageStrings[.zh]
            let number = try await world.submitted().number
            let officer = try await world.staff()
            let claimed = try await app.send(.POST, "/api/v1/staff/renewals/\(number)/claim", headers: officer)
            let version = try claimed.json(StaffApplicationDoc.self).application.version
            let returned = try await world.decide(
                number, officer,
                #"{"decision":"return","version":\#(version),"corrections":[{"item":"photo","note":"Face too small"}]}"#
            )
            #expect(returned.status == .ok, "\(returned.text)")

            let browser = try await AppointmentTesting.browser(
                app, accountID: world.applicant.accountID, language: "zh")
            let page = try await browser.get("/renewals/\(number)")
            #expect(page.text.contains(html(t.correctionsHeading)) && page.text.contains("Face too small"))
            #expect(page.text.contains(#"name="photo" type="file""#))

            let bad = try await browser.upload(
                "/renewals/\(number)/resubmit", field: "photo", try SampleUploads.signatureJPEG(),
                token: try Browser.csrfToken(in: page.text))
            #expect(bad.status == .unprocessableEntity && bad.text.contains("field-error"))
            let good = try await browser.upload(
                "/renewals/\(number)/resubmit", field: "photo",
                try SampleUploads.photoJPEG(background: SampleUploads.white),
                token: try Browser.csrfToken(in: page.text))
            #expect(good.status == .seeOther, "\(good.text)")
            #expect(try await world.record(number).status == "under-review")
            let after = try await browser.get(try #require(good.header("Location")))
            #expect(after.text.contains(html(t.resubmittedNotice)))

            let confirm = try await browser.get("/renewals/\(number)/withdraw")
            #expect(confirm.text.contains(html(t.withdrawHeading)))
            let withdrawn = try await browser.post(
                "/renewals/\(number)/withdraw", form: ["csrfToken": try Browser.csrfToken(in: confirm.text)])
            #expect(withdrawn.status == .seeOther)
            #expect(try await world.record(number).status == "withdrawn")
            #expect(withdrawn.header("Location") == "/renewals/\(number)?done=withdrawn")
            let closed = try await browser.get(try #require(withdrawn.header("Location")))
            #expect(closed.text.contains(html(t.withdrawnNotice)) && !closed.text.contains("/withdraw\""))
        }
    }

    @Test func formsWithoutTheirTokenAreRefused() async throws {
        try await RenewalWorld.with { world in
            let browser = try await AppointmentTesting.browser(world.app, accountID: world.applicant.accountID)
            let forged = try await browser.post("/renewals/new/document", form: ["answer": "ordinary-passport"])
            #expect(forged.status == .forbidden)
            let signedOut = try await Browser(world.app).get("/renewals/new/document")
            #expect(signedOut.status == .seeOther && signedOut.header("Location")?.contains("sign-in") == true)
        }
    }

    @Test func aHelperAppliesForTheirDependentOnThePages() async throws {
        try await RenewalWorld.with { world in
            let app = world.app
            let helperPerson = DemoRegistry.Key.shanghaiCitizen
            let dependent = DemoRegistry.Key.beijingCitizen
            let delegation = try await world.delegate(helper: helperPerson, dependent: dependent)
            let helper = try await world.user(helperPerson)
            let browser = try await AppointmentTesting.browser(app, accountID: helper.accountID)
            let dependentName = try #require(try await world.registryPerson(dependent)).name

            try await browser.expectNext(
                try await browser.answer("document", "ordinary-passport"), "/renewals/new/reason")
            try await browser.expectNext(try await browser.answer("reason", "damaged"), "/renewals/new/for")
            let whom = try await browser.get("/renewals/new/for")
            #expect(whom.text.contains(#"value="\#(delegation)""#), "the dependent is offered")
            #expect(try await browser.answer("for", "someone-else").status == .unprocessableEntity)
            try await browser.expectNext(try await browser.answer("for", delegation), "/renewals/new/location")
            try await browser.expectNext(try await browser.answer("location", "yes"), "/renewals/new/eligibility")
            #expect(try await browser.get("/renewals/new/eligibility").status == .ok)
            try await FaceTesting.pass(app, helper)  // the person at the keyboard
            let details = try await browser.get("/renewals/new/details")
            #expect(details.text.contains(dependentName), "the dependent's details, not the helper's")
            try await browser.expectNext(
                try await browser.post(
                    "/renewals/new/details", form: ["csrfToken": try Browser.csrfToken(in: details.text)]),
                "/renewals/new/photo")
            try await browser.expectNext(
                try await browser.upload("photo", try SampleUploads.photoJPEG()), "/renewals/new/signature")
            try await browser.expectNext(
                try await browser.upload("signature", try SampleUploads.signatureJPEG()), "/renewals/new/id-card-front")
            try await browser.expectNext(
                try await browser.upload("id-card-front", try SampleUploads.idCardJPEG()), "/renewals/new/id-card-back")
            try await browser.expectNext(
                try await browser.upload("id-card-back", try SampleUploads.idCardJPEG()), "/renewals/new/delivery")
            try await browser.expectNext(try await browser.answer("delivery", "collection"), "/renewals/new/check")
            let check = try await browser.get("/renewals/new/check")
            let submitted = try await browser.post(
                "/renewals/new/check",
                form: [
                    "csrfToken": try Browser.csrfToken(in: check.text),
                    "idempotencyKey": try #require(Self.hidden("idempotencyKey", in: check.text)),
                ])
            #expect(submitted.status == .seeOther, "\(submitted.text)")

            let record = try #require(try await RenewalApplicationRecord.query(on: app.db).first())
            #expect(record.personKey == dependent.rawValue && record.helperPersonKey == helperPerson.rawValue)
            #expect(record.delegationID == delegation)
            #expect(try await browser.get("/renewals/\(record.number)").status == .ok)
            #expect(try await browser.get("/renewals").text.contains(record.number))
            let audit = try #require(try await world.audits("renewal.submitted").first)
            #expect(audit.draft.onBehalfOf == dependent.rawValue)

            // Once the dependent revokes the delegation, the helper no longer sees it.
            try await world.revoke(delegation)
            let after = try await AppointmentTesting.browser(app, accountID: helper.accountID)
            #expect(try await after.get("/renewals/\(record.number)").status == .notFound)
        }
    }

    // MARK: Helpers

    static func hidden(_ name: String, in page: String) -> String? {
        guard let range = page.range(of: #"name="\#(name)" value=""#),
            let end = page[range.upperBound...].firstIndex(of: "\"")
        else { return nil }
        return String(page[range.upperBound..<end])
    }
}

extension Browser {
    /// Answers a radio question with the page's own CSRF token.
    func answer(_ step: String, _ value: String, change: Bool = false) async throws -> TestingHTTPResponse {
        let page = "/renewals/new/\(step)" + (change ? "?change=1" : "")
        var form = ["answer": value]
        if change { form["change"] = "1" }
        return try await submit(page: page, to: "/renewals/new/\(step)", form: form)
    }

    func expectNext(
        _ response: TestingHTTPResponse, _ location: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        #expect(response.status == .seeOther, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.header("Location") == location, sourceLocation: sourceLocation)
    }

    /// Uploads one file as a multipart form to the flow's `step` page.
    func upload(_ step: String, _ data: Data) async throws -> TestingHTTPResponse {
        let page = try await get("/renewals/new/\(step)")
        return try await upload(
            "/renewals/new/\(step)", field: "file", data, token: try Browser.csrfToken(in: page.text))
    }

    /// Posts `data` as the file field `field` of a multipart form with the CSRF token.
    func upload(_ path: String, field: String, _ data: Data, token: String) async throws -> TestingHTTPResponse {
        let boundary = "----crossing-test-\(UUID().uuidString)"
        var body = Data()
        func line(_ text: String) { body.append(Data((text + "\r\n").utf8)) }
        line("--\(boundary)")
        line(#"Content-Disposition: form-data; name="csrfToken""#)
        line("")
        line(token)
        line("--\(boundary)")
        line(#"Content-Disposition: form-data; name="\#(field)"; filename="upload.jpg""#)
        line("Content-Type: image/jpeg")
        line("")
        body.append(data)
        line("")
        line("--\(boundary)--")
        var headers: HTTPHeaders = [
            "X-Forwarded-For": address, "User-Agent": "TestBrowser/1.0",
            "Content-Type": "multipart/form-data; boundary=\(boundary)",
        ]
        headers.replaceOrAdd(name: .cookie, value: cookieHeader)
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(bytes: Array(body)))
    }
}

/// Writes the sample uploads as files for looking at the pages in a browser
/// (`RENEWAL_SAMPLE_DIR=/tmp/samples swift test --filter RenewalSampleFiles`); skipped otherwise.
@Suite struct RenewalSampleFiles {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["RENEWAL_SAMPLE_DIR"] != nil))
    func writeTheSampleUploads() throws {
        let directory = URL(
            fileURLWithPath: ProcessInfo.processInfo.environment["RENEWAL_SAMPLE_DIR"] ?? "", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try SampleUploads.photoJPEG().write(to: directory.appendingPathComponent("photo.jpg"))
        try SampleUploads.signatureJPEG().write(to: directory.appendingPathComponent("signature.jpg"))
        try SampleUploads.idCardJPEG().write(to: directory.appendingPathComponent("id-card.jpg"))
    }
}
