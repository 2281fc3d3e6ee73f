import Fluent
import Foundation

/// The name a staff account is shown with on back-office pages (applicants take theirs from the
/// registry). One row per staff account.
final class StaffProfileRecord: Model, @unchecked Sendable {
    static let schema = "staff_profiles"

    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "display_name") var displayName: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
