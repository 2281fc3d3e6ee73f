import CrossingDomain
import Foundation

/// Appointment rules and limits: `APPOINTMENT_SLOT_MINUTES`, `APPOINTMENT_HORIZON_DAYS`,
/// `APPOINTMENT_RELEASE_TIME`, `APPOINTMENT_RELEASE_STAGGER_MINUTES`, `APPOINTMENT_HOLD_SECONDS`,
/// `APPOINTMENT_MAX_RESCHEDULES`, `APPOINTMENT_RETURN_DELAY_SECONDS`, `APPOINTMENT_NO_SHOW_LIMIT`,
/// `APPOINTMENT_NO_SHOW_WINDOW_DAYS`, `APPOINTMENT_COOLING_OFF_DAYS`, `APPOINTMENT_MIN_LEAD_MINUTES`,
/// `APPOINTMENT_BOOKINGS_PER_ACCOUNT_PER_HOUR`, `APPOINTMENT_BOOKINGS_PER_ADDRESS_PER_HOUR`.
public struct AppointmentSettings: Sendable, Equatable {
    public var policy = AppointmentPolicy.standard
    /// Booking changes (hold, reschedule, cancel) per account per hour.
    public var perAccountPerHour = 20
    /// Booking changes per client address per hour (a household or office shares one address).
    public var perAddressPerHour = 120

    public init() {}

    static func load(_ reader: inout ConfigReader) -> AppointmentSettings {
        var settings = AppointmentSettings()
        var policy = AppointmentPolicy.standard
        if let value = reader.int("APPOINTMENT_SLOT_MINUTES", in: 5...240) { policy.slotMinutes = value }
        if let value = reader.int("APPOINTMENT_HORIZON_DAYS", in: 1...90) { policy.horizonDays = value }
        if let text = reader.string("APPOINTMENT_RELEASE_TIME") {
            if let minute = SlotTime.minute(of: text) {
                policy.releaseMinute = minute
            } else {
                reader.fail("APPOINTMENT_RELEASE_TIME", "a local time as HH:MM")
            }
        }
        if let value = reader.int("APPOINTMENT_RELEASE_STAGGER_MINUTES", in: 0...720) {
            policy.releaseStaggerMinutes = value
        }
        if let value = reader.int("APPOINTMENT_HOLD_SECONDS", in: 30...3_600) { policy.holdSeconds = Double(value) }
        if let value = reader.int("APPOINTMENT_MAX_RESCHEDULES", in: 0...10) { policy.maxReschedules = value }
        if let value = reader.int("APPOINTMENT_RETURN_DELAY_SECONDS", in: 0...86_400) {
            policy.cancelReturnDelay = Double(value)
        }
        if let value = reader.int("APPOINTMENT_NO_SHOW_LIMIT", in: 0...20) { policy.noShowLimit = value }
        if let value = reader.int("APPOINTMENT_NO_SHOW_WINDOW_DAYS", in: 1...730) { policy.noShowWindowDays = value }
        if let value = reader.int("APPOINTMENT_COOLING_OFF_DAYS", in: 0...365) { policy.coolingOffDays = value }
        if let value = reader.int("APPOINTMENT_MIN_LEAD_MINUTES", in: 0...1_440) { policy.minimumLeadMinutes = value }
        settings.policy = policy
        if let value = reader.int("APPOINTMENT_BOOKINGS_PER_ACCOUNT_PER_HOUR", in: 1...10_000) {
            settings.perAccountPerHour = value
        }
        if let value = reader.int("APPOINTMENT_BOOKINGS_PER_ADDRESS_PER_HOUR", in: 1...1_000_000) {
            settings.perAddressPerHour = value
        }
        return settings
    }
}
