import CrossingDomain
import Foundation
import Vapor

// Display-ready contexts for the face-check and dependents templates.

struct FaceCheckContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AccountExtrasStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var next: String
    var lastPassed: String
}

struct FaceChallengeContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AccountExtrasStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var next: String
    var nonce: String
    var actions: [String]
    var expiresAt: String
    var sandbox: Bool
    var face: FieldView
    var actionsField: FieldView
}

struct FaceResultContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AccountExtrasStrings
    var csrfToken: String
    var passed: Bool
    var heading: String
    var message: String
    var next: String
}

struct DependentRow: Encodable, Sendable {
    var id: String
    var name: String
    var relationship: String
    var since: String
    /// In force and how, or waiting for the dependent until when.
    var status: String
    /// Waiting for the dependent: the row offers the code field and "send again".
    var pending: Bool
    /// A wrong code entered for this row ("" when none).
    var codeError: String
}

/// Someone who acts (or asked to act) for the signed-in person.
struct HelperRow: Encodable, Sendable {
    var id: String
    var name: String
    var relationship: String
    var since: String
    var status: String
    var pending: Bool
}

struct DependentsContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AccountExtrasStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var notice: String
    var faceRequired: Bool
    var faceCheckHref: String
    var dependents: [DependentRow]
    var c: DelegationConsentStrings
    var helpers: [HelperRow]
    var documentKinds: [OptionView]
    var relationships: [OptionView]
    var consents: [OptionView]
    var name: FieldView
    var documentKind: FieldView
    var documentNumber: FieldView
    var issuingCountry: FieldView
    var relationship: FieldView
    var consent: FieldView
}

extension Request {
    var accountExtrasStrings: AccountExtrasStrings { AccountExtrasStrings.table(language) }
}

enum AccountExtrasPaths {
    static let faceCheck = "/account/face-check"
    static let dependents = "/account/dependents"
}

/// The two page collections of this folder, registered together.
struct AccountExtrasPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        try routes.register(collection: FaceCheckPagesController())
        try routes.register(collection: DependentPagesController())
    }
}
