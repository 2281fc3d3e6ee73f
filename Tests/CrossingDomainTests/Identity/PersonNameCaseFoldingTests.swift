import CrossingDomain
import Testing

@Suite("Person names: letters whose capital is more than one character")
struct PersonNameCaseFoldingTests {
    // "ß" upper-cases to "SS" and "ŉ" to "ʼN": building one Character from either trapped the server.
    @Test(arguments: [("Strauß", "STRAUSS"), ("ŉ", "ʼN"), ("straße müller", "STRASSE MÜLLER")])
    func upperCasingThatGrowsIsKept(raw: String, expected: String) {
        #expect(PersonName.normalized(raw) == expected)
    }

    @Test func aNameTypedWithEszettMatchesItsCapitalForm() {
        #expect(PersonName.matches(registry: "STRAUSS", entered: "Strauß"))
    }
}
