import ConsoleKit
import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Vapor

/// `crossing staff create --username U --role officer|supervisor|administrator [--office CODE] --name NAME`
/// prints the initial password, the TOTP secret and its otpauth:// URI once (nothing stores them in the
/// clear); `crossing staff list` shows the staff accounts.
struct StaffCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create: add a staff account; list: show staff accounts")
        var action: String

        @Option(name: "username", help: "sign-in name (a-z, 0-9, '.', '-', '_')")
        var username: String?

        @Option(name: "role", help: "officer, supervisor or administrator")
        var role: String?

        @Option(name: "office", help: "office code (officers and supervisors)")
        var office: String?

        @Option(name: "name", help: "the staff member's name, as shown on back-office pages")
        var name: String?
    }

    var help: String { "Creates and lists staff accounts (officers, supervisors, administrators)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let service = StaffService(services: app.services, database: app.db, threadPool: app.threadPool)
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
        default:
            throw StartupError(description: "Unknown action \(signature.action). Use create or list.")
        }
    }
}
