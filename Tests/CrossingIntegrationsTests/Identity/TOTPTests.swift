import CrossingIntegrations
import Foundation
import Testing

@Suite("TOTP (RFC 6238) and HOTP (RFC 4226)")
struct TOTPTests {
    /// RFC 6238 Appendix B seeds: the ASCII string "1234567890" repeated to 20, 32 and 64 bytes.
    static func rfcSeed(_ algorithm: TOTP.Algorithm) -> Data {
        let length = [TOTP.Algorithm.sha1: 20, .sha256: 32, .sha512: 64][algorithm] ?? 20
        return Data(String(repeating: "1234567890", count: 7).utf8.prefix(length))
    }

    struct Vector: Sendable, CustomTestStringConvertible {
        var time: TimeInterval
        var algorithm: TOTP.Algorithm
        var code: String
        var testDescription: String { "\(Int64(time)) \(algorithm.rawValue) → \(code)" }
    }

    /// RFC 6238 Appendix B, every row.
    static let appendixB: [Vector] = [
        (59, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ].flatMap { time, sha1, sha256, sha512 in
        [
            Vector(time: time, algorithm: .sha1, code: sha1),
            Vector(time: time, algorithm: .sha256, code: sha256),
            Vector(time: time, algorithm: .sha512, code: sha512),
        ]
    }

    @Test(arguments: appendixB)
    func matchesRFC6238AppendixB(vector: Vector) throws {
        let totp = try TOTP(secret: Self.rfcSeed(vector.algorithm), digits: 8, algorithm: vector.algorithm)
        let date = Date(timeIntervalSince1970: vector.time)
        #expect(totp.code(at: date) == vector.code)
        #expect(totp.verify(vector.code, at: date, allowedDrift: 0, notAfterStep: nil) == totp.timeStep(at: date))
    }

    /// RFC 4226 Appendix D: HOTP values for counters 0–9.
    @Test(
        arguments: Array(
            zip(
                0..<10,
                ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"])
        ))
    func matchesRFC4226AppendixD(counter: Int, expected: String) throws {
        let hotp = try TOTP(secret: Data("12345678901234567890".utf8))
        #expect(hotp.code(counter: UInt64(counter)) == expected)
    }

    @Test(arguments: [(59.0, Int64(1)), (60, 2), (1_111_111_109, 37_037_036), (20_000_000_000, 666_666_666), (-1, -1)])
    func timeStepsCountPeriodsSinceTheEpoch(time: TimeInterval, step: Int64) throws {
        let totp = try TOTP(secret: Self.rfcSeed(.sha1))
        #expect(totp.timeStep(at: Date(timeIntervalSince1970: time)) == step)
    }

    @Test func codesHaveSixDigitsByDefaultWithLeadingZerosKept() throws {
        let totp = try TOTP(secret: Self.rfcSeed(.sha1))
        for step in Int64(0)..<200 {
            let code = totp.code(step: step)
            #expect(code.count == 6 && code.allSatisfy(\.isASCII) && code.allSatisfy(\.isNumber))
        }
    }

    let now = Date(timeIntervalSince1970: 1_700_000_015)

    @Test func theCurrentCodeIsAcceptedAndReturnsItsStep() throws {
        let totp = try TOTP(secret: Self.rfcSeed(.sha1))
        let step = totp.timeStep(at: now)
        #expect(totp.verify(totp.code(at: now), at: now, notAfterStep: nil) == step)
    }

    @Test func aUsedCodeCannotBeReplayed() throws {
        let totp = try TOTP(secret: Self.rfcSeed(.sha1))
        let code = totp.code(at: now)
        let used = try #require(totp.verify(code, at: now, notAfterStep: nil))
        #expect(totp.verify(code, at: now, notAfterStep: used) == nil)
        #expect(totp.verify(code, at: now.addingTimeInterval(10), notAfterStep: used) == nil)
    }

    @Test func aCodeOlderThanTheLastUsedStepIsRefused() throws {
        let totp = try TOTP(secret: Self.rfcSeed(.sha1))
        let step = totp.timeStep(at: now)
        let previous = totp.code(step: step - 1)
        #expect(totp.verify(previous, at: now, notAfterStep: step) == nil)
        #expect(totp.verify(previous, at: now, notAfterStep: step - 2) == step - 1)
    }

    @Test(arguments: [(-1, true), (1, true), (-2, false), (2, false)])
    func oneStepOfDriftIsAllowedByDefault(offset: Int64, accepted: Bool) throws {
        let totp = try TOTP(secret: Self.rfcSeed(.sha1))
        let step = totp.timeStep(at: now) + offset
        #expect((totp.verify(totp.code(step: step), at: now, notAfterStep: nil) == step) == accepted)
    }

    @Test func theDriftWindowIsConfigurable() throws {
        let totp = try TOTP(secret: Self.rfcSeed(.sha1))
        let current = totp.timeStep(at: now)
        #expect(totp.verify(totp.code(step: current - 2), at: now, allowedDrift: 2, notAfterStep: nil) == current - 2)
        #expect(totp.verify(totp.code(step: current - 1), at: now, allowedDrift: 0, notAfterStep: nil) == nil)
        #expect(totp.verify(totp.code(step: current - 1), at: now, allowedDrift: -5, notAfterStep: nil) == nil)
        #expect(totp.verify(totp.code(step: current - 11), at: now, allowedDrift: 1000, notAfterStep: nil) == nil)
    }

    @Test(arguments: ["", "12345", "1234567", "12a456", " 123456", "１２３４５６"])
    func malformedCodesAreRefused(code: String) throws {
        let totp = try TOTP(secret: Self.rfcSeed(.sha1))
        #expect(totp.verify(code, at: now, notAfterStep: nil) == nil)
    }

    @Test func aWrongCodeIsRefused() throws {
        let totp = try TOTP(secret: Self.rfcSeed(.sha1))
        let window = (-1...1).map { totp.code(step: totp.timeStep(at: now) + Int64($0)) }
        let wrong = try #require((0..<1_000_000).lazy.map { String(format: "%06d", $0) }.first { !window.contains($0) })
        #expect(totp.verify(wrong, at: now, notAfterStep: nil) == nil)
    }

    @Test func badConfigurationIsRejected() {
        #expect(throws: TOTP.ConfigurationError.secretTooShort(byteCount: 15)) { try TOTP(secret: .counting(15)) }
        #expect(throws: TOTP.ConfigurationError.unsupportedDigits(5)) { try TOTP(secret: .counting(20), digits: 5) }
        #expect(throws: TOTP.ConfigurationError.unsupportedDigits(9)) { try TOTP(secret: .counting(20), digits: 9) }
        #expect(throws: TOTP.ConfigurationError.invalidPeriod) { try TOTP(secret: .counting(20), period: 0) }
        #expect(throws: TOTP.ConfigurationError.invalidPeriod) { try TOTP(secret: .counting(20), period: .nan) }
    }

    @Test func generatedSecretsAre20RandomBytes() throws {
        var first = SeededGenerator(seed: 1)
        var again = SeededGenerator(seed: 1)
        var other = SeededGenerator(seed: 2)
        let secret = TOTP.generateSecret(using: &first)
        #expect(secret.count == 20)
        #expect(secret == TOTP.generateSecret(using: &again))
        #expect(secret != TOTP.generateSecret(using: &other))
        #expect(secret != TOTP.generateSecret(using: &first))
        _ = try TOTP(secret: secret)
    }

    @Test func provisioningURIFollowsTheKeyURIFormat() throws {
        let totp = try TOTP(secret: Self.rfcSeed(.sha1))
        #expect(totp.base32Secret == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(
            totp.provisioningURI(issuer: "Crossing", account: "officer@bj-dongcheng")
                == "otpauth://totp/Crossing:officer%40bj-dongcheng?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Crossing&algorithm=SHA1&digits=6&period=30")
    }

    @Test func provisioningURIEscapesNamesAndStatesTheParameters() throws {
        let totp = try TOTP(secret: Self.rfcSeed(.sha256), digits: 8, period: 60, algorithm: .sha256)
        let uri = totp.provisioningURI(account: "王 officer:1")
        #expect(uri.hasPrefix("otpauth://totp/Crossing:%E7%8E%8B%20officer%3A1?secret="))
        #expect(uri.hasSuffix("&issuer=Crossing&algorithm=SHA256&digits=8&period=60"))
    }
}
