import CrossingDomain
import Fluent
import Foundation

/// Who a notification is for: an account, or the registry person whose applicant account it goes to.
enum NotificationRecipient: Hashable, Sendable, Codable {
    case account(UUID)
    /// A registry person key (`AccountRecord.personKey`).
    case person(String)
}

/// The API other features call to tell someone something. Call `enqueue` inside the transaction of
/// the change the message is about: the `notification.send` job commits or rolls back with it. The
/// job renders the template in the person's language and sends it on each chosen channel, once.
enum Notifications {
    static let jobKind = "notification.send"

    /// Queues template `template` for `recipient`. `dedupeKey` names the event (e.g.
    /// `application:<id>:paid`): a second enqueue with the same key adds nothing and answers false,
    /// and each channel is sent at most once for it. Parameters are checked now, so a missing or
    /// malformed one fails the caller's transaction instead of a message going out with a blank.
    ///
    /// `notBefore` delays the sending (an appointment reminder the day before); nil sends at once.
    ///
    /// - Throws: `NotificationTemplateError` for a missing, malformed or unknown parameter;
    ///   `NotificationEnqueueError` for an empty or over-long key; database errors.
    @discardableResult
    static func enqueue(
        to recipient: NotificationRecipient, template: NotificationTemplateID, parameters: [String: String],
        dedupeKey: String, notBefore: Date? = nil, on database: any Database, now: Date
    ) async throws -> Bool {
        guard !dedupeKey.isEmpty, dedupeKey.count <= 200, !dedupeKey.contains(where: \.isNewline) else {
            throw NotificationEnqueueError.invalidDedupeKey
        }
        if case .person(let key) = recipient, key.isEmpty { throw NotificationEnqueueError.invalidRecipient }
        try NotificationCatalogue.template(template).validate(parameters)
        let job = NotificationJob(
            recipient: recipient, template: template.rawValue, parameters: parameters, dedupeKey: dedupeKey)
        return try await Outbox.enqueue(
            jobKind, job, dedupeKey: "notification:" + dedupeKey, notBefore: notBefore, on: database,
            now: now)
    }
}

enum NotificationEnqueueError: Error, Equatable {
    case invalidDedupeKey
    case invalidRecipient
}

/// The payload of a `notification.send` job.
struct NotificationJob: Codable, Sendable, Equatable {
    var recipient: NotificationRecipient
    var template: String
    var parameters: [String: String]
    var dedupeKey: String
}
