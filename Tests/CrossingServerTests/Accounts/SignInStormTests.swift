import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Sign-in under a concurrent wrong-password storm")
struct SignInStormTests {
    @Test("concurrent wrong passwords from many addresses: at most 5 reach the password check, the rest are 429")
    func perAccountLimitHoldsUnderABurst() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            try await AccountTesting.registerVerified(app, applicant)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        try await AccountTesting.token(
                            app, identifier: applicant.mobile, password: "Wrong-Password-\(index)",
                            address: "203.0.113.\(index + 1)"
                        ).status
                    }
                }
                var all: [HTTPStatus] = []
                for try await status in group { all.append(status) }
                return all
            }
            let checked = statuses.filter { $0 == .unauthorized }.count
            #expect(checked <= RateLimitRule.signInPerAccount.limit, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 24 - checked, "\(statuses)")
            let failures = try await AuditLogRecord.query(on: app.db)
                .filter(\.$action == SignInService.signInAction).filter(\.$outcome == "failure").all()
            let passwordChecks = failures.filter { $0.details.contains("wrong-password") }
            #expect(passwordChecks.count == checked)
            // Refused attempts leave no event behind: the account's bucket holds the checked ones only.
            let store = RateLimitStore(database: app.db, services: app.services)
            let account = try #require(
                try await AccountRecord.query(on: app.db).filter(\.$personKey == applicant.person.id.rawValue).first())
            let bucket = store.bucket(.signInPerAccount, key: "account:" + (try account.requireID().uuidString))
            #expect(try await RateLimitEventRecord.query(on: app.db).filter(\.$bucket == bucket).count() == checked)
        }
    }
}
