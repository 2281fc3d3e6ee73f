import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Staff credentials: reset by an administrator, unlock")
struct StaffResetTests {
    @Test("a reset issues a new password and authenticator; the old ones and every old token stop working")
    func reset() async throws {
        try await AccountTesting.withAccountsApp { app, clock, _ in
            let created = try await StaffTesting.create(app)
            let before = try await StaffTesting.token(
                app, "officer.li", created.initialPassword, StaffTesting.code(app, created))
            #expect(before.status == .ok)
            let refresh = try before.json(Tokens.self).refreshToken

            let reset = try await StaffTesting.service(app).reset(
                username: "Officer.Li", password: true, totp: true, actor: "system:test")
            let newPassword = try #require(reset.password)
            let newTOTP = try #require(reset.totp)
            #expect(newPassword != created.initialPassword)
            #expect(reset.provisioningURI?.hasPrefix("otpauth://totp/") == true)

            let reused = try await app.post(
                json: #"{"refreshToken":"\#(refresh)"}"#, to: "/api/v1/auth/refresh")
            #expect(reused.status == .unauthorized)
            clock.advance(31)
            let oldPassword = try await StaffTesting.token(
                app, "officer.li", created.initialPassword, newTOTP.code(at: app.services.now()))
            #expect(oldPassword.status == .unauthorized)
            clock.advance(31)
            let oldAuthenticator = try await StaffTesting.token(
                app, "officer.li", newPassword, StaffTesting.code(app, created))
            #expect(oldAuthenticator.status == .unauthorized)
            clock.advance(31)
            let fresh = try await StaffTesting.token(
                app, "officer.li", newPassword, newTOTP.code(at: app.services.now()))
            #expect(fresh.status == .ok, "\(fresh.text)")

            let audit = try await AuditLogRecord.query(on: app.db).filter(\.$action == "staff.reset").all()
            #expect(audit.count == 1)
            #expect(audit.first?.details.contains(newPassword) == false)
        }
    }

    @Test("unlock lifts a lock-out at once; unknown usernames are refused")
    func unlock() async throws {
        try await AccountTesting.withAccountsApp { app, _, _ in
            let created = try await StaffTesting.create(app)
            let account = created.account
            account.lockedUntil = app.services.now().addingTimeInterval(3_600)
            try await account.update(on: app.db)
            let locked = try await StaffTesting.token(
                app, "officer.li", created.initialPassword, StaffTesting.code(app, created))
            #expect(locked.status == .tooManyRequests)
            try await StaffTesting.service(app).unlock(username: "officer.li", actor: "system:test")
            #expect(try await AccountRecord.find(account.id, on: app.db)?.lockedUntil == nil)
            #expect(try await AuditLogRecord.query(on: app.db).filter(\.$action == "staff.unlock").count() == 1)
            await #expect(throws: StaffCreationError.unknownUsername("nobody")) {
                try await StaffTesting.service(app).unlock(username: "nobody", actor: "system:test")
            }
        }
    }
}
