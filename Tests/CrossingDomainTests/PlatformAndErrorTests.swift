import CrossingDomain
import Testing

struct PlatformFeatureTests {
    @Test func onlyDirectoryGuidesAndFeesAreLive() {
        #expect(PlatformFeature.liveFeatures == [.directory, .guides, .fees, .renewal, .appointments])
    }

    @Test func rawValuesMatchTheContract() {
        #expect(
            PlatformFeature.allCases.map(\.rawValue) == [
                "directory", "guides", "fees", "renewal", "appointments", "endorsements", "inquiries", "edocuments",
                "hmt",
            ])
        #expect(ServiceAudience.allCases.map(\.rawValue) == ["citizen", "foreigner", "hmt", "everyone"])
    }

    @Test func localizedTextPicksTheLanguage() {
        let text = LocalizedText(zh: "护照", en: "Passport")
        #expect(text.text(in: .zh) == "护照")
        #expect(text.text(in: .en) == "Passport")
        #expect(Language.allCases == [.zh, .en])
    }
}

/// Every error a person can see has a stable kebab-case code and a message in both languages.
struct DomainErrorCatalogueTests {
    static let all: [any DomainError] = [
        ResidentIDError.empty, ResidentIDError.wrongLength(3), ResidentIDError.invalidCharacter(position: 1),
        ResidentIDError.invalidAddressCode, ResidentIDError.invalidBirthDate, ResidentIDError.birthDateInFuture,
        ResidentIDError.checkCharacterMismatch(expected: "X", found: "1"),
        PermanentResidentCardError.empty, PermanentResidentCardError.wrongLength(3),
        PermanentResidentCardError.invalidCharacter(position: 1), PermanentResidentCardError.invalidPrefix,
        PermanentResidentCardError.invalidBirthDate,
        PermanentResidentCardError.checkCharacterMismatch(expected: "1", found: "2"),
        TravelDocumentNumberError.empty, TravelDocumentNumberError.invalidCharacter(position: 1),
        TravelDocumentNumberError.wrongLength(type: .homeReturnPermit, length: 3),
        TravelDocumentNumberError.invalidPrefix(type: .taiwanPermit), TravelDocumentNumberError.letterIOrO(position: 2),
        TravelDocumentNumberError.expectedDigit(position: 3),
        TravelDocumentNumberError.invalidFormat(type: .taiwanCompatriotPermit),
        MRZError.unsupportedCharacter("a", position: 1), MRZError.wrongLineCount(1),
        MRZError.wrongLineLength(line: 1, length: 3), MRZError.invalidCharacter(line: 1, position: 2),
        MRZError.invalidField(.sex), MRZError.checkDigitMismatch(field: .composite, expected: 1, found: "2"),
        S10Error.empty, S10Error.wrongLength(3), S10Error.invalidServiceIndicator, S10Error.invalidSerial,
        S10Error.expectedDigit(position: 3), S10Error.invalidCountryCode,
        S10Error.checkDigitMismatch(expected: 1, found: 2),
        FeeLookupError.unknownItem(code: "x"),
        FeeLookupError.noRateOnDate(code: "x", date: Fixtures.date("2020-01-01")),
        FeeScheduleError.duplicateItem(code: "x"), FeeScheduleError.noRates(code: "x"),
        FeeScheduleError.ratesOutOfOrder(code: "x"), FeeScheduleError.multipleUndatedRates(code: "x"),
    ]

    @Test func codesAreKebabCase() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        for error in Self.all {
            #expect(!error.code.isEmpty && error.code.allSatisfy(allowed.contains), "\(error.code)")
            #expect(!error.code.hasPrefix("-") && !error.code.hasSuffix("-") && !error.code.contains("--"))
        }
    }

    @Test func messagesExistInBothLanguages() {
        for error in Self.all {
            #expect(!error.message.zh.isEmpty && !error.message.en.isEmpty, "\(error.code)")
            #expect(error.message.zh != error.message.en)
        }
    }

    @Test func distinctCasesOfOneTypeHaveDistinctCodes() {
        var codesByType: [String: Set<String>] = [:]
        var countsByType: [String: Int] = [:]
        for error in Self.all {
            let type = String(describing: Swift.type(of: error))
            codesByType[type, default: []].insert(error.code)
            countsByType[type, default: 0] += 1
        }
        // MRZError deliberately shares "mrz-character" between its two character errors.
        for (type, codes) in codesByType {
            let expected = (countsByType[type] ?? 0) - (type == "MRZError" ? 1 : 0)
            #expect(codes.count == expected, "\(type)")
        }
    }
}
