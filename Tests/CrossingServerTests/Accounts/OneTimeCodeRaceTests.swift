import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("One-time codes under concurrency")
struct OneTimeCodeRaceTests {
    @Test("a correct code entered by several requests at once is accepted once; the rest are told it was used")
    func singleUse() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let service = OneTimeCodeService(services: app.services, database: app.db)
            let mobile = try MobileNumber.parse(applicant.mobile)
            _ = try await service.issue(.signIn, to: mobile, language: .en, clientAddress: "192.0.2.1")
            let code = try await AccountTesting.lastCode(app)
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do {
                            try await service.check(.signIn, mobile: mobile, code: code)
                            return "accepted"
                        } catch let AccountFailure.invalid(failures) {
                            return failures.first?.error.code ?? "?"
                        }
                    }
                }
                var all: [String] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "accepted" }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0 == "code-used" }.count == 7, "\(outcomes)")
        }
    }

    @Test("wrong codes entered at once are all counted")
    func concurrentGuesses() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let service = OneTimeCodeService(services: app.services, database: app.db)
            let mobile = try MobileNumber.parse(applicant.mobile)
            _ = try await service.issue(.signIn, to: mobile, language: .en, clientAddress: "192.0.2.1")
            let code = try await AccountTesting.lastCode(app)
            let wrong = code == "000000" ? "111111" : "000000"
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { _ = try? await service.check(.signIn, mobile: mobile, code: wrong) }
                }
                try await group.waitForAll()
            }
            let record = try #require(try await OneTimeCodeRecord.query(on: app.db).first())
            #expect(record.attempts == 4)
            #expect(record.consumedAt == nil)
        }
    }
}
