import CrossingDomain
import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `BlobStore` in a local folder: `<root>/ab/cd/<64-hex key>`, two levels of fan-out so no folder
/// holds millions of files. Writes go to `<root>/tmp/` first, are flushed to disk, then renamed into
/// place (rename(2) is atomic on one file system), so a reader never sees a half-written blob and a
/// crash leaves at most a stray temporary file. Keys are validated hex (`BlobKey`), so a key cannot
/// point outside the root.
public struct LocalFolderBlobStore: BlobStore {
    public let root: URL

    /// Creates the root and its temporary folder if needed.
    public init(root: URL) throws(BlobStoreError) {
        self.root = root.standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: temporaryFolder, withIntermediateDirectories: true)
        } catch {
            throw .storageFailure("cannot create \(self.root.path): \(error)")
        }
    }

    var temporaryFolder: URL { root.appendingPathComponent("tmp", isDirectory: true) }

    /// The file of a key (exposed for tests and operators).
    public func fileURL(for key: BlobKey) -> URL {
        let hex = key.rawValue
        return root.appendingPathComponent(String(hex.prefix(2)), isDirectory: true)
            .appendingPathComponent(String(hex.dropFirst(2).prefix(2)), isDirectory: true)
            .appendingPathComponent(hex, isDirectory: false)
    }

    public static func key(for data: Data) -> BlobKey? {
        BlobKey(SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
    }

    public func put(_ data: Data, maxBytes: Int) async throws(BlobStoreError) -> BlobKey {
        guard !data.isEmpty else { throw .empty }
        guard data.count <= maxBytes else { throw .tooLarge(bytes: data.count, maxBytes: maxBytes) }
        guard let key = Self.key(for: data) else { throw .storageFailure("cannot hash") }
        let destination = fileURL(for: key)
        if FileManager.default.fileExists(atPath: destination.path) { return key }
        let temporary = temporaryFolder.appendingPathComponent(UUID().uuidString + ".part")
        do {
            try FileManager.default.createDirectory(
                at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw BlobStoreError.storageFailure("cannot create \(temporary.path)")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            do {
                try handle.write(contentsOf: data)
                try handle.synchronize()
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            guard rename(temporary.path, destination.path) == 0 else {
                throw BlobStoreError.storageFailure("rename failed: errno \(errno)")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let failure = error as? BlobStoreError { throw failure }
            throw .storageFailure("\(error)")
        }
        return key
    }

    public func get(_ key: BlobKey) async throws(BlobStoreError) -> Data? {
        let url = fileURL(for: key)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .storageFailure("\(error)")
        }
        guard Self.key(for: data) == key else { throw .corrupted(key) }
        return data
    }

    public func exists(_ key: BlobKey) async throws(BlobStoreError) -> Bool {
        FileManager.default.fileExists(atPath: fileURL(for: key).path)
    }

    public func delete(_ key: BlobKey) async throws(BlobStoreError) {
        let url = fileURL(for: key)
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            if FileManager.default.fileExists(atPath: url.path) { throw .storageFailure("\(error)") }
        }
    }
}
