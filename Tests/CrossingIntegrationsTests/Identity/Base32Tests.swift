import CrossingIntegrations
import Foundation
import Testing

@Suite("Base32 (RFC 4648)")
struct Base32Tests {
    /// RFC 4648 §10 test vectors, with the padding removed (we neither write nor accept it).
    @Test(arguments: [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI"),
    ])
    func matchesRFC4648Vectors(plain: String, encoded: String) {
        #expect(Base32.encode(Data(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Data(plain.utf8))
    }

    @Test func decodingIgnoresCaseAndSpaces() {
        #expect(Base32.decode("mzxw 6ytb oi") == Data("foobar".utf8))
        #expect(Base32.decode("GEZD GNBV gy3t qojq") == Data("1234567890".utf8))
    }

    @Test(arguments: [
        "MY======", "MZXQ====", "MZXW6===", "M", "MZX", "MZXW6Y", "MZ", "MZXR", "1ABC", "MZXW8", "MZ-W6", "MZXW\t6",
    ])
    func nonCanonicalOrInvalidTextIsRefused(text: String) {
        #expect(Base32.decode(text) == nil)
    }

    @Test func everyLengthRoundTrips() {
        var generator = SeededGenerator(seed: 7)
        for length in 0..<70 {
            let data = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            #expect(Base32.decode(Base32.encode(data)) == data)
        }
    }
}
