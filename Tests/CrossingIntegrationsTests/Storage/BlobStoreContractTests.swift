import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

/// The behaviour every `BlobStore` shares, run against each adapter.
struct BlobStoreContractTests {
    enum Kind: String, CaseIterable, Sendable {
        case localFolder
        case inMemory
    }

    func withStore(_ kind: Kind, _ body: (any BlobStore) async throws -> Void) async throws {
        switch kind {
        case .inMemory:
            try await body(InMemoryBlobStore())
        case .localFolder:
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            try await body(try LocalFolderBlobStore(root: root))
        }
    }

    @Test(arguments: Kind.allCases)
    func putGetExistsDelete(kind: Kind) async throws {
        try await withStore(kind) { store in
            let data = Data("passport photo".utf8)
            let key = try await store.put(data, maxBytes: 1000)
            #expect(key == LocalFolderBlobStore.key(for: data))
            #expect(try await store.put(data, maxBytes: 1000) == key)
            #expect(try await store.get(key) == data)
            #expect(try await store.exists(key))
            try await store.delete(key)
            #expect(try await store.get(key) == nil)
            #expect(try await !store.exists(key))
            try await store.delete(key)
        }
    }

    @Test(arguments: Kind.allCases)
    func limitsAreTheSame(kind: Kind) async throws {
        try await withStore(kind) { store in
            await #expect(throws: BlobStoreError.tooLarge(bytes: 11, maxBytes: 10)) {
                try await store.put(Data(repeating: 1, count: 11), maxBytes: 10)
            }
            await #expect(throws: BlobStoreError.empty) { try await store.put(Data(), maxBytes: 10) }
            let key = try await store.put(Data(repeating: 1, count: 10), maxBytes: 10)
            #expect(try await store.exists(key))
        }
    }
}
