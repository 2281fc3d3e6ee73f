import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Choosing the language")
struct LanguageTests {
    @Test func chineseWithoutAnyPreference() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/") { res async throws in
                #expect(res.status == .ok)
                #expect(res.text.contains(#"<html lang="zh-Hans""#))
                #expect(res.text.contains("出入境在线服务"))
                #expect(res.header("Content-Language") == "zh-Hans")
            }
        }
    }

    @Test(arguments: ["en-GB,en;q=0.9", "en", "fr-FR, en;q=0.5", "zh-CN;q=0.3, en-US;q=0.8"])
    func acceptLanguagePreferringEnglish(header: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/", headers: ["Accept-Language": header]) { res async throws in
                #expect(res.text.contains(#"<html lang="en""#))
                #expect(res.text.contains("Exit and entry services online"))
                #expect(res.header("Content-Language") == "en")
            }
        }
    }

    @Test(arguments: ["zh-CN,zh;q=0.9,en;q=0.8", "fr-FR", "en;q=0", "*"])
    func acceptLanguageNotPreferringEnglish(header: String) async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/", headers: ["Accept-Language": header]) { res async throws in
                #expect(res.text.contains(#"<html lang="zh-Hans""#))
            }
        }
    }

    @Test func queryParameterSwitchesAndIsRemembered() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/guides?lang=en", headers: ["Accept-Language": "zh-CN"]) {
                res async throws in
                #expect(res.status == .ok)
                #expect(res.text.contains(#"<html lang="en""#))
                #expect(res.text.contains("Service guides"))
                let cookie = try #require(res.header("Set-Cookie"))
                #expect(cookie.hasPrefix("lang=en"))
                #expect(cookie.contains("Path=/"))
                #expect(cookie.lowercased().contains("httponly"))
            }
        }
    }

    @Test func cookieKeepsTheLanguage() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/fees", headers: ["Cookie": "lang=en", "Accept-Language": "zh-CN"]) {
                res async throws in
                #expect(res.text.contains(#"<html lang="en""#))
                #expect(res.text.contains("Check fees"))
                #expect(res.header("Set-Cookie") == nil)
            }
        }
    }

    @Test func queryOverridesTheCookie() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/?lang=zh", headers: ["Cookie": "lang=en"]) { res async throws in
                #expect(res.text.contains(#"<html lang="zh-Hans""#))
                #expect(res.header("Set-Cookie")?.hasPrefix("lang=zh") == true)
            }
        }
    }

    @Test func unknownLanguageIsIgnored() async throws {
        try await withApp { app in
            try await app.testing().test(.GET, "/?lang=fr", headers: ["Accept-Language": "en"]) { res async throws in
                #expect(res.status == .ok)
                #expect(res.text.contains(#"<html lang="en""#))
                #expect(res.header("Set-Cookie") == nil)
            }
        }
    }

    @Test(arguments: [("en-GB,en;q=0.9", "Not found"), ("zh-CN", "找不到该页面或资源"), ("", "找不到该页面或资源")])
    func apiProblemTitlesFollowAcceptLanguage(header: String, title: String) async throws {
        try await withApp { app in
            let headers: HTTPHeaders = header.isEmpty ? [:] : ["Accept-Language": header]
            try await app.testing().test(.GET, "/api/v1/guides/no-such-guide", headers: headers) { res async throws in
                #expect(res.status == .notFound)
                #expect(try res.json(ProblemDocument.self).title == title)
            }
        }
    }

    @Test func apiFieldMessagesFollowAcceptLanguage() async throws {
        try await withApp { app in
            let body = #"{"type":"resident-id","value":"110105194912310021"}"#
            let english = try await app.post(
                json: body, to: "/api/v1/document-numbers/validate", headers: ["Accept-Language": "en"])
            let chinese = try await app.post(
                json: body, to: "/api/v1/document-numbers/validate", headers: ["Accept-Language": "zh"])
            let englishMessage = try #require(try english.json(ProblemDocument.self).errors?.first?.message)
            let chineseMessage = try #require(try chinese.json(ProblemDocument.self).errors?.first?.message)
            #expect(englishMessage != chineseMessage)
            #expect(englishMessage.unicodeScalars.allSatisfy { $0.isASCII })
            #expect(chineseMessage.unicodeScalars.contains { !$0.isASCII })
        }
    }
}
