import CrossingDomain
import Fluent
import Foundation

/// Tells the owner of a parcel what happened to it, with the notification templates (`dispatched`,
/// `out-for-delivery`, `delivered`, `delivery-failed`). For the listener of the feature that owns
/// the subject: it knows the application number the `dispatched` template shows.
enum ShipmentNotifications {
    /// Enqueues the message for `change` in its transaction; false when the change has no message
    /// (e.g. collected, in transit) or it was enqueued before. Dedupe keys name the parcel, the step
    /// and the carrier's time of the scan, so a second delivery attempt is told again but a
    /// retried job never twice.
    @discardableResult
    static func enqueue(
        for change: ShipmentChange, applicationNumber: String, on transaction: any Database
    ) async throws -> Bool {
        guard let waybill = change.waybillNumber, let (template, step) = template(for: change) else { return false }
        var parameters = ["waybill": waybill]
        switch template {
        case .dispatched, .returnedToSender:
            parameters["applicationNumber"] = applicationNumber
        case .deliveryFailed:
            parameters["reason.zh"] = reason(change.latestScanDescription)
            parameters["reason.en"] = "the courier could not hand it over"
        default:
            break
        }
        let when = Int((change.latestScanTime ?? change.at).timeIntervalSince1970)
        return try await Notifications.enqueue(
            to: .person(change.owner.rawValue), template: template, parameters: parameters,
            dedupeKey: "shipment:\(change.shipmentID.uuidString):\(step):\(when)", on: transaction, now: change.at)
    }

    static func template(for change: ShipmentChange) -> (NotificationTemplateID, String)? {
        switch (change.kind, change.to) {
        case (.dispatched, _): (.dispatched, "dispatched")
        case (.stateChanged, .outForDelivery): (.outForDelivery, change.to.rawValue)
        case (.stateChanged, .delivered): (.delivered, change.to.rawValue)
        case (.stateChanged, .deliveryFailed): (.deliveryFailed, change.to.rawValue)
        case (.stateChanged, .returned): (.returnedToSender, change.to.rawValue)
        default: nil
        }
    }

    /// The carrier's words after "未妥投：", on one line, within the template's 64 characters.
    static func reason(_ description: String?) -> String {
        var text = description ?? ""
        if let colon = text.firstIndex(where: { $0 == "：" || $0 == ":" }) {
            text = String(text[text.index(after: colon)...])
        }
        text = text.filter { !$0.isNewline && $0 != "{" && $0 != "}" }.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "投递未成功" : String(text.prefix(64))
    }
}
