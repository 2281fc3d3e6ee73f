import CrossingIntegrations
import Foundation
import Testing

@Suite("ES256 access tokens")
struct ES256JWTTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let key = ES256JWT.generateKey()
    static let claims = ES256JWT.Claims(
        iss: "crossing", aud: "crossing-api", sub: "account-1", iat: 1_795_000_000, exp: 1_795_000_900, jti: "t1",
        knd: "applicant")

    static func verify(
        _ token: String, keys: [String: Data]? = nil, at date: Date = now
    ) throws(ES256JWT.VerificationError)
        -> ES256JWT.Claims
    {
        try ES256JWT.verify(
            token, publicKeys: keys ?? ["k1": key.publicKey], issuer: "crossing", audience: "crossing-api", now: date)
    }

    @Test func aSignedTokenVerifies() throws {
        let token = try ES256JWT.sign(Self.claims, keyID: "k1", privateKey: Self.key.privateKey)
        #expect(try Self.verify(token) == Self.claims)
    }

    @Test func tamperingWithThePayloadBreaksTheSignature() throws {
        let token = try ES256JWT.sign(Self.claims, keyID: "k1", privateKey: Self.key.privateKey)
        var forged = Self.claims
        forged.sub = "account-2"
        let parts = token.split(separator: ".")
        let payload = Base64URL.encode(try JSONEncoder().encode(forged))
        #expect(throws: ES256JWT.VerificationError.badSignature) {
            try Self.verify("\(parts[0]).\(payload).\(parts[2])")
        }
    }

    @Test(arguments: ["none", "HS256", "RS256", "ES384"])
    func onlyES256IsAccepted(algorithm: String) throws {
        let token = try ES256JWT.sign(Self.claims, keyID: "k1", privateKey: Self.key.privateKey)
        let parts = token.split(separator: ".")
        let header = Base64URL.encode(Data(#"{"alg":"\#(algorithm)","kid":"k1","typ":"JWT"}"#.utf8))
        #expect(throws: ES256JWT.VerificationError.unsupportedAlgorithm) {
            try Self.verify("\(header).\(parts[1]).\(parts[2])")
        }
    }

    @Test func anUnknownKeyIDIsRefused() throws {
        let token = try ES256JWT.sign(Self.claims, keyID: "retired-long-ago", privateKey: Self.key.privateKey)
        #expect(throws: ES256JWT.VerificationError.unknownKey) { try Self.verify(token) }
    }

    @Test func aTokenSignedByAnotherKeyIsRefused() throws {
        let other = ES256JWT.generateKey()
        let token = try ES256JWT.sign(Self.claims, keyID: "k1", privateKey: other.privateKey)
        #expect(throws: ES256JWT.VerificationError.badSignature) { try Self.verify(token) }
    }

    @Test func expiryAndIssueTimeAreChecked() throws {
        let token = try ES256JWT.sign(Self.claims, keyID: "k1", privateKey: Self.key.privateKey)
        #expect(throws: ES256JWT.VerificationError.expired) {
            try Self.verify(token, at: Self.now.addingTimeInterval(931))
        }
        #expect(throws: ES256JWT.VerificationError.notYetValid) {
            try Self.verify(token, at: Self.now.addingTimeInterval(-31))
        }
        _ = try Self.verify(token, at: Self.now.addingTimeInterval(920))
    }

    @Test func issuerAndAudienceMustMatch() throws {
        var claims = Self.claims
        claims.aud = "partner-api"
        let wrongAudience = try ES256JWT.sign(claims, keyID: "k1", privateKey: Self.key.privateKey)
        #expect(throws: ES256JWT.VerificationError.wrongAudience) { try Self.verify(wrongAudience) }
        claims = Self.claims
        claims.iss = "elsewhere"
        let wrongIssuer = try ES256JWT.sign(claims, keyID: "k1", privateKey: Self.key.privateKey)
        #expect(throws: ES256JWT.VerificationError.wrongIssuer) { try Self.verify(wrongIssuer) }
    }

    @Test(arguments: ["", "a.b", "a.b.c.d", "!!!.???.***", String(repeating: "a", count: 5_000)])
    func garbageIsMalformed(token: String) {
        #expect(throws: ES256JWT.VerificationError.self) { try Self.verify(token) }
    }

    @Test func theJWKCarriesTheCoordinates() throws {
        let jwk = try #require(ES256JWT.jwk(keyID: "k1", publicKey: Self.key.publicKey))
        #expect(jwk["kty"] == "EC" && jwk["crv"] == "P-256" && jwk["alg"] == "ES256" && jwk["kid"] == "k1")
        let x = try #require(jwk["x"].flatMap(Base64URL.decode))
        let y = try #require(jwk["y"].flatMap(Base64URL.decode))
        #expect(Data([0x04] + x + y) == Self.key.publicKey)
    }
}
