import Foundation

/// The key of a stored blob: the SHA-256 of its content as 64 lowercase hexadecimal characters.
/// Anything else is refused at construction, so a key can never name a path outside the store.
public struct BlobKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// nil unless `text` is exactly 64 characters 0-9 / a-f.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 64,
            bytes.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        self.rawValue = text
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let key = BlobKey(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not a SHA-256 blob key")
        }
        self = key
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Content-addressed storage for uploads (photos, signatures, ID card photos): the same bytes always
/// get the same key, so storing twice is harmless. Who may read a blob is decided by the caller
/// (the applicant and the reviewing officers), never by knowing the key.
public protocol BlobStore: Sendable {
    /// Stores `data` and returns its key. Refuses more than `maxBytes` bytes (`tooLarge`) and empty data.
    func put(_ data: Data, maxBytes: Int) async throws(BlobStoreError) -> BlobKey
    /// The bytes, or nil when there is no such blob.
    func get(_ key: BlobKey) async throws(BlobStoreError) -> Data?
    func exists(_ key: BlobKey) async throws(BlobStoreError) -> Bool
    /// Removes the blob; removing a missing blob is not an error.
    func delete(_ key: BlobKey) async throws(BlobStoreError)
}

public enum BlobStoreError: DomainError, Hashable {
    case empty
    case tooLarge(bytes: Int, maxBytes: Int)
    /// The storage itself failed (disk full, permissions); details are for the log, not for people.
    case storageFailure(String)
    /// The stored bytes no longer hash to their key (corruption on disk).
    case corrupted(BlobKey)

    public var code: String {
        switch self {
        case .empty: "blob-empty"
        case .tooLarge: "blob-too-large"
        case .storageFailure: "blob-storage-failure"
        case .corrupted: "blob-corrupted"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .empty: LocalizedText(zh: "文件是空的，请重新选择", en: "The file is empty; choose it again")
        case .tooLarge(let bytes, let maximum):
            LocalizedText(
                zh: "文件有\(bytes)字节，不能超过\(maximum)字节", en: "The file has \(bytes) bytes; at most \(maximum) are allowed")
        case .storageFailure, .corrupted:
            LocalizedText(
                zh: "文件暂时无法保存或读取，请稍后重试", en: "The file cannot be stored or read just now; please try again later")
        }
    }
}
