import CrossingDomain
import Foundation
import Vapor

/// The portal's strings tables, one per language, read once at start-up.
struct PortalStringTables: Sendable {
    var zh: PortalStrings
    var en: PortalStrings

    subscript(language: Language) -> PortalStrings { language == .zh ? zh : en }

    /// Reads `Resources/Localization/<lang>.json`. A missing key fails start-up, naming the file.
    static func load(from directory: String) throws -> PortalStringTables {
        func read(_ language: Language) throws -> PortalStrings {
            let path = directory + language.rawValue + ".json"
            do {
                return try JSONDecoder().decode(PortalStrings.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw StartupError(description: "Cannot read the portal strings in \(path): \(error)")
            }
        }
        return PortalStringTables(zh: try read(.zh), en: try read(.en))
    }
}

struct StartupError: Error, CustomStringConvertible {
    var description: String
}

/// Builds what every page shares: language, title, navigation state and the language switch.
enum Portal {
    static func meta(_ request: Request, title: String, section: String) -> PageMeta {
        let language = request.language
        let other: Language = language == .zh ? .en : .zh
        return PageMeta(
            language: language.rawValue,
            htmlLanguage: language == .zh ? "zh-Hans" : "en",
            title: title,
            path: request.url.path,
            switchLanguageHref: switchLink(request, to: other),
            switchLanguageLabel: other == .zh ? "中文" : "English",
            section: section,
            requestID: request.requestID,
            signedIn: request.account != nil,
            staff: request.account?.kind == .staff,
            s: request.services.strings[language])
    }

    /// The same page in the other language: the current query with `lang` replaced.
    static func switchLink(_ request: Request, to language: Language) -> String {
        var items = (request.url.query ?? "").split(separator: "&").filter { !$0.hasPrefix("lang=") }.map(String.init)
        items.append("lang=\(language.rawValue)")
        return request.url.path + "?" + items.joined(separator: "&")
    }

    static func render<Context: Encodable & Sendable>(
        _ template: PortalTemplate, _ context: Context, for request: Request, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let view = try await request.view.render(template.rawValue, context)
        let response = try await view.encodeResponse(for: request)
        response.status = status
        response.headers.replaceOrAdd(name: .contentLanguage, value: request.language == .zh ? "zh-Hans" : "en")
        response.headers.replaceOrAdd(name: .vary, value: "Accept-Language, Cookie")
        return response
    }
}

/// Every template the portal renders: names are typed once, here.
enum PortalTemplate: String, CaseIterable, Sendable {
    case home
    case officeList = "offices/index"
    case officeDetail = "offices/show"
    case guideList = "guides/index"
    case guideDetail = "guides/show"
    case feeTable = "fees/index"
    case error
}

enum PortalErrorPage {
    /// Renders a problem as a friendly page. If even that fails, a plain text answer still goes out.
    static func render(_ problem: Problem, for request: Request) async throws -> Response {
        let language = request.language
        let heading = problem.kind.title.text(in: language)
        let message: String
        switch problem.kind {
        case .notFound:
            message =
                language == .zh
                ? "您要找的页面不存在，可能已被移动或地址有误。请检查地址，或返回首页。"
                : "The page you are looking for does not exist. Check the address, or go back to the home page."
        case .internalError, .serviceUnavailable:
            message =
                language == .zh
                ? "请稍后再试。如需联系我们，请提供请求编号：\(request.requestID)"
                : "Please try again later. If you contact us, quote this reference: \(request.requestID)"
        default:
            message = problem.errors.isEmpty ? problem.detail : problem.errors.map(\.message).joined(separator: " ")
        }
        guard request.application.storage[PortalReadyKey.self] == true else {
            return Response(status: problem.kind.status, body: .init(string: "\(heading)\n\(message)\n"))
        }
        let context = ErrorPageContext(
            meta: Portal.meta(request, title: heading, section: ""), status: Int(problem.kind.status.code),
            heading: heading, message: message)
        do {
            return try await Portal.render(.error, context, for: request, status: problem.kind.status)
        } catch {
            request.logger.error("error page could not be rendered")
            return Response(status: problem.kind.status, body: .init(string: "\(heading)\n\(message)\n"))
        }
    }
}

/// Set once the strings and views are configured, so an error before that still gets an answer.
struct PortalReadyKey: StorageKey {
    typealias Value = Bool
}
