import CrossingDomain
import Fluent
import Foundation
import SQLKit
import Vapor

// Timelines: what happened to one subject (an application, a payment, a parcel, a booking), in
// order, with actor and time. Features append in the transaction of the change; applicants read the
// timeline and follow it live over server-sent events. Positions count from 1 per subject; a UNIQUE
// (subject, position) makes two concurrent appends to one subject fail one of them rather than
// interleave (jobs retry; requests report a conflict).

final class TimelineEventRecord: Model, @unchecked Sendable {
    static let schema = "timeline_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "subject_type") var subjectType: String
    @Field(key: "subject_id") var subjectID: String
    /// The registry person whose matter this is (who may read it, with their helpers).
    @Field(key: "owner_person_key") var ownerPersonKey: String
    @Field(key: "position") var position: Int
    @Field(key: "kind") var kind: String
    /// `account:<id>`, `staff:<id>` or `system:<component>`.
    @Field(key: "actor") var actor: String
    @OptionalField(key: "on_behalf_of") var onBehalfOf: String?
    /// JSON object of strings.
    @Field(key: "details") var details: String
    @Field(key: "occurred_at") var occurredAt: Date

    init() {}
}

struct TimelineEventDraft: Sendable, Equatable {
    var subjectType: String
    var subjectID: String
    var ownerPersonKey: String
    var kind: String
    var actor: String
    var onBehalfOf: String? = nil
    var details: [String: String] = [:]
}

/// One event as applicants and the API see it.
struct TimelineEvent: Content, Equatable {
    var position: Int
    var kind: String
    var actor: String
    var onBehalfOf: String?
    var details: [String: String]
    var occurredAt: Date
}

enum Timeline {
    /// Appends an event; call with the database of the transaction that makes the change.
    @discardableResult
    static func append(_ draft: TimelineEventDraft, on database: any Database, now: Date) async throws -> Int {
        let last = try await TimelineEventRecord.query(on: database)
            .filter(\.$subjectType == draft.subjectType).filter(\.$subjectID == draft.subjectID)
            .max(\.$position)
        let record = TimelineEventRecord()
        record.subjectType = draft.subjectType
        record.subjectID = draft.subjectID
        record.ownerPersonKey = draft.ownerPersonKey
        record.position = (last ?? 0) + 1
        record.kind = draft.kind
        record.actor = draft.actor
        record.onBehalfOf = draft.onBehalfOf
        record.details = String(decoding: try JSONEncoder.sortedKeys.encode(draft.details), as: UTF8.self)
        record.occurredAt = now
        try await record.create(on: database)
        return record.position
    }

    /// Events of one subject after `position`, oldest first.
    static func events(
        subjectType: String, subjectID: String, after position: Int = 0, limit: Int = 500, on database: any Database
    ) async throws -> [TimelineEvent] {
        try await TimelineEventRecord.query(on: database)
            .filter(\.$subjectType == subjectType).filter(\.$subjectID == subjectID)
            .filter(\.$position > position)
            .sort(\.$position).limit(limit).all()
            .map { record in
                TimelineEvent(
                    position: record.position, kind: record.kind, actor: record.actor, onBehalfOf: record.onBehalfOf,
                    details: (try? JSONDecoder().decode([String: String].self, from: Data(record.details.utf8))) ?? [:],
                    occurredAt: record.occurredAt)
            }
    }

    /// The owner of a subject's timeline, nil when it has no events.
    static func owner(subjectType: String, subjectID: String, on database: any Database) async throws -> String? {
        try await TimelineEventRecord.query(on: database)
            .filter(\.$subjectType == subjectType).filter(\.$subjectID == subjectID)
            .sort(\.$position).first()?.ownerPersonKey
    }
}
