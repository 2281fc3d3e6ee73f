import CrossingDomain
import Foundation
import Vapor

/// The review page's decision forms as posted: `decision` (approve, return or reject), the
/// `version` the page was rendered with, for a return one `item-<code>` checkbox and `note-<code>`
/// text per `CorrectionRequest.Item`, for a rejection the `reason`.
struct StaffRenewalDecisionForm: Sendable {
    var decision = ""
    var version: Int?
    var checked: Set<CorrectionRequest.Item> = []
    var notes: [CorrectionRequest.Item: String] = [:]
    var reason = ""

    init() {}

    init(_ fields: [String: String]) {
        decision = fields["decision"] ?? ""
        version = fields["version"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        for item in CorrectionRequest.Item.allCases {
            if let value = fields["item-\(item.rawValue)"], !value.isEmpty { checked.insert(item) }
            let note = fields["note-\(item.rawValue)"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if !note.isEmpty { notes[item] = note }
        }
        reason = fields["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    enum Outcome {
        case valid(RenewalOffice.Decision)
        case invalid([FieldErrorView])
    }

    /// The decision, or the field errors to show on the page. An unknown decision is a bad request.
    func validate(_ t: StaffRenewalStrings) throws -> Outcome {
        switch decision {
        case "approve":
            return .valid(.approve)
        case "return":
            let corrections = CorrectionRequest.Item.allCases.filter(checked.contains).map {
                CorrectionRequest(item: $0, note: notes[$0])
            }
            let errors = ReviewDecisionRules.problems(returning: corrections).map { problem -> FieldErrorView in
                switch problem {
                case .noteMissing(let index):
                    FieldErrorView(field: "note-\(corrections[index].item.rawValue)", message: t.otherNoteMissing)
                case .noteTooLong(let index):
                    FieldErrorView(field: "note-\(corrections[index].item.rawValue)", message: t.noteTooLong)
                default:
                    FieldErrorView(field: "items", message: t.correctionsMissing)
                }
            }
            guard errors.isEmpty else { return .invalid(errors) }
            return .valid(.returnForCorrection(corrections))
        case "reject":
            guard ReviewDecisionRules.problems(rejecting: reason).isEmpty else {
                return .invalid([FieldErrorView(field: "reason", message: t.reasonMissing)])
            }
            return .valid(.reject(reason: reason))
        default:
            throw Problem(.badRequest, detail: "decision must be approve, return or reject.")
        }
    }

    /// The return form's checkboxes with what was entered and their errors.
    func items(_ t: StaffRenewalStrings, errors: [FieldErrorView]) -> [StaffRenewalItemView] {
        CorrectionRequest.Item.allCases.map { item in
            StaffRenewalItemView(
                value: item.rawValue, label: t.item(item), checked: checked.contains(item),
                note: FieldView(notes[item], field: "note-\(item.rawValue)", errors: errors))
        }
    }
}
