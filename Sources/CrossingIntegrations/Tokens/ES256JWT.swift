import Crypto
import Foundation

/// Compact JWS access tokens signed with ES256 (ECDSA P-256 with SHA-256, RFC 7518 §3.4), the
/// signature being raw r ‖ s. Verification accepts only ES256 with a known key ID: "none", HMAC and
/// anything else are refused, so a token cannot choose a weaker check for itself.
public enum ES256JWT {
    public struct Claims: Codable, Sendable, Equatable {
        public var iss: String
        public var aud: String
        public var sub: String
        public var iat: Int64
        public var exp: Int64
        public var jti: String
        /// The account kind (applicant, staff, partner).
        public var knd: String

        public init(iss: String, aud: String, sub: String, iat: Int64, exp: Int64, jti: String, knd: String) {
            self.iss = iss
            self.aud = aud
            self.sub = sub
            self.iat = iat
            self.exp = exp
            self.jti = jti
            self.knd = knd
        }
    }

    struct Header: Codable, Equatable {
        var alg: String
        var typ: String
        var kid: String
    }

    public enum VerificationError: Error, Equatable, Sendable {
        case malformed
        case unsupportedAlgorithm
        case unknownKey
        case badSignature
        case expired
        case notYetValid
        case wrongIssuer
        case wrongAudience
    }

    public static func sign(_ claims: Claims, keyID: String, privateKey: Data) throws -> String {
        let key = try P256.Signing.PrivateKey(rawRepresentation: privateKey)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let header = Base64URL.encode(try encoder.encode(Header(alg: "ES256", typ: "JWT", kid: keyID)))
        let payload = Base64URL.encode(try encoder.encode(claims))
        let signingInput = header + "." + payload
        let signature = try key.signature(for: Data(signingInput.utf8)).rawRepresentation
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// Verifies signature, issuer, audience and time (with `leeway` seconds for clock differences).
    /// `publicKeys` maps key IDs to X9.63 public keys (the published JWK set).
    public static func verify(
        _ token: String, publicKeys: [String: Data], issuer: String, audience: String, now: Date,
        leeway: TimeInterval = 30
    ) throws(VerificationError) -> Claims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count <= 4_096,
            let headerBytes = Base64URL.decode(String(parts[0])),
            let payloadBytes = Base64URL.decode(String(parts[1])),
            let signatureBytes = Base64URL.decode(String(parts[2])),
            let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes))
        else { throw .malformed }
        guard header.alg == "ES256" else { throw .unsupportedAlgorithm }
        guard let keyData = publicKeys[header.kid],
            let key = try? P256.Signing.PublicKey(x963Representation: keyData)
        else { throw .unknownKey }
        guard let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signatureBytes),
            key.isValidSignature(signature, for: Data((parts[0] + "." + parts[1]).utf8))
        else { throw .badSignature }
        guard let claims = try? JSONDecoder().decode(Claims.self, from: Data(payloadBytes)) else { throw .malformed }
        guard claims.iss == issuer else { throw .wrongIssuer }
        guard claims.aud == audience else { throw .wrongAudience }
        let seconds = now.timeIntervalSince1970
        guard Double(claims.exp) + leeway > seconds else { throw .expired }
        guard Double(claims.iat) - leeway <= seconds else { throw .notYetValid }
        return claims
    }

    /// A new P-256 signing key: (private raw representation, public X9.63 representation).
    public static func generateKey() -> (privateKey: Data, publicKey: Data) {
        let key = P256.Signing.PrivateKey()
        return (key.rawRepresentation, key.publicKey.x963Representation)
    }

    /// The public key as a JWK (RFC 7517/7518) for the published key set.
    public static func jwk(keyID: String, publicKey: Data) -> [String: String]? {
        guard publicKey.count == 65, publicKey.first == 0x04 else { return nil }
        let x = publicKey[1..<33]
        let y = publicKey[33..<65]
        return [
            "kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": keyID,
            "x": Base64URL.encode(x), "y": Base64URL.encode(y),
        ]
    }
}
