import CrossingDomain
import Foundation
import Vapor

// Display-ready contexts for the account templates. Templates only lay them out.

/// One form field: what was entered (never for passwords) and its error, if any.
struct FieldView: Encodable, Sendable {
    var value: String
    var error: String
    var invalid: Bool

    init(_ value: String?, field: String, errors: [FieldErrorView]) {
        self.value = value ?? ""
        let messages = errors.filter { $0.field == field }.map(\.message)
        self.error = messages.joined(separator: " ")
        self.invalid = !messages.isEmpty
    }
}

struct RegisterContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AccountStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var documentKinds: [OptionView]
    var name: FieldView
    var documentKind: FieldView
    var documentNumber: FieldView
    var issuingCountry: FieldView
    var mobile: FieldView
    var password: FieldView
}

struct SignInContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AccountStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var next: String
    var identifier: FieldView
    var password: FieldView
}

struct VerifyMobileContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AccountStrings
    var csrfToken: String
    var errors: [FieldErrorView]
    var maskedMobile: String
    var notice: String
    var code: FieldView
}

struct SignInHistoryRow: Encodable, Sendable {
    var time: String
    var device: String
    var clientAddress: String
    var outcome: String
    var succeeded: Bool
}

struct ProfileContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AccountStrings
    var csrfToken: String
    var name: String
    var document: String
    var maskedMobile: String
    var mobileVerified: Bool
    var passwordMethodOn: Bool
    var history: [SignInHistoryRow]
}

struct SMSOutboxRow: Content, Sendable {
    var recipient: String
    var text: String
    var sentAt: String
    var template: String
}

struct DevSMSContext: Encodable, Sendable {
    var meta: PageMeta
    var t: AccountStrings
    var messages: [SMSOutboxRow]
}

extension Request {
    var accountStrings: AccountStrings { application.accountStrings[language] }
}
