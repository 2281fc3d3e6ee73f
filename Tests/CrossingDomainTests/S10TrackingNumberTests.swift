import CrossingDomain
import Testing

struct S10TrackingNumberTests {
    /// Check digits worked out by hand with weights 8,6,4,2,3,5,9,7:
    /// 47312482: 32+42+12+2+6+20+72+14 = 200; 200 mod 11 = 2; 11−2 = 9.
    /// 12345678: 8+12+12+8+15+30+63+56 = 204; 204 mod 11 = 6; 11−6 = 5.
    /// 98765432: 72+48+28+12+15+20+27+14 = 236; 236 mod 11 = 5; 11−5 = 6.
    /// 00000001: 7; 7 mod 11 = 7; 11−7 = 4.
    /// 02000000: 12; 12 mod 11 = 1; 11−1 = 10 → 0.
    /// 00000000: 0; 0 mod 11 = 0; 11−0 = 11 → 5.
    /// 10001000: 8+3 = 11; 11 mod 11 = 0; 11 → 5.
    @Test(arguments: [
        ("47312482", 9), ("12345678", 5), ("98765432", 6), ("00000001", 4), ("02000000", 0), ("00000000", 5),
        ("10001000", 5),
    ])
    func checkDigit(serial: String, expected: Int) {
        #expect(S10TrackingNumber.checkDigit(serial: serial) == expected)
    }

    @Test(arguments: ["1234567", "123456789", "1234567A", ""])
    func checkDigitNeedsEightDigits(serial: String) {
        #expect(S10TrackingNumber.checkDigit(serial: serial) == nil)
    }

    @Test(arguments: ["EE473124829CN", "ee 47312482 9 cn", "RR123456785GB", "CP020000000CN", "EA100010005CN"])
    func validNumbers(raw: String) throws {
        let number = try S10TrackingNumber.parse(raw)
        #expect(number.value.count == 13)
        #expect(number.value == raw.uppercased().filter { $0 != " " })
    }

    @Test func parsedParts() throws {
        let number = try S10TrackingNumber.parse("EE473124829CN")
        #expect(number.serviceIndicator == "EE")
        #expect(number.serial == "47312482")
        #expect(number.checkDigit == 9)
        #expect(number.countryCode == "CN")
    }

    @Test func makeComputesTheCheckDigit() throws {
        #expect(
            try S10TrackingNumber.make(serviceIndicator: "ee", serial: "47312482", country: "cn").value
                == "EE473124829CN")
        #expect(throws: S10Error.invalidSerial) {
            try S10TrackingNumber.make(serviceIndicator: "EE", serial: "4731248", country: "CN")
        }
        #expect(throws: S10Error.invalidServiceIndicator) {
            try S10TrackingNumber.make(serviceIndicator: "E1", serial: "47312482", country: "CN")
        }
        #expect(throws: S10Error.invalidCountryCode) {
            try S10TrackingNumber.make(serviceIndicator: "EE", serial: "47312482", country: "CHN")
        }
    }

    @Test(arguments: [
        ("", S10Error.empty),
        ("EE47312482CN", .wrongLength(12)),
        ("1136281381675", .invalidServiceIndicator),
        ("E1473124829CN", .invalidServiceIndicator),
        ("EE4731248A9CN", .expectedDigit(position: 10)),
        ("EE47312482XCN", .expectedDigit(position: 11)),
        ("EE473124829C1", .invalidCountryCode),
        ("EE473124828CN", .checkDigitMismatch(expected: 9, found: 8)),
    ])
    func invalidNumbers(raw: String, expected: S10Error) {
        #expect(throws: expected) { try S10TrackingNumber.parse(raw) }
    }
}
