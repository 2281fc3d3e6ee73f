import CrossingDomain

// Display-ready values for the Leaf templates. Templates hold no rules: everything they show is
// computed here, in the chosen language.

/// What every page needs: language, title, navigation, the language switch and the strings table.
struct PageMeta: Encodable, Sendable {
    /// "zh" or "en".
    var language: String
    /// Value for `<html lang>`: "zh-Hans" or "en".
    var htmlLanguage: String
    /// Page title without the site name.
    var title: String
    /// Current path plus query, used to build the language-switch link.
    var path: String
    /// The link that switches to the other language on the same page.
    var switchLanguageHref: String
    /// The other language's own name ("English" or "中文").
    var switchLanguageLabel: String
    /// Which top navigation item is current: "home", "offices", "guides", "fees" or "".
    var section: String
    var requestID: String
    /// Whether someone is signed in: the header shows "My account" or "Sign in".
    var signedIn: Bool
    /// A staff account is signed in: the header links to the back office instead of "My account".
    var staff: Bool = false
    var s: PortalStrings
}

struct FieldErrorView: Encodable, Sendable {
    /// The form field's id, so the error summary can link to it.
    var field: String
    var message: String
}

struct OptionView: Encodable, Sendable {
    var value: String
    var label: String
    var selected: Bool
}

struct ServiceCardView: Encodable, Sendable {
    var code: String
    var name: String
    var summary: String
    /// Link to the service guide.
    var href: String
    var available: Bool
}

struct ServiceGroupView: Encodable, Sendable {
    /// Heading for the group, e.g. "For mainland citizens".
    var heading: String
    var services: [ServiceCardView]
}

struct HomeContext: Encodable, Sendable {
    var meta: PageMeta
    var groups: [ServiceGroupView]
}

struct OfficeSummaryView: Encodable, Sendable {
    var code: String
    var name: String
    var city: String
    var address: String
    var phone: String
    var href: String
    /// Names of the services offered, in the page language.
    var services: [String]
}

struct OfficeListContext: Encodable, Sendable {
    var meta: PageMeta
    var cityOptions: [OptionView]
    var serviceOptions: [OptionView]
    var offices: [OfficeSummaryView]
    /// E.g. "12 offices" / "共 12 个出入境管理机构".
    var resultSummary: String
    var errors: [FieldErrorView]
    /// Shown above the list: the directory holds sample data.
    var sampleNotice: String
}

struct OpeningHoursRowView: Encodable, Sendable {
    /// E.g. "Monday to Friday" / "周一至周五".
    var days: String
    /// E.g. "09:00–12:00".
    var hours: String
}

struct LinkView: Encodable, Sendable {
    var label: String
    var href: String
}

struct OfficeDetailContext: Encodable, Sendable {
    var meta: PageMeta
    var name: String
    var city: String
    var address: String
    var phone: String
    /// `tel:` link for the phone number.
    var phoneHref: String
    var hours: [OpeningHoursRowView]
    var counters: Int
    var services: [LinkView]
    /// OpenStreetMap link centred on the office.
    var mapHref: String
    var coordinates: String
    var sampleNotice: String
}

struct GuideListContext: Encodable, Sendable {
    var meta: PageMeta
    var groups: [ServiceGroupView]
}

struct FeeLineView: Encodable, Sendable {
    var name: String
    /// E.g. "¥120.00".
    var amount: String
}

struct GuideDetailContext: Encodable, Sendable {
    var meta: PageMeta
    var name: String
    var summary: String
    var available: Bool
    var audience: String
    var whoCanApply: [String]
    var materials: [String]
    var steps: [String]
    var timeLimit: String
    var fees: [FeeLineView]
    var feeNote: String
    /// Present when the service is done at an office: link to the directory filtered by this service.
    var officesHref: String?
    /// Present when the service can be started on this platform (e.g. booking an appointment).
    var startHref: String?
    var sources: [String]
}

struct FeeRowView: Encodable, Sendable {
    var code: String
    var name: String
    var unit: String
    var amount: String
    /// E.g. "since 2019-07-01" or "" when the start is unknown.
    var effectiveSince: String
    var basis: String
}

struct FeeTableContext: Encodable, Sendable {
    var meta: PageMeta
    /// The date the table applies to, "YYYY-MM-DD" (the form's current value).
    var date: String
    var rows: [FeeRowView]
    var errors: [FieldErrorView]
}

struct ErrorPageContext: Encodable, Sendable {
    var meta: PageMeta
    var status: Int
    var heading: String
    var message: String
}
