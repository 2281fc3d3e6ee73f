import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Portal error pages")
struct PortalErrorPagesTests {
    @Test func invalidFeeDateIsAFieldErrorKeepingWhatWasTyped() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/fees?date=2019-13-45") { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.mediaType == "text/html")
                #expect(res.text.contains(#"id="date-error""#))
                #expect(res.text.contains("请按“年-月-日”格式填写日期"))
                #expect(res.text.contains(#"value="2019-13-45""#))
                #expect(res.text.contains(#"aria-invalid="true""#))
                #expect(!res.text.contains("¥"), "no fee table for an invalid date")
            }
            try await app.testing().test(.GET, "/fees?date=2019-13-45&lang=en") { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.text.contains("YYYY-MM-DD"))
            }
        }
    }

    @Test func unknownCityIsAFieldError() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/offices?city=nowhere") { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.mediaType == "text/html")
                #expect(res.text.contains(#"id="city-error""#))
                #expect(res.text.contains("目录中没有该城市的出入境管理机构"))
                #expect(!res.text.contains(#"class="office__name""#))
            }
            try await app.testing().test(.GET, "/offices?city=nowhere&lang=en") { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.text.contains("No office in the directory is in that city"))
            }
        }
    }

    @Test func unknownServiceIsAFieldError() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/offices?service=fees") { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.text.contains(#"id="service-error""#))
            }
        }
    }

    @Test(arguments: ["/offices/nope", "/no-such-page", "/guides/nope", "/offices/bj-dongcheng/extra"])
    func missingPagesAreFriendlyHTMLInChinese(path: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, path) { res async throws in
                #expect(res.status == .notFound)
                #expect(res.mediaType == "text/html")
                #expect(res.text.hasPrefix("<!doctype html>"))
                #expect(res.text.contains(#"<html lang="zh-Hans""#))
                #expect(res.text.contains("找不到该页面或资源"))
                #expect(res.text.contains(#"href="/""#))
                let id = try #require(res.header("X-Request-ID"))
                #expect(res.text.contains(id), "the page quotes the request ID")
            }
        }
    }

    @Test(arguments: ["/offices/nope", "/no-such-page"])
    func missingPagesFollowTheChosenLanguage(path: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, path, headers: ["Accept-Language": "en-GB,en;q=0.9"]) {
                res async throws in
                #expect(res.status == .notFound)
                #expect(res.mediaType == "text/html")
                #expect(res.text.contains(#"<html lang="en""#))
                #expect(res.text.contains("Not found"))
                #expect(res.text.contains("Go to the home page"))
            }
            try await app.testing().test(.GET, path, headers: ["Cookie": "lang=en"]) { res async throws in
                #expect(res.text.contains(#"<html lang="en""#))
            }
        }
    }

    @Test func aBrowserAskingForJSONStillGetsAPageWhenItAcceptsHTML() async throws {
        try await withApp { app in
            let accept = "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8"
            try await app.testing().test(.GET, "/no-such-page", headers: ["Accept": accept]) { res async throws in
                #expect(res.status == .notFound)
                #expect(res.mediaType == "text/html")
            }
        }
    }
}
