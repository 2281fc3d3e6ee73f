import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Vapor

/// Development only: an officer and a supervisor at bj-dongcheng and an administrator, with the demo
/// password and fixed TOTP secrets, printed at start so a developer can add them to an authenticator
/// app. Never runs in production.
enum DemoStaff {
    struct Seed {
        var username: String
        var name: String
        var role: Role
        var office: String?
        /// 20 ASCII bytes, the length of a generated secret.
        var secret: String
    }

    static let seeds = [
        Seed(
            username: "demo.officer", name: "Demo Officer 演示民警", role: .officer, office: "bj-dongcheng",
            secret: "crossing-demo-office"),
        Seed(
            username: "demo.supervisor", name: "Demo Supervisor 演示主管", role: .supervisor, office: "bj-dongcheng",
            secret: "crossing-demo-superv"),
        Seed(
            username: "demo.admin", name: "Demo Administrator 演示管理员", role: .administrator, office: nil,
            secret: "crossing-demo-admini"),
    ]

    /// Creates the demo staff accounts when missing; returns the lines to print.
    static func seed(_ app: Application, password: String) async throws -> [String] {
        let service = StaffService(services: app.services, database: app.db, threadPool: app.passwordHashing.pool)
        var lines: [String] = []
        for seed in seeds {
            let secret = Data(seed.secret.utf8)
            if try await AccountRecord.query(on: app.db).filter(\.$username == seed.username).first() == nil {
                do {
                    _ = try await service.create(
                        username: seed.username, displayName: seed.name, role: seed.role, officeCode: seed.office,
                        password: password, totpSecret: secret)
                } catch let error as StaffCreationError {
                    lines.append("  \(seed.username): not created (\(error.description))")
                    continue
                }
            }
            let totp = try CrossingIntegrations.TOTP(secret: secret)
            lines.append(
                "  \(seed.role.rawValue)\(seed.office.map { " at \($0)" } ?? ""): username \(seed.username), "
                    + "password \(password), TOTP secret \(totp.base32Secret) (sign in at /staff/sign-in)")
        }
        return lines
    }
}
