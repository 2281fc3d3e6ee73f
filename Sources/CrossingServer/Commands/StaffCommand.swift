import ConsoleKit
import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Vapor

/// `crossing staff create --username U --role officer|supervisor|administrator [--office CODE] --name NAME`
/// prints the initial password, the TOTP secret and its otpauth:// URI once (nothing stores them in the
/// clear); `crossing staff list` shows the staff accounts; `crossing staff reset --username U
/// [--password] [--totp]` issues new credentials (shown once) and signs the account out everywhere;
/// `crossing staff unlock --username U` lifts a lock-out. Every change is audited.
struct StaffCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create, list, reset (new password and/or authenticator) or unlock")
        var action: String

        @Option(name: "username", help: "sign-in name (a-z, 0-9, '.', '-', '_')")
        var username: String?

        @Option(name: "role", help: "officer, supervisor or administrator")
        var role: String?

        @Option(name: "office", help: "office code (officers and supervisors)")
        var office: String?

        @Option(name: "name", help: "the staff member's name, as shown on back-office pages")
        var name: String?

        @Flag(name: "password", help: "reset: issue a new password")
        var password: Bool

        @Flag(name: "totp", help: "reset: issue a new authenticator secret")
        var totp: Bool
    }

    var help: String { "Creates and lists staff accounts (officers, supervisors, administrators)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let service = StaffService(services: app.services, database: app.db, threadPool: app.passwordHashing.pool)
        switch signature.action {
        case "create":
            guard let username = signature.username, let roleName = signature.role, let name = signature.name else {
                throw StartupError(description: "Give --username, --role and --name.")
            }
            guard let role = Role(rawValue: roleName) else {
                throw StartupError(description: StaffCreationError.notAStaffRole(roleName).description)
            }
            let created: StaffService.Created
            do {
                created = try await service.create(
                    username: username, displayName: name, role: role, officeCode: signature.office)
            } catch let error as StaffCreationError {
                throw StartupError(description: error.description)
            }
            context.console.success("Created \(role.rawValue) \(created.username).")
            context.console.output("Initial password (shown once): \(created.initialPassword)".consoleText())
            context.console.output("TOTP secret (base32): \(created.totp.base32Secret)".consoleText())
            context.console.output("TOTP URI: \(created.provisioningURI)".consoleText())
        case "list":
            for row in try await service.list() {
                var line = "\(row.username)\t\(row.role)\t\(row.officeCode ?? "-")\t\(row.displayName)"
                if let until = row.lockedUntil, until > app.services.now() {
                    line += "\tlocked until \(until.formatted(.iso8601))"
                }
                context.console.output(line.consoleText())
            }
        case "reset":
            guard let username = signature.username, signature.password || signature.totp else {
                throw StartupError(description: "Give --username and at least one of --password and --totp.")
            }
            let reset: StaffService.Reset
            do {
                reset = try await service.reset(
                    username: username, password: signature.password, totp: signature.totp,
                    actor: "system:staff-command")
            } catch let error as StaffCreationError {
                throw StartupError(description: error.description)
            }
            context.console.success("Reset \(reset.username); every session and token of it is revoked.")
            if let password = reset.password {
                context.console.output("New password (shown once): \(password)".consoleText())
            }
            if let totp = reset.totp, let uri = reset.provisioningURI {
                context.console.output("New TOTP secret (base32): \(totp.base32Secret)".consoleText())
                context.console.output("TOTP URI: \(uri)".consoleText())
            }
        case "unlock":
            guard let username = signature.username else { throw StartupError(description: "Give --username.") }
            do {
                try await service.unlock(username: username, actor: "system:staff-command")
            } catch let error as StaffCreationError {
                throw StartupError(description: error.description)
            }
            context.console.success("Unlocked \(StaffService.normalized(username)).")
        default:
            throw StartupError(description: "Unknown action \(signature.action). Use create, list, reset or unlock.")
        }
    }
}
