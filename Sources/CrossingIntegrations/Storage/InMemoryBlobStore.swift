import CrossingDomain
import Foundation

/// `BlobStore` in memory, with the same keys and limits as `LocalFolderBlobStore`: for tests and for
/// throwaway development servers. Everything is lost when the process ends.
public actor InMemoryBlobStore: BlobStore {
    private var blobs: [BlobKey: Data] = [:]

    public init() {}

    public var count: Int { blobs.count }

    public func put(_ data: Data, maxBytes: Int) throws(BlobStoreError) -> BlobKey {
        guard !data.isEmpty else { throw .empty }
        guard data.count <= maxBytes else { throw .tooLarge(bytes: data.count, maxBytes: maxBytes) }
        guard let key = LocalFolderBlobStore.key(for: data) else { throw .storageFailure("cannot hash") }
        blobs[key] = data
        return key
    }

    public func get(_ key: BlobKey) throws(BlobStoreError) -> Data? { blobs[key] }

    public func exists(_ key: BlobKey) throws(BlobStoreError) -> Bool { blobs[key] != nil }

    public func delete(_ key: BlobKey) throws(BlobStoreError) { blobs[key] = nil }
}
