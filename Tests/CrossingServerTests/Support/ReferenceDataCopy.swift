import Foundation

/// A throwaway copy of Resources/ReferenceData that a test may edit, removed when the test ends.
struct ReferenceDataCopy {
    let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("crossing-reference-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: TestDefaults.referenceDataDirectory, toPath: directory)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Rewrites the office with `code` in offices.json.
    func editOffice(_ code: String, _ edit: (inout [String: Any]) -> Void) throws {
        let url = URL(fileURLWithPath: directory).appendingPathComponent("offices.json")
        guard var file = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
            var offices = file["offices"] as? [[String: Any]],
            let index = offices.firstIndex(where: { $0["code"] as? String == code })
        else { throw CocoaError(.fileReadCorruptFile) }
        edit(&offices[index])
        file["offices"] = offices
        try JSONSerialization.data(withJSONObject: file, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }
}
