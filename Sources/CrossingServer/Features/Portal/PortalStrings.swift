// The fixed wording of the portal pages, one property per string. The values live in
// Resources/Localization/zh.json and en.json so that translators edit data, not code; both files
// must decode into this struct, which makes a missing translation fail at start-up, not on a page.

/// Every piece of interface text the Leaf templates show, in one language.
struct PortalStrings: Codable, Sendable {
    // Layout: header, navigation, footer.
    let siteName: String
    let siteTagline: String
    let skipToContent: String
    let navLabel: String
    let navHome: String
    let navOffices: String
    let navGuides: String
    let navFees: String
    let footerOpenSource: String
    let footerSampleData: String

    // Shared by several pages.
    let noticeHeading: String
    let errorSummaryHeading: String
    let errorPrefix: String
    let statusLabel: String
    let statusAvailable: String
    let statusComingSoon: String
    let feeItemColumn: String
    let feeAmountColumn: String

    // Home page.
    let homeHeading: String
    let homeIntro: String

    // Office search.
    let officesHeading: String
    let officesIntro: String
    let searchLegend: String
    let cityLabel: String
    let serviceLabel: String
    let allCities: String
    let allServices: String
    let searchButton: String
    let resultsHeading: String
    let noOfficesFound: String
    let addressLabel: String
    let phoneLabel: String
    let servicesLabel: String

    // Office details.
    let contactHeading: String
    let openingHoursHeading: String
    let daysColumn: String
    let hoursColumn: String
    let countersLabel: String
    let servicesAtOfficeHeading: String
    let locationHeading: String
    let coordinatesLabel: String
    let openMap: String
    let opensExternalSite: String
    let backToOffices: String

    // Service guides.
    let guidesHeading: String
    let guidesIntro: String
    let audienceLabel: String
    let availabilityHeading: String
    let availableNote: String
    let comingSoonNote: String
    let whoCanApplyHeading: String
    let materialsHeading: String
    let stepsHeading: String
    let timeLimitHeading: String
    let feesHeading: String
    let noFees: String
    let whereToApplyHeading: String
    let findOfficesLink: String
    let sourcesHeading: String
    let backToGuides: String

    // Fee table.
    let feeTableHeading: String
    let feeTableIntro: String
    let dateLabel: String
    let dateHint: String
    let showFeesButton: String
    let feeTableCaption: String
    let feeUnitColumn: String
    let feeSinceColumn: String
    let feeBasisColumn: String
    let noFeesForDate: String
    let amountsNote: String

    // Error page.
    let errorStatusLabel: String
    let errorHelp: String
    let requestIDLabel: String
    let errorHomeLink: String
}
