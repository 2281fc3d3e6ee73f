import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Portal pages")
struct PortalPagesTests {
    /// The `<li class="card…">` of the service whose guide is at /guides/<code>.
    static func card(for code: String, in page: String) -> Substring? {
        page.components(separatedBy: #"<li class="card"#).dropFirst()
            .first { $0.contains(#"href="/guides/\#(code)""#) }
            .map { Substring($0) }
    }

    @Test func homeListsEveryServiceAndMarksWhichAreAvailable() async throws {
        let guides = try ReferenceFixture.guides()
        try await withApp { app in
            try await app.testing().test(.GET, "/") { res async throws in
                #expect(res.status == .ok)
                #expect(res.mediaType == "text/html")
                for guide in guides {
                    #expect(res.text.contains(html(guide.nameZh)), "home is missing \(guide.code)")
                    let card = try #require(Self.card(for: guide.code, in: res.text), "no card for \(guide.code)")
                    if ReferenceFixture.liveServices.contains(guide.code) {
                        #expect(card.contains("已开通"), "\(guide.code) should be marked available")
                        #expect(!card.contains("即将开通"))
                    } else {
                        #expect(card.contains("即将开通"), "\(guide.code) should be marked coming")
                        #expect(!card.contains("已开通"))
                    }
                }
                #expect(res.text.occurrences(of: "badge--available") == ReferenceFixture.liveServices.count)
                #expect(res.text.occurrences(of: "badge--coming") == guides.count - ReferenceFixture.liveServices.count)
            }
        }
    }

    @Test func homeInEnglishUsesEnglishNamesAndBadges() async throws {
        let guides = try ReferenceFixture.guides()
        try await withApp { app in
            try await app.testing().test(.GET, "/?lang=en") { res async throws in
                for guide in guides {
                    #expect(res.text.contains(html(guide.nameEn)), "home is missing \(guide.code)")
                }
                #expect(res.text.contains(">Available<"))
                #expect(res.text.contains(">Coming soon<"))
            }
        }
    }

    @Test func officeListFiltersByCityAndService() async throws {
        let expected = try ReferenceFixture.offices()
            .filter { $0.cityCode == "110100" && $0.services.contains("foreigner.visa") }.map(\.code)
        #expect(expected == ["bj-dongcheng"])
        let others = try ReferenceFixture.offices().map(\.code).filter { !expected.contains($0) }
        try await withApp { app in
            try await app.testing().test(.GET, "/offices?city=110100&service=foreigner.visa") { res async throws in
                #expect(res.status == .ok)
                #expect(res.mediaType == "text/html")
                for code in expected {
                    #expect(res.text.contains(#"href="/offices/\#(code)""#))
                }
                for code in others {
                    #expect(!res.text.contains(#"href="/offices/\#(code)""#), "\(code) should not be listed")
                }
                #expect(res.text.contains("共找到 1 个出入境管理机构"))
                // The form keeps what was chosen.
                #expect(res.text.contains(#"<option value="110100" selected>"#))
                #expect(res.text.contains(#"<option value="foreigner.visa" selected>"#))
            }
        }
    }

    @Test func officeListWithoutFiltersShowsEveryOffice() async throws {
        let offices = try ReferenceFixture.offices()
        try await withApp { app in
            try await app.testing().test(.GET, "/offices") { res async throws in
                #expect(res.status == .ok)
                #expect(res.text.occurrences(of: #"class="office__name""#) == offices.count)
            }
        }
    }

    @Test func officeDetailShowsAddressAndMapLink() async throws {
        let office = try #require(try ReferenceFixture.offices().first { $0.code == "bj-dongcheng" })
        try await withApp { app in
            try await app.testing().test(.GET, "/offices/bj-dongcheng") { res async throws in
                #expect(res.status == .ok)
                #expect(res.text.contains(html(office.addressZh)))
                #expect(res.text.contains(office.phone))
                #expect(res.text.contains(#"href="https://www.openstreetmap.org/?mlat="#))
                #expect(res.text.contains(#"href="/guides/foreigner.visa""#))
            }
            try await app.testing().test(.GET, "/offices/bj-dongcheng?lang=en") { res async throws in
                #expect(res.text.contains(html(office.addressEn)))
                #expect(res.text.contains("Monday to Friday"))
            }
        }
    }

    @Test func guideShowsItsMaterials() async throws {
        let guide = try #require(try ReferenceFixture.guides().first { $0.code == "passport.renewal-online" })
        try await withApp { app in
            try await app.testing().test(.GET, "/guides/passport.renewal-online") { res async throws in
                #expect(res.status == .ok)
                #expect(res.text.contains("所需材料"))
                for line in guide.materialsZh {
                    #expect(res.text.contains(html(line)))
                }
                // Today's passport fee (from 2019-07-01) is shown.
                #expect(res.text.contains("¥120.00"))
            }
            try await app.testing().test(.GET, "/guides/passport.renewal-online?lang=en") { res async throws in
                for line in guide.materialsEn {
                    #expect(res.text.contains(html(line)))
                }
            }
        }
    }

    @Test func guideListLinksEveryGuide() async throws {
        let guides = try ReferenceFixture.guides()
        try await withApp { app in
            try await app.testing().test(.GET, "/guides") { res async throws in
                #expect(res.status == .ok)
                for guide in guides {
                    #expect(res.text.contains(#"href="/guides/\#(guide.code)""#))
                }
            }
        }
    }

    @Test func feeTableShowsTheFeesInForceOnTheDate() async throws {
        let passport = try #require(try ReferenceFixture.fees().first { $0.code == "passport.ordinary" })
        try await withApp { app in
            try await app.testing().test(.GET, "/fees?date=2019-06-30") { res async throws in
                #expect(res.status == .ok)
                let row = try #require(
                    res.text.components(separatedBy: "<tr>").first { $0.contains(html(passport.nameZh)) })
                #expect(row.contains("¥160.00"))
                #expect(row.contains("自 2017-07-01"))
                #expect(res.text.contains(#"value="2019-06-30""#))
            }
        }
    }

    @Test func feeTableDefaultsToToday() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/fees") { res async throws in
                #expect(res.status == .ok)
                #expect(res.text.contains(#"value="2026-11-22""#))
                #expect(res.text.contains("¥120.00"))
            }
        }
    }
}
