import CrossingDomain
import Foundation
import Vapor

/// Reads query parameters for the API and the portal, collecting a field error for each bad one
/// instead of failing on the first, so a client learns everything it must fix in one answer.
struct QueryInput {
    let request: Request
    private(set) var errors: [Problem.FieldError] = []

    init(_ request: Request) {
        self.request = request
    }

    func string(_ name: String) -> String? {
        guard let value = request.query[String.self, at: name]?.trimmingCharacters(in: .whitespacesAndNewlines),
            !value.isEmpty
        else { return nil }
        return value
    }

    /// The raw value when the parameter is present, even if empty (`?limit=`).
    private func raw(_ name: String) -> String? {
        request.query[String.self, at: name]?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    mutating func int(_ name: String, in range: ClosedRange<Int>, default fallback: Int?) -> Int? {
        guard let raw = raw(name) else { return fallback }
        guard let value = Int(raw), range.contains(value) else {
            fail(
                name, "out-of-range", "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
            return nil
        }
        return value
    }

    /// A "YYYY-MM-DD" date; today in the service's time zone when absent. A present but empty value is
    /// an error for API clients; a web form's empty field (`emptyMeansToday`) means today.
    mutating func date(_ name: String, emptyMeansToday: Bool = false) -> CalendarDate? {
        let today = CalendarDate.today(in: request.services.config.serviceTimeZone, now: request.services.now())
        guard let raw = raw(name), !(raw.isEmpty && emptyMeansToday) else { return today }
        guard let date = CalendarDate(iso: raw) else {
            fail(name, "invalid-date", "\(name) must be a date written as YYYY-MM-DD, for example 2026-02-12.")
            return nil
        }
        return date
    }

    mutating func fail(_ field: String, _ code: String, _ message: String) {
        errors.append(.init(field: field, code: code, message: message))
    }

    /// Throws the collected field errors as one 422 problem.
    func check() throws {
        if !errors.isEmpty { throw Problem.validation(errors) }
    }
}
