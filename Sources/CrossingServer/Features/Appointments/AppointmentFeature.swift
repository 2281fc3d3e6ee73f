import CrossingDomain
import Foundation
import Vapor

/// Wires appointments: settings, job handlers, the API, the portal pages and the back-office pages.
enum AppointmentFeature {
    static func configure(_ app: Application) throws {
        app.appointmentSettings = app.services.config.appointments
        app.appointmentStrings = try AppointmentStringTables.load(
            from: app.directory.resourcesDirectory + "Localization/")
        AppointmentJobs.register(app)
    }

    static func routes(_ app: Application) throws {
        let api = app.grouped("api", "v1").grouped(AppointmentFailureMiddleware())
        try api.register(collection: AppointmentAPIController())
        try api.register(collection: StaffAppointmentAPIController())
        let pages = app.grouped(AppointmentFailureMiddleware()).grouped(CSRFMiddleware())
        try pages.register(collection: AppointmentPagesController())
        try pages.register(collection: StaffAppointmentPagesController())
    }
}

private struct AppointmentSettingsKey: StorageKey {
    typealias Value = AppointmentSettings
}

extension Application {
    /// The appointment rules in force (from the configuration; tests may adjust them).
    var appointmentSettings: AppointmentSettings {
        get { storage[AppointmentSettingsKey.self] ?? services.config.appointments }
        set { storage[AppointmentSettingsKey.self] = newValue }
    }
}
