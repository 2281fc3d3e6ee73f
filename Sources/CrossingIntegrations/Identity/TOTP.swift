import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226), for staff sign-in with an
/// authenticator app.
///
/// `T0` is the Unix epoch; the step is `floor(unixTime / period)` (RFC 6238 §4.2). The secret is
/// never printed: the type has no description that includes it.
public struct TOTP: Sendable {
    /// The HMAC hash (RFC 6238 §1.2 allows SHA-1, SHA-256 and SHA-512; authenticator apps mostly
    /// support only SHA-1, so it stays the default).
    public enum Algorithm: String, Hashable, Sendable, Codable, CaseIterable {
        case sha1 = "SHA1"
        case sha256 = "SHA256"
        case sha512 = "SHA512"
    }

    public enum ConfigurationError: Error, Hashable, Sendable {
        /// RFC 4226 §4 R6: the shared secret must be at least 128 bits.
        case secretTooShort(byteCount: Int)
        /// RFC 4226 §5.3 allows 6 to 8 digits here (more than 9 exceed the 31-bit truncation).
        case unsupportedDigits(Int)
        /// The period must be a positive, finite number of seconds.
        case invalidPeriod
    }

    /// RFC 4226 §4 R6: at least 128 bits.
    public static let minimumSecretLength = 16
    /// RFC 4226 §4 R6 recommends 160 bits, the length of a SHA-1 output.
    public static let generatedSecretLength = 20
    /// A verification looks at most this many steps either side of now, whatever the caller asks.
    public static let maximumDrift = 10

    public let digits: Int
    public let period: TimeInterval
    public let algorithm: Algorithm
    private let secret: Data

    public init(
        secret: Data, digits: Int = 6, period: TimeInterval = 30, algorithm: Algorithm = .sha1
    ) throws(ConfigurationError) {
        guard secret.count >= Self.minimumSecretLength else { throw .secretTooShort(byteCount: secret.count) }
        guard (6...8).contains(digits) else { throw .unsupportedDigits(digits) }
        guard period.isFinite, period >= 1 else { throw .invalidPeriod }
        self.secret = secret
        self.digits = digits
        self.period = period
        self.algorithm = algorithm
    }

    /// The RFC 6238 time step containing `date`. Dates outside Int64's range clamp to its ends.
    public func timeStep(at date: Date) -> Int64 {
        let step = (date.timeIntervalSince1970 / period).rounded(.down)
        if let exact = Int64(exactly: step) { return exact }
        return step < 0 ? .min : .max
    }

    /// The code valid during the step containing `date`.
    public func code(at date: Date) -> String {
        code(step: timeStep(at: date))
    }

    /// The code for one time step. Steps before the epoch are not meaningful; they are fed to HOTP as
    /// their two's-complement bit pattern rather than trapping.
    public func code(step: Int64) -> String {
        code(counter: UInt64(bitPattern: step))
    }

    /// HOTP (RFC 4226 §5.3): HMAC over the 8-byte big-endian counter, dynamic truncation, then
    /// modulo 10^digits with leading zeros kept.
    public func code(counter: UInt64) -> String {
        let message = withUnsafeBytes(of: counter.bigEndian) { Data($0) }
        // `SymmetricKey` is not `Sendable` in swift-crypto 3, so the secret is kept as bytes.
        let key = SymmetricKey(data: secret)
        let mac: [UInt8] =
            switch algorithm {
            case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
            case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
            case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
            }
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// Checks `code` against the steps within `allowedDrift` of now (RFC 6238 §5.2 recommends at most
    /// one step back for network delay; clock skew may justify one forward).
    ///
    /// - Parameters:
    ///   - allowedDrift: steps either side; negative counts as 0, and more than `maximumDrift` is capped.
    ///   - lastUsed: the step of the last accepted code for this secret. Steps at or before it are
    ///     refused, so an observed code cannot be replayed (RFC 6238 §5.2: "MUST NOT accept the second
    ///     attempt of the same OTP").
    /// - Returns: the matching step, to store as the new `lastUsed`; nil when nothing matches.
    public func verify(_ code: String, at date: Date, allowedDrift: Int = 1, notAfterStep lastUsed: Int64?) -> Int64? {
        let entered = Array(code.utf8)
        guard entered.count == digits, entered.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        let drift = Int64(min(max(allowedDrift, 0), Self.maximumDrift))
        let now = timeStep(at: date)
        let (first, firstOverflow) = now.subtractingReportingOverflow(drift)
        let (last, lastOverflow) = now.addingReportingOverflow(drift)
        var matched: Int64?
        // Every candidate is compared, without stopping at a match, so the time taken does not tell
        // which step (or whether any) matched.
        for step in (firstOverflow ? .min : first)...(lastOverflow ? .max : last) {
            let matches = Self.constantTimeEquals(Array(self.code(step: step).utf8), entered)
            if matches, matched == nil, lastUsed.map({ step > $0 }) ?? true {
                matched = step
            }
        }
        return matched
    }

    /// Compares equal-length byte strings without an early exit.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// A new random secret of `generatedSecretLength` bytes.
    public static func generateSecret(using generator: inout some RandomNumberGenerator) -> Data {
        var bytes = Data()
        while bytes.count < generatedSecretLength {
            withUnsafeBytes(of: generator.next()) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes.prefix(generatedSecretLength))
    }

    /// The secret in Base32, as typed into an authenticator app by hand.
    public var base32Secret: String { Base32.encode(secret) }

    /// The `otpauth://` URI behind the enrolment QR code (the Key URI Format used by Google
    /// Authenticator and compatible apps): label `issuer:account`, with the issuer repeated as a
    /// parameter as that format recommends.
    public func provisioningURI(issuer: String = "Crossing", account: String) -> String {
        let label = "\(Self.percentEncoded(issuer)):\(Self.percentEncoded(account))"
        let periodText = Int64(exactly: period).map(String.init) ?? String(period)
        let query = [
            "secret=\(base32Secret)",
            "issuer=\(Self.percentEncoded(issuer))",
            "algorithm=\(algorithm.rawValue)",
            "digits=\(digits)",
            "period=\(periodText)",
        ]
        return "otpauth://totp/\(label)?\(query.joined(separator: "&"))"
    }

    /// Percent-encodes everything outside RFC 3986's unreserved characters.
    private static func percentEncoded(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
