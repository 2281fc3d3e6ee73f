import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Account API: register, verify, sign in, attacks")
struct AccountAPITests {
    @Test("register, code from the sandbox outbox, verify, sign in, profile and history")
    func happyPath() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            let id = try await AccountTesting.registerVerified(app, applicant)
            let response = try await AccountTesting.token(
                app, identifier: applicant.idNumber, password: applicant.password)
            #expect(response.status == .ok, "\(response.text)")
            let tokens = try response.json(Tokens.self)
            #expect(tokens.tokenType == "Bearer")
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(tokens.accessToken)"]
            let me = try await app.get("/api/v1/me", headers: bearer)
            #expect(me.status == .ok, "\(me.text)")
            #expect(me.text.contains(id.uuidString))
            #expect(me.text.contains("138****5678"))
            #expect(!me.text.contains(applicant.idNumber))
            let history = try await app.get("/api/v1/me/sign-ins", headers: bearer)
            #expect(history.text.contains("198.51.100.1") && history.text.contains("success"))
            #expect(try await app.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test("a wrong password is refused and audited; five failures lock the password method")
    func lockOut() async throws {
        try await AccountTesting.withAccountsApp { app, clock, applicant in
            let id = try await AccountTesting.registerVerified(app, applicant)
            for _ in 1...5 {
                let wrong = try await AccountTesting.token(app, identifier: applicant.mobile, password: "Wrong-Pass-99")
                #expect(wrong.status == .unauthorized)
                #expect(try wrong.json(ProblemDocument.self).errors?.first?.code == "invalid-credentials")
                clock.advance(10)
            }
            let locked = try await AccountTesting.token(app, identifier: applicant.mobile, password: applicant.password)
            #expect(locked.status == .tooManyRequests)
            #expect(try locked.json(ProblemDocument.self).errors?.first?.code == "account-locked")
            #expect(locked.headers.first(name: .retryAfter) != nil)
            let entries = try await AccountTesting.signInEntries(app, account: id)
            #expect(entries.filter { $0.outcome == "failure" }.count == 6)
            #expect(entries.compactMap { $0.details["reason"] }.suffix(2) == ["wrong-password-locked", "locked"])
            clock.advance(16 * 60)
            let again = try await AccountTesting.token(app, identifier: applicant.mobile, password: applicant.password)
            #expect(again.status == .ok, "\(again.text)")
        }
    }

    @Test("an unknown identifier gets the same answer as a wrong password")
    func unknownIdentifier() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            try await AccountTesting.registerVerified(app, applicant)
            let unknown = try await AccountTesting.token(app, identifier: "13900009999", password: "Whatever-123")
            let wrong = try await AccountTesting.token(app, identifier: applicant.mobile, password: "Whatever-123")
            #expect(unknown.status == .unauthorized && wrong.status == .unauthorized)
            #expect(try unknown.json(ProblemDocument.self).detail == wrong.json(ProblemDocument.self).detail)
        }
    }

    @Test("sign-in is limited per client address and per account, across accounts")
    func rateLimits() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            try await AccountTesting.registerVerified(app, applicant)
            for attempt in 1...30 {
                let response = try await AccountTesting.token(
                    app, identifier: "1390000\(1000 + attempt)", password: "x", address: "192.0.2.9")
                #expect(response.status == .unauthorized)
            }
            let limited = try await AccountTesting.token(
                app, identifier: applicant.mobile, password: applicant.password, address: "192.0.2.9")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers.first(name: .retryAfter) != nil)
            for _ in 1...5 {
                let ok = try await AccountTesting.token(app, identifier: applicant.mobile, password: applicant.password)
                #expect(ok.status == .ok)
            }
            let perAccount = try await AccountTesting.token(
                app, identifier: applicant.mobile, password: applicant.password, address: "192.0.2.77")
            #expect(perAccount.status == .tooManyRequests)
        }
    }

    @Test("an ID number failing its checksum is a field error")
    func checksum() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            var broken = applicant
            let last = broken.person.identity.number.last == "1" ? "2" : "1"
            broken.person.identity = IdentityDocument(
                kind: .residentID, number: String(applicant.idNumber.dropLast()) + last)
            let response = try await app.post(json: broken.registrationJSON, to: "/api/v1/accounts")
            #expect(response.status == .unprocessableEntity)
            let problem = try response.json(ProblemDocument.self)
            #expect(problem.fields == ["documentNumber"])
            #expect(problem.errors?.first?.code != RealNameMismatch().code)
        }
    }

    @Test("a name that does not match gets the same error as an unknown number")
    func realNameEnumeration() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            var wrongName = applicant
            wrongName.person.name = "张伟"
            let other = RegistryTesting.generatedCitizen(100)
            let unknown = Applicant(person: other)
            let first = try await app.post(json: wrongName.registrationJSON, to: "/api/v1/accounts")
            let second = try await app.post(json: unknown.registrationJSON, to: "/api/v1/accounts")
            #expect(first.status == .unprocessableEntity && second.status == .unprocessableEntity)
            let a = try first.json(ProblemDocument.self)
            let b = try second.json(ProblemDocument.self)
            #expect(a.errors == b.errors)
            #expect(a.errors?.first?.code == "real-name-mismatch")
        }
    }

    @Test("resending a code is throttled, then allowed")
    func resendThrottle() async throws {
        try await AccountTesting.withAccountsApp { app, clock, applicant in
            let created = try await app.post(json: applicant.registrationJSON, to: "/api/v1/accounts")
            #expect(created.status == .created)
            let body = #"{"mobile":"\#(applicant.mobile)"}"#
            let tooSoon = try await app.post(json: body, to: "/api/v1/auth/codes")
            #expect(tooSoon.status == .tooManyRequests)
            #expect(tooSoon.headers.first(name: .retryAfter) == "60")
            clock.advance(61)
            #expect(try await app.post(json: body, to: "/api/v1/auth/codes").status == .accepted)
            #expect(try await AccountTesting.messageCount(app, to: applicant.mobile) == 2)
            // Unknown numbers get the same answer and nothing is sent.
            #expect(
                try await app.post(json: #"{"mobile":"13700001111"}"#, to: "/api/v1/auth/codes").status == .accepted)
            #expect(try await AccountTesting.messageCount(app, to: "13700001111") == 0)
        }
    }

    @Test("expired, guessed and replayed codes are refused")
    func badCodes() async throws {
        try await AccountTesting.withAccountsApp { app, clock, applicant in
            _ = try await app.post(json: applicant.registrationJSON, to: "/api/v1/accounts")
            let code = try await AccountTesting.lastCode(app)
            clock.advance(301)
            let expired = try await app.post(
                json: #"{"mobile":"\#(applicant.mobile)","code":"\#(code)"}"#, to: "/api/v1/accounts/verify-mobile")
            #expect(try expired.json(ProblemDocument.self).errors?.first?.code == "code-expired")

            let service = OneTimeCodeService(services: app.services, database: app.db)
            let mobile = try MobileNumber.parse(applicant.mobile)
            _ = try await service.issue(.signIn, to: mobile, language: .en, clientAddress: "192.0.2.1")
            let fresh = try await AccountTesting.lastCode(app)
            let wrong = fresh == "000000" ? "111111" : "000000"
            for _ in 1...5 {
                await #expect(throws: AccountFailure.self) {
                    try await service.check(.signIn, mobile: mobile, code: wrong)
                }
            }
            await #expect(throws: AccountFailure.self) { try await service.check(.signIn, mobile: mobile, code: fresh) }

            clock.advance(61)
            _ = try await service.issue(.signIn, to: mobile, language: .en, clientAddress: "192.0.2.1")
            let good = try await AccountTesting.lastCode(app)
            try await service.check(.signIn, mobile: mobile, code: good)
            do {
                try await service.check(.signIn, mobile: mobile, code: good)
                Issue.record("a replayed code was accepted")
            } catch let AccountFailure.invalid(failures) {
                #expect(failures.first?.error.code == "code-used")
            }
        }
    }

    @Test("sign out everywhere revokes refresh tokens; no password, code or ID number in the audit log")
    func signOutEverywhereAndAuditHygiene() async throws {
        try await AccountTesting.withAccountsApp { app, _, applicant in
            try await AccountTesting.registerVerified(app, applicant)
            let code = try await AccountTesting.lastCode(app)
            let tokens = try
                (await AccountTesting.token(app, identifier: applicant.idNumber, password: applicant.password))
                .json(Tokens.self)
            _ = try await AccountTesting.token(app, identifier: applicant.mobile, password: "Wrong-Pass-99")
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(tokens.accessToken)"]
            #expect(try await app.send(.POST, "/api/v1/me/sign-out-everywhere", headers: bearer).status == .noContent)
            let refresh = try await app.post(
                json: #"{"refreshToken":"\#(tokens.refreshToken)"}"#, to: "/api/v1/auth/refresh")
            #expect(refresh.status == .unauthorized)
            let audit = try await AccountTesting.auditText(app).joined(separator: "\n")
            for secret in [applicant.password, "Wrong-Pass-99", code, applicant.idNumber, applicant.mobile] {
                #expect(!audit.contains(secret), "audit log contains a secret")
            }
        }
    }
}
