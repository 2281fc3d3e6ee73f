import CrossingDomain
import Foundation

/// Shared test data for the identity rules: fixed instants, registry people and test-only fakes.
enum IdentityFixtures {
    static let today = Fixtures.date("2026-03-02")
    /// 2026-03-02T02:00:00Z (10:00 in Beijing).
    static let now = Date(timeIntervalSince1970: 1_772_416_800)

    static func at(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(seconds) }

    /// A resident ID number with a correct check character for a 17-digit body.
    static func residentID(_ body: String) -> String {
        guard let check = ResidentIDNumber.checkCharacter(forBody: body) else {
            preconditionFailure("Bad ID body \(body)")
        }
        return body + String(check)
    }

    static func citizen(
        _ id: String, name: String = "张三", born: String = "1985-06-15", idBody: String = "32050219850615001"
    ) -> RegistryPerson {
        RegistryPerson(
            id: PersonID(id), name: name, nameLatin: "ZHANG SAN",
            identity: IdentityDocument(kind: .residentID, number: residentID(idBody)), sex: .male,
            birthDate: Fixtures.date(born), nationality: "CHN", residency: .mainlandCitizen,
            household: HouseholdRegistration(cityCode: "320500", addressCode: "320502", address: "苏州市姑苏区"),
            biometricsOnFile: true, referencePhotoOnFile: true, mobile: "13812345678")
    }

    static func foreigner(_ id: String, born: String = "1990-01-20") -> RegistryPerson {
        RegistryPerson(
            id: PersonID(id), name: "SMITH JOHN", nameLatin: "SMITH JOHN",
            identity: IdentityDocument(kind: .passport, number: "123456789", issuingCountry: "GBR"), sex: .male,
            birthDate: Fixtures.date(born), nationality: "GBR", residency: .foreigner)
    }

    static func person(_ id: String, born: String) -> RegistryPerson {
        citizen(id, born: born)
    }
}

/// FNV-1a 64-bit, printed four times to look like 64 hex digits. NOT SHA-256 and not secure: it
/// only lets the chain tests run without a crypto library (the real hasher is in integrations).
struct FakeFNVChainHasher: ChainHasher {
    func sha256Hex(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        let padded = String(repeating: "0", count: 16 - hex.count) + hex
        return String(repeating: padded, count: 4)
    }
}

/// Deterministic generator (SplitMix64) so code-generation tests are repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
