import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

@Suite("SHA-256 chain hasher")
struct SHA256ChainHasherTests {
    /// FIPS 180-2 Appendix B.1 ("abc") and the well-known digest of the empty message.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func matchesTheFIPSVectors(message: String, expected: String) {
        #expect(SHA256ChainHasher().sha256Hex(Data(message.utf8)) == expected)
    }
}

@Suite("HMAC keyed digest")
struct HMACKeyedDigestTests {
    let key = Data.counting(32)

    /// RFC 4231 §4.3, test case 2: key "Jefe", data "what do ya want for nothing?".
    @Test func rawHMACMatchesRFC4231TestCase2() {
        let mac = HMACKeyedDigest.hmacSHA256Hex(
            key: Data("Jefe".utf8), message: Data("what do ya want for nothing?".utf8))
        #expect(mac == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    /// Pinned values, computed independently (Python hmac + RFC 5869 HKDF), so the construction
    /// cannot change without every stored digest breaking visibly.
    @Test(arguments: [
        ("blind-index", "aed86103c87843aad6320a6c3cd6496bfaffb43febd97aee5a8cc38cd39f0a95"),
        ("one-time-code", "9686fd5297811423498a6b13946f529ef2cd2310d8c3bb14f2787f57fa04349f"),
    ])
    func outputIsStable(purpose: String, expected: String) throws {
        let digest = try HMACKeyedDigest(key: key, purpose: purpose)
        #expect(digest.digest("110101199003078515") == expected)
        #expect(digest.digest("110101199003078515") == digest.digest("110101199003078515"))
    }

    @Test func differentPurposesGiveDifferentDigests() throws {
        let index = try HMACKeyedDigest(key: key, purpose: "blind-index")
        let codes = try HMACKeyedDigest(key: key, purpose: "one-time-code")
        #expect(index.digest("123456") != codes.digest("123456"))
    }

    @Test func differentKeysGiveDifferentDigests() throws {
        let first = try HMACKeyedDigest(key: key, purpose: "blind-index")
        let second = try HMACKeyedDigest(key: .counting(32, from: 1), purpose: "blind-index")
        #expect(first.digest("123456") != second.digest("123456"))
    }

    @Test func digestIsLowercaseHexOf32Bytes() throws {
        let value = try HMACKeyedDigest(key: key, purpose: "p").digest("张三")
        #expect(value.count == 64)
        #expect(value.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test(arguments: [0, 16, 31])
    func keysShorterThan32BytesAreRejected(length: Int) {
        #expect(throws: KeyConfigurationError.keyTooShort(byteCount: length, minimum: 32)) {
            try HMACKeyedDigest(key: .counting(length), purpose: "blind-index")
        }
    }

    @Test func longerKeysAreAccepted() throws {
        _ = try HMACKeyedDigest(key: .counting(64), purpose: "blind-index")
    }

    @Test func anEmptyPurposeIsRejected() {
        #expect(throws: KeyConfigurationError.emptyPurpose) { try HMACKeyedDigest(key: key, purpose: "") }
    }
}
