import CrossingDomain
import Foundation
import Vapor

/// The appointment pages' wording (portal and back office), one property per string; the values live
/// in Resources/Localization/appointments/zh.json and en.json (a missing key fails start-up).
struct AppointmentStrings: Codable, Sendable {
    let myHeading: String
    let myIntro: String
    let bookButton: String
    let noAppointments: String
    let listCaption: String
    let whenColumn: String
    let serviceColumn: String
    let officeColumn: String
    let statusColumn: String
    let forColumn: String
    let openLink: String
    let newHeading: String
    let newIntro: String
    let forLabel: String
    let forSelf: String
    let serviceLabel: String
    let chooseService: String
    let cityLabel: String
    let cityHint: String
    let findOfficesButton: String
    let officesHeading: String
    let noOffices: String
    let chooseOffice: String
    let mapLink: String
    let daysHeading: String
    let daysIntro: String
    let closedHoliday: String
    let closedNotOpening: String
    let closedClosure: String
    let full: String
    let freePlaces: String
    let slotsHeading: String
    let noSlots: String
    let holdButton: String
    let heldHeading: String
    let heldIntro: String
    let confirmButton: String
    let cancelButton: String
    let releaseButton: String
    let confirmedHeading: String
    let codeLabel: String
    let codeHint: String
    let qrAlt: String
    let calendarLink: String
    let rescheduleLink: String
    let reschedulesLeft: String
    let statusHeld: String
    let statusConfirmed: String
    let statusCheckedIn: String
    let statusNoShow: String
    let statusCancelled: String
    let statusExpired: String
    let whenLabel: String
    let officeLabel: String
    let addressLabel: String
    let serviceRow: String
    let forRow: String
    let statusRow: String
    let rescheduleHeading: String
    let rescheduleIntro: String
    let moveButton: String
    let backToList: String
    let cancelledNotice: String
    let confirmedNotice: String
    let movedNotice: String
    let staffHeading: String
    let staffIntro: String
    let staffOfficeLabel: String
    let staffDateLabel: String
    let showButton: String
    let checkInHeading: String
    let checkInCodeLabel: String
    let checkInButton: String
    let checkedInNotice: String
    let noShowButton: String
    let noShowNotice: String
    let dayListHeading: String
    let dayListCaption: String
    let timeColumn: String
    let nameColumn: String
    let codeColumn: String
    let actionColumn: String
    let noBookings: String
    let formHeading: String
    let formIntro: String
    let capacityHeading: String
    let capacityIntro: String
    let groupColumn: String
    let slotsColumn: String
    let capacityColumn: String
    let bookedColumn: String
    let setCapacityButton: String
    let capacityNotice: String
    let closureHeading: String
    let closureIntro: String
    let fromLabel: String
    let toLabel: String
    let reasonLabel: String
    let closeButton: String
    let closureNotice: String
    let closuresHeading: String
    let investigateHeading: String
    let investigateIntro: String
    let clustersHeading: String
    let noClusters: String
    let kindColumn: String
    let keyColumn: String
    let bookingsColumn: String
    let peopleColumn: String
    let showBookings: String
    let clientFilter: String
    let bookerFilter: String
    let searchButton: String
    let resultsHeading: String
    let selectColumn: String
    let cancelSelectedButton: String
    let cancelledCountNotice: String
    let createdColumn: String
    let anyOffice: String
    let cancelMatchingButton: String
    let rowCancelButton: String
    let counterLink: String
    let capacityLink: String
    let investigateLink: String
    let dateInvalid: String
    let capacityInvalid: String
    let timeInvalid: String
    let reasonRequired: String
    let documentRow: String
    let unknownPerson: String
    let listReadNote: String

    func status(_ status: AppointmentStatus) -> String {
        switch status {
        case .held: statusHeld
        case .confirmed: statusConfirmed
        case .checkedIn: statusCheckedIn
        case .noShow: statusNoShow
        case .cancelled: statusCancelled
        case .expired: statusExpired
        }
    }
}

struct AppointmentStringTables: Sendable {
    var zh: AppointmentStrings
    var en: AppointmentStrings

    subscript(language: Language) -> AppointmentStrings { language == .zh ? zh : en }

    static func load(from directory: String) throws -> AppointmentStringTables {
        func read(_ language: Language) throws -> AppointmentStrings {
            let path = directory + "appointments/" + language.rawValue + ".json"
            do {
                return try JSONDecoder().decode(
                    AppointmentStrings.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw StartupError(description: "Cannot read the appointment strings in \(path): \(error)")
            }
        }
        return AppointmentStringTables(zh: try read(.zh), en: try read(.en))
    }
}

private struct AppointmentStringsKey: StorageKey {
    typealias Value = AppointmentStringTables
}

extension Application {
    var appointmentStrings: AppointmentStringTables {
        get {
            guard let strings = storage[AppointmentStringsKey.self] else {
                preconditionFailure("AppointmentFeature.configure must run before the appointment pages are used")
            }
            return strings
        }
        set { storage[AppointmentStringsKey.self] = newValue }
    }
}

extension Request {
    var appointmentStrings: AppointmentStrings { application.appointmentStrings[language] }
}
