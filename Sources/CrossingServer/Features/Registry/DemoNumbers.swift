import CrossingDomain
import Foundation

/// Valid, made-up numbers for demo and test people. Formats follow the domain parsers; check
/// characters are computed, never typed in.
enum DemoNumbers {
    /// An 18-character resident ID (GB 11643): address code, birth date, a 3-digit sequence whose last
    /// digit is odd for men and even for women (`serial` picks among them), and the MOD 11-2 check.
    static func residentID(addressCode: String, birthDate: CalendarDate, sex: Sex, serial: Int) -> String {
        let body = addressCode + compact(birthDate) + sequence(serial: serial, sex: sex)
        return body + String(ResidentIDNumber.checkCharacter(forBody: body) ?? "0")
    }

    /// A 2023-form permanent resident card: "9", the province of application, the ISO 3166-1 numeric
    /// nationality, the birth date, a sequence (odd last digit for men) and the MOD 11-2 check.
    static func prCard2023(
        province: String, nationalityNumeric: String, birthDate: CalendarDate, sex: Sex, serial: Int
    )
        -> String
    {
        let body = "9" + province + nationalityNumeric + compact(birthDate) + sequence(serial: serial, sex: sex)
        return body + String(ResidentIDNumber.checkCharacter(forBody: body) ?? "0")
    }

    /// "E" + 8 digits, the current ordinary passport format.
    static func passport(_ serial: Int) -> String { "E" + digits(serial, 8) }
    /// "C" + 8 digits, the electronic HK-Macao travel permit.
    static func hkMacaoPermit(_ serial: Int) -> String { "C" + digits(serial, 8) }
    /// "H" (Hong Kong) or "M" (Macao) + 8 digits: the lifetime Home Return Permit number.
    static func homeReturnPermit(macao: Bool, _ serial: Int) -> String { (macao ? "M" : "H") + digits(serial, 8) }
    /// 8 digits, the Taiwan compatriot permit since 2008.
    static func taiwanCompatriotPermit(_ serial: Int) -> String { digits(serial, 8) }
    /// In the sandbox-safe range 1380000xxxx.
    static func mobile(_ serial: Int) -> String { "1380000" + digits(serial, 4) }

    /// Zero-padded to `width` (the lowest `width` digits of `value`).
    static func digits(_ value: Int, _ width: Int) -> String {
        var modulus = 1
        for _ in 0..<width { modulus *= 10 }
        let text = String(abs(value) % modulus)
        return String(repeating: "0", count: width - text.count) + text
    }

    /// The same day `years` earlier (28 February for 29 February in a common year).
    static func yearsBefore(_ date: CalendarDate, _ years: Int) -> CalendarDate {
        CalendarDate(year: date.year - years, month: date.month, day: date.day)
            ?? CalendarDate(year: date.year - years, month: date.month, day: 28) ?? date
    }

    /// The last valid day of a document valid `years` from `issue` (the day before the anniversary).
    static func expiry(issued issue: CalendarDate, years: Int) -> CalendarDate {
        yearsBefore(issue, -years).adding(days: -1)
    }

    /// A birth date at which a person is exactly `age` on `today`: the birthday was `daysAgo`
    /// (1-300) days ago.
    static func birthDate(age: Int, today: CalendarDate, daysAgo: Int) -> CalendarDate {
        yearsBefore(today, age).adding(days: -daysAgo)
    }

    private static func compact(_ date: CalendarDate) -> String {
        date.iso.replacingOccurrences(of: "-", with: "")
    }

    private static func sequence(serial: Int, sex: Sex) -> String {
        digits((serial % 500) * 2 + (sex == .male ? 1 : 0), 3)
    }
}
