import Foundation

/// Base32 (RFC 4648 §6), the encoding authenticator apps use for TOTP secrets.
///
/// Output has no "=" padding (authenticator apps and the Key URI Format omit it). Input is read
/// the way people type secrets: case-insensitive, spaces ignored; "=" is refused rather than
/// guessed at, as are impossible lengths and non-zero trailing bits (RFC 4648 §3.5), so each secret
/// has exactly one accepted spelling apart from case and spacing.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ data: Data) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((data.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in data {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((buffer >> UInt32(bits)) & 0x1f)])
            }
            buffer &= (1 << UInt32(bits)) - 1
        }
        if bits > 0 {
            out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes unpadded Base32; nil when the text is not a canonical encoding.
    public static func decode(_ text: String) -> Data? {
        let characters = text.utf8.filter { $0 != UInt8(ascii: " ") }
        // 8 characters carry 5 bytes; a final group of 1, 3 or 6 characters cannot end on a byte.
        guard ![1, 3, 6].contains(characters.count % 8) else { return nil }
        var out = Data()
        var buffer: UInt32 = 0
        var bits = 0
        for character in characters {
            guard let value = quintet(character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xff))
            }
            buffer &= (1 << UInt32(bits)) - 1
        }
        guard buffer == 0 else { return nil }
        return out
    }

    private static func quintet(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): character - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}
