import CrossingServer
import Foundation
import Logging
import Vapor

// Thin executable: reads the environment, builds the app and runs the Vapor command given
// (`serve` by default, `migrate`, `reference-data ...`, `routes`).
var env = try Environment.detect()
let logFormat = CrossingLogHandler.Format.from(environment: ProcessInfo.processInfo.environment)
try LoggingSystem.bootstrap(from: &env) { level in
    { label in CrossingLogHandler.make(label: label, level: level, format: logFormat) }
}
let app = try await Application.make(env)
do {
    let config = try AppConfig.load(
        from: ProcessInfo.processInfo.environment, isProduction: env.isRelease || env == .production)
    try await configure(app, config: config)
    try await app.execute()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
