import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

@Suite("AES-GCM field cipher")
struct AESGCMFieldCipherTests {
    let k1 = Data.counting(32)
    let k2 = Data.counting(32, from: 100)

    func cipher(_ ring: [String: Data]? = nil, current: String = "k1") throws -> AESGCMFieldCipher {
        try AESGCMFieldCipher(keyring: ring ?? ["k1": k1], currentKeyID: current)
    }

    @Test(arguments: [
        "", "110101199003078515", "张三", "护照 E12345678 · 李四", "Ünïcødé 🛂", String(repeating: "长", count: 500),
    ])
    func sealedValuesOpenToTheSameText(plaintext: String) throws {
        let cipher = try cipher()
        let sealed = try cipher.seal(plaintext)
        #expect(try cipher.open(sealed) == plaintext)
    }

    @Test func sealedValuesNameTheFormatAndKey() throws {
        let sealed = try cipher().seal("E12345678")
        let parts = sealed.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3)
        #expect(parts[0] == "v1")
        #expect(parts[1] == "k1")
        // 12-byte nonce + 9 bytes + 16-byte tag = 37 bytes = 50 base64url characters without padding.
        #expect(parts[2].count == 50)
        #expect(!sealed.contains("E12345678"))
    }

    @Test func eachSealUsesAFreshNonce() throws {
        let cipher = try cipher()
        let first = try cipher.seal("110101199003078515")
        let second = try cipher.seal("110101199003078515")
        #expect(first != second)
        #expect(try cipher.open(first) == cipher.open(second))
    }

    @Test func changingAnyCharacterOfTheSealedValueFails() throws {
        let cipher = try cipher(["k1": k1, "k2": k2])
        let sealed = Array(try cipher.seal("李四 G12345678"))
        for index in sealed.indices {
            for replacement in ["A", "B", "a", "0", "-", "_", ".", "="] where Character(replacement) != sealed[index] {
                var tampered = sealed
                tampered[index] = Character(replacement)
                #expect(throws: FieldCipherError.self) { try cipher.open(String(tampered)) }
            }
        }
    }

    @Test func flippingAnyBitOfTheCiphertextFailsAuthentication() throws {
        let cipher = try cipher()
        let sealed = try cipher.seal("110101199003078515")
        let blob = try #require(Self.base64URLDecode(String(sealed.dropFirst("v1.k1.".count))))
        for index in blob.indices {
            for bit in 0..<8 {
                var tampered = blob
                tampered[index] ^= UInt8(1 << bit)
                let text = "v1.k1." + Self.base64URLEncode(tampered)
                #expect(throws: FieldCipherError.authenticationFailed) { try cipher.open(text) }
            }
        }
    }

    /// With the same key under two IDs only the authenticated data can tell them apart.
    @Test func theKeyIDIsAuthenticated() throws {
        let cipher = try cipher(["a": k1, "b": k1], current: "a")
        let sealed = try cipher.seal("E12345678")
        let relabelled = "v1.b." + sealed.dropFirst("v1.a.".count)
        #expect(throws: FieldCipherError.authenticationFailed) { try cipher.open(relabelled) }
    }

    @Test func swappingToAnotherKeyIDFails() throws {
        let cipher = try cipher(["k1": k1, "k2": k2])
        let sealed = try cipher.seal("E12345678")
        #expect(throws: FieldCipherError.authenticationFailed) {
            try cipher.open("v1.k2." + sealed.dropFirst("v1.k1.".count))
        }
    }

    @Test func keysRotateWithoutBreakingOldValues() throws {
        let before = try cipher(["k1": k1], current: "k1")
        let old = try before.seal("110101199003078515")
        let after = try cipher(["k1": k1, "k2": k2], current: "k2")
        #expect(try after.open(old) == "110101199003078515")
        let new = try after.seal("110101199003078515")
        #expect(new.hasPrefix("v1.k2."))
        #expect(try after.open(new) == "110101199003078515")
        #expect(throws: FieldCipherError.unknownKey(id: "k2")) { try before.open(new) }
    }

    @Test func aValueSealedWithARetiredKeyNamesTheKey() throws {
        let sealed = try cipher(["k9": k2], current: "k9").seal("x")
        #expect(throws: FieldCipherError.unknownKey(id: "k9")) { try cipher().open(sealed) }
    }

    @Test(arguments: [
        "", "v1", "v1.k1", "v1.k1.", "v2.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "V1.k1.AAAA", "v1.K1.AAAA",
        "v1..AAAA", "v1.k1.AAAA", "v1.k1.!!!!", "v1.k1.AAAA.AAAA", "v1.this-id-is-too-long.AAAA",
        "v1.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", "v1.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        " v1.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ])
    func malformedValuesAreRejected(text: String) throws {
        #expect(throws: FieldCipherError.malformed) { try cipher().open(text) }
    }

    @Test func keyringIsReadFromConfiguration() throws {
        let config = " k1:\(k1.base64EncodedString()), 2026-01:\(k2.base64EncodedString()) "
        let ring = try AESGCMFieldCipher.keyring(from: config)
        #expect(ring == ["k1": k1, "2026-01": k2])
        let cipher = try AESGCMFieldCipher(keyring: ring, currentKeyID: "2026-01")
        #expect(try cipher.open(cipher.seal("王五")) == "王五")
    }

    @Test(arguments: [
        ("", KeyConfigurationError.emptyKeyring),
        ("k1", .malformedEntry(position: 1)),
        ("k1:\(String(repeating: "A", count: 43))=,", .malformedEntry(position: 2)),
        ("k1:not base64!", .malformedEntry(position: 1)),
        ("K1:AAAA", .invalidKeyID("K1")),
        (":AAAA", .invalidKeyID("")),
        ("k1:AAAA", .wrongKeyLength(keyID: "k1", byteCount: 3)),
    ])
    func badConfigurationIsRejected(config: String, expected: KeyConfigurationError) {
        #expect(throws: expected) { try AESGCMFieldCipher.keyring(from: config) }
    }

    @Test func duplicateKeyIDsAreRejected() {
        let entry = "k1:\(k1.base64EncodedString())"
        #expect(throws: KeyConfigurationError.duplicateKeyID("k1")) {
            try AESGCMFieldCipher.keyring(from: "\(entry),\(entry)")
        }
    }

    @Test func configurationErrorsNeverContainKeyMaterial() {
        let secret = Data.counting(31).base64EncodedString()
        do {
            _ = try AESGCMFieldCipher.keyring(from: "k1:\(secret)")
            Issue.record("a 31-byte key was accepted")
        } catch {
            #expect(!String(describing: error).contains(secret))
        }
    }

    @Test func theRingIsValidatedWhenTheCipherIsMade() {
        #expect(throws: KeyConfigurationError.emptyKeyring) { try AESGCMFieldCipher(keyring: [:], currentKeyID: "k1") }
        #expect(throws: KeyConfigurationError.currentKeyMissing(keyID: "k2")) { try cipher(current: "k2") }
        #expect(throws: KeyConfigurationError.wrongKeyLength(keyID: "k1", byteCount: 16)) {
            try cipher(["k1": .counting(16)])
        }
        #expect(throws: KeyConfigurationError.invalidKeyID("k.1")) { try cipher(["k.1": k1], current: "k.1") }
    }

    @Test(arguments: [
        ("a", true), ("2026-01-rotation", true), ("0123456789abcdefg", false), ("k_1", false), ("", false),
    ])
    func keyIDsAreShortLowercaseTokens(keyID: String, valid: Bool) {
        #expect(AESGCMFieldCipher.isValidKeyID(keyID) == valid)
    }

    // Test-side base64url, through Foundation, so the test does not trust the adapter's own codec.
    static func base64URLEncode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func base64URLDecode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
