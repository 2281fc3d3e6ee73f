import Vapor

/// The methods a path answers, for 405 responses' `Allow` header. A parameter does not stand for a
/// word that another route spells out at the same place (`/renewals/eligibility` is the eligibility
/// resource, which answers POST, even though `GET /renewals/{number}` would take any word).
enum AllowedMethods {
    static func `for`(path: String, in routes: Routes) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let patterns = routes.all.map(\.path)
        var methods = Set<String>()
        for route in routes.all where matches(route.path, segments, among: patterns) {
            methods.insert(route.method.rawValue)
            if route.method == .GET { methods.insert("HEAD") }
        }
        return methods.sorted()
    }

    private static func matches(_ pattern: [PathComponent], _ segments: [String], among all: [[PathComponent]]) -> Bool
    {
        var index = 0
        for component in pattern {
            switch component {
            case .catchall:
                return index < segments.count
            case .constant(let value):
                guard index < segments.count, segments[index] == value else { return false }
            case .parameter, .anything:
                guard index < segments.count, !isSpelledOut(segments, at: index, among: all) else { return false }
            }
            index += 1
        }
        return index == segments.count
    }

    /// Whether some route has `segments[index]` as a constant at `index`, after the same leading path.
    private static func isSpelledOut(_ segments: [String], at index: Int, among all: [[PathComponent]]) -> Bool {
        all.contains { pattern in
            guard pattern.count > index, case .constant(let word) = pattern[index], word == segments[index] else {
                return false
            }
            return zip(pattern.prefix(index), segments.prefix(index)).allSatisfy { component, segment in
                switch component {
                case .constant(let value): value == segment
                case .parameter, .anything: true
                case .catchall: false
                }
            }
        }
    }
}
