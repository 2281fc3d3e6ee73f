import CrossingDomain
import Crypto
import Foundation

/// SHA-256 (FIPS 180-4) for the audit chain's links. Deliberately unkeyed: anyone holding a copy of
/// the log can recompute the chain and find the first altered entry.
public struct SHA256ChainHasher: ChainHasher {
    public init() {}

    public func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).lowercaseHex
    }
}
