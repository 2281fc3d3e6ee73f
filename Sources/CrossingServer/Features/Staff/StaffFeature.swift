import Fluent
import Vapor

/// Wires the staff feature: its table, the `staff` command, the back-office pages (CSRF-checked)
/// and the staff API.
enum StaffFeature {
    static func configure(_ app: Application) {
        app.asyncCommands.use(StaffCommand(), as: "staff")
    }

    static func routes(_ app: Application) throws {
        let pages = app.grouped(AccountFailureMiddleware()).grouped(StaffFailureMiddleware())
            .grouped(CSRFMiddleware())
        try pages.register(collection: StaffPagesController())
        let api = app.grouped("api", "v1").grouped(AccountFailureMiddleware()).grouped(StaffFailureMiddleware())
        try api.register(collection: StaffAPIController())
    }
}
