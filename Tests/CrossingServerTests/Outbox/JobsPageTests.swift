import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Back office: background-job queues, dead letters and retry")
struct JobsPageTests {
    @Test("a supervisor sees the queues and a dead letter, retries it (audited) and it then runs")
    func retryDeadLetter() async throws {
        try await AccountTesting.withAccountsApp { app, _, _ in
            try await OutboxTests.isolate(app)
            let handler = RecordingHandler(kind: "test.flaky", failures: 1)
            app.jobs.register(handler)
            try await Outbox.enqueue(
                "test.flaky", RecordingHandler.Payload(name: "parcel"), maxAttempts: 1, on: app.db,
                now: app.services.now())
            try await OutboxWorker(application: app).drain()
            let job = try await OutboxTests.job(app)
            #expect(job.status == "dead")

            let browser = try await StaffTesting.browser(app, role: .supervisor, username: "super.wang")
            let page = try await browser.get("/staff/jobs?lang=en")
            #expect(page.status == .ok)
            #expect(page.text.contains("Dead letters"))
            #expect(page.text.contains("test.flaky"))
            #expect(page.text.contains("Flaky"))

            let forged = try await browser.post("/staff/jobs/\(try job.requireID())/retry", form: [:])
            #expect(forged.status == .forbidden)
            let retried = try await browser.submit(
                page: "/staff/jobs?lang=en", to: "/staff/jobs/\(try job.requireID())/retry", form: [:])
            #expect(retried.status == .seeOther)
            #expect(retried.headers.first(name: .location) == "/staff/jobs?retried=1")
            let queued = try #require(try await OutboxJobRecord.find(job.id, on: app.db))
            #expect(queued.status == "pending")
            let audit = try await AuditLogRecord.query(on: app.db).filter(\.$action == "jobs.retry").all()
            #expect(audit.count == 1)
            #expect(audit.first?.subject == job.id?.uuidString)

            try await OutboxWorker(application: app).drain()
            #expect(try await OutboxJobRecord.find(job.id, on: app.db)?.status == "done")
            #expect(handler.names == ["parcel"])
        }
    }

    @Test("officers, applicants and strangers do not find the job pages")
    func access() async throws {
        try await AccountTesting.withAccountsApp { app, _, _ in
            let officer = try await StaffTesting.browser(app, role: .officer, username: "officer.li")
            #expect(try await officer.get("/staff/jobs").status == .notFound)
            let stranger = Browser(app)
            #expect(try await stranger.get("/staff/jobs").status == .seeOther)
            let admin = try await StaffTesting.browser(app, role: .administrator, username: "admin.zhao")
            let page = try await admin.get("/staff/jobs?lang=zh")
            #expect(page.status == .ok)
            #expect(page.text.contains("后台任务"))
            #expect(
                try await admin.submit(page: "/staff", to: "/staff/jobs/\(UUID())/retry", form: [:]).status
                    == .notFound)
        }
    }
}
