import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

struct LocalFolderBlobStoreTests {
    /// A fresh store in its own temporary folder, removed afterwards.
    func withStore(_ body: (LocalFolderBlobStore) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try await body(try LocalFolderBlobStore(root: root))
    }

    @Test func putReturnsTheSHA256AndGetReturnsTheBytes() async throws {
        try await withStore { store in
            let key = try await store.put(Data("abc".utf8), maxBytes: 100)
            // SHA-256("abc"), FIPS 180-2 appendix B.1.
            #expect(key.rawValue == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            #expect(try await store.get(key) == Data("abc".utf8))
            #expect(try await store.exists(key))
            #expect(store.fileURL(for: key).path.hasSuffix("/ba/78/\(key.rawValue)"))
        }
    }

    @Test func theSameContentIsStoredOnce() async throws {
        try await withStore { store in
            let first = try await store.put(Data("photo".utf8), maxBytes: 100)
            let second = try await store.put(Data("photo".utf8), maxBytes: 100)
            #expect(first == second)
            let folder = store.fileURL(for: first).deletingLastPathComponent()
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [first.rawValue])
        }
    }

    @Test func oversizeAndEmptyDataAreRefusedAndNothingIsWritten() async throws {
        try await withStore { store in
            let data = Data(repeating: 7, count: 101)
            await #expect(throws: BlobStoreError.tooLarge(bytes: 101, maxBytes: 100)) {
                try await store.put(data, maxBytes: 100)
            }
            await #expect(throws: BlobStoreError.empty) { try await store.put(Data(), maxBytes: 100) }
            let key = try #require(LocalFolderBlobStore.key(for: data))
            #expect(try await !store.exists(key))
            #expect(try await store.put(data, maxBytes: 101) == key)
        }
    }

    @Test func missingBlobsAreNilAndDeleteIsIdempotent() async throws {
        try await withStore { store in
            let key = try await store.put(Data("signature".utf8), maxBytes: 100)
            try await store.delete(key)
            #expect(try await store.get(key) == nil)
            #expect(try await !store.exists(key))
            try await store.delete(key)
        }
    }

    @Test func noTemporaryFilesAreLeftBehind() async throws {
        try await withStore { store in
            for index in 0..<20 { _ = try await store.put(Data("blob \(index)".utf8), maxBytes: 100) }
            let temporary = store.root.appendingPathComponent("tmp")
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
        }
    }

    @Test func concurrentPutsOfTheSameAndDifferentContentAllSucceed() async throws {
        try await withStore { store in
            let keys = try await withThrowingTaskGroup(of: BlobKey.self) { group in
                for index in 0..<40 {
                    group.addTask { try await store.put(Data("item \(index % 5)".utf8), maxBytes: 100) }
                }
                var keys: [BlobKey] = []
                for try await key in group { keys.append(key) }
                return keys
            }
            #expect(keys.count == 40)
            #expect(Set(keys).count == 5)
            for key in Set(keys) { #expect(try await store.get(key) != nil) }
        }
    }

    @Test func aBlobChangedOnDiskIsReportedCorrupted() async throws {
        try await withStore { store in
            let key = try await store.put(Data("original".utf8), maxBytes: 100)
            try Data("tampered".utf8).write(to: store.fileURL(for: key))
            await #expect(throws: BlobStoreError.corrupted(key)) { try await store.get(key) }
        }
    }

    /// Keys are parsed, never used as given: nothing but 64 lowercase hex characters becomes a key.
    @Test(arguments: [
        "../../../../etc/passwd", "..", "", "/etc/passwd",
        "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
        "ba/816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n", "g" + String(repeating: "0", count: 63),
        "０" + String(repeating: "0", count: 63),
    ])
    func pathTraversalIsImpossible(text: String) {
        #expect(BlobKey(text) == nil)
    }

    @Test func keysRoundTripThroughJSONAndRefuseBadText() throws {
        let key = try #require(BlobKey(String(repeating: "ab", count: 32)))
        let data = try JSONEncoder().encode([key])
        #expect(try JSONDecoder().decode([BlobKey].self, from: data) == [key])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([BlobKey].self, from: Data("[\"../x\"]".utf8)) }
    }
}
