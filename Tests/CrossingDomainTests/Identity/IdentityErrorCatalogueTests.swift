import CrossingDomain
import Testing

/// Every identity error a person can see has a stable kebab-case code and a message in both languages.
struct IdentityErrorCatalogueTests {
    static let all: [any DomainError] =
        [
            MobileNumberError.empty, MobileNumberError.invalidCharacter(position: 1), MobileNumberError.wrongLength(3),
            MobileNumberError.notMainlandMobile, IdentityDocumentError.passportNumberEmpty,
            IdentityDocumentError.passportNumberCharacter(position: 2), IdentityDocumentError.passportNumberLength(3),
            IdentityDocumentError.issuingCountryMissing, IdentityDocumentError.issuingCountryInvalid,
            RealNameMismatch(), OneTimeCodeError.wrongCode(remainingAttempts: 2), OneTimeCodeError.expired,
            OneTimeCodeError.tooManyAttempts, OneTimeCodeError.alreadyUsed, OneTimeCodeError.tooSoon(retryAfter: 42),
            OneTimeCodeError.dailyLimitReached, PasswordProblem.tooShort(minimum: 10), PasswordProblem.tooCommon,
            HighAssuranceError.faceVerificationRequired, RateLimitError(retryAfter: 61),
            LockoutError(retryAfter: 900),
        ] + FaceVerificationFailure.allCases + DelegationError.allCases + AuthorizationDenial.allCases

    @Test func codesAreUniqueKebabCase() {
        let codes = Self.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        for code in codes {
            #expect(code.allSatisfy { $0.isLowercase || $0 == "-" }, "\(code)")
            #expect(!code.hasPrefix("-") && !code.hasSuffix("-") && !code.contains("--"), "\(code)")
        }
    }

    @Test func messagesAreBilingual() {
        for error in Self.all {
            #expect(error.message.zh.unicodeScalars.contains { $0.properties.isIdeographic }, "\(error.code)")
            #expect(!error.message.en.isEmpty && error.message.en.first?.isUppercase == true, "\(error.code)")
        }
    }

    @Test func waitsAreShownInWholeUnits() {
        #expect(OneTimeCodeError.tooSoon(retryAfter: 41.2).message.en.contains("42 seconds"))
        #expect(RateLimitError(retryAfter: 61).message.en.contains("2 minutes"))
        #expect(RateLimitError(retryAfter: .infinity).message.en == "Too many attempts; please start again")
        #expect(OneTimeCodeError.wrongCode(remainingAttempts: 1).message.en.hasSuffix("1 more time"))
    }
}
