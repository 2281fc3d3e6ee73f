/// What a password is checked against: facts an attacker who knows the person could guess.
public struct PasswordContext: Hashable, Sendable {
    public var name: String?
    public var idNumber: String?
    public var mobile: String?
    public var birthDate: CalendarDate?

    public init(name: String? = nil, idNumber: String? = nil, mobile: String? = nil, birthDate: CalendarDate? = nil) {
        self.name = name
        self.idNumber = idNumber
        self.mobile = mobile
        self.birthDate = birthDate
    }
}

/// Password rules for applicant and staff accounts. Long passphrases are encouraged: from
/// `passphraseLength` characters on, no mix of character kinds is required.
public enum PasswordPolicy {
    public static let lengthRange = 10...128
    public static let passphraseLength = 16
    public static let requiredCharacterKinds = 3
    /// Shortest ID-number tail that may not appear (the last 6 digits are a favourite PIN).
    public static let idNumberTailLength = 6

    /// All problems at once, so the person can fix everything in one go; empty means acceptable.
    /// Lengths count characters as people see them (grapheme clusters).
    public static func check(_ password: String, context: PasswordContext) -> [PasswordProblem] {
        var problems: [PasswordProblem] = []
        let length = password.count
        if length < lengthRange.lowerBound { problems.append(.tooShort(minimum: lengthRange.lowerBound)) }
        if length > lengthRange.upperBound { problems.append(.tooLong(maximum: lengthRange.upperBound)) }
        let kinds = characterKinds(in: password)
        if length < passphraseLength, kinds < requiredCharacterKinds {
            problems.append(.tooFewCharacterKinds(found: kinds))
        }
        let lowered = password.lowercased()
        if let birthDate = context.birthDate, containsBirthDate(lowered, birthDate) {
            problems.append(.containsBirthDate)
        }
        if let id = context.idNumber?.trimmingWhitespace().uppercased(), id.count >= idNumberTailLength,
            lowered.contains(String(id.suffix(idNumberTailLength)).lowercased())
        {
            problems.append(.containsIDNumber)
        }
        if let mobile = context.mobile.map(digitsOnly), mobile.count >= 7, lowered.contains(mobile) {
            problems.append(.containsMobileNumber)
        }
        if let name = context.name.map(compactName), name.count >= 3, compactName(password).contains(name) {
            problems.append(.containsName)
        }
        if CommonPasswords.list.contains(lowered) { problems.append(.tooCommon) }
        return problems
    }

    /// How many of lower-case, upper-case, digit and symbol occur. Anything that is not a cased
    /// letter or an ASCII digit (punctuation, space, Chinese characters) counts as a symbol.
    static func characterKinds(in password: String) -> Int {
        var lower = false
        var upper = false
        var digit = false
        var symbol = false
        for character in password {
            if character.isLowercase {
                lower = true
            } else if character.isUppercase {
                upper = true
            } else if character.isASCIIDigit {
                digit = true
            } else {
                symbol = true
            }
        }
        return [lower, upper, digit, symbol].filter { $0 }.count
    }

    /// YYYYMMDD, YYMMDD, MMDDYYYY, DDMMYYYY anywhere, or the month-day (MMDD) together with the
    /// year anywhere ("Li0315@1990").
    static func containsBirthDate(_ password: String, _ date: CalendarDate) -> Bool {
        let iso = date.iso
        let year = String(iso.prefix(4))
        let shortYear = String(year.suffix(2))
        let month = String(iso.dropFirst(5).prefix(2))
        let day = String(iso.suffix(2))
        let forms = [year + month + day, shortYear + month + day, month + day + year, day + month + year]
        if forms.contains(where: password.contains) { return true }
        return password.contains(month + day) && password.contains(year)
    }

    static func digitsOnly(_ text: String) -> String {
        String(text.filter(\.isASCIIDigit))
    }

    /// Name as it would be typed into a password: normalized, no spaces or dots, lower-case.
    static func compactName(_ text: String) -> String {
        PersonName.normalized(text).filter { !$0.isWhitespace && $0 != PersonName.middleDot }.lowercased()
    }
}

public enum PasswordProblem: DomainError, Hashable {
    case tooShort(minimum: Int)
    case tooLong(maximum: Int)
    case tooFewCharacterKinds(found: Int)
    case containsBirthDate
    case containsIDNumber
    case containsMobileNumber
    case containsName
    case tooCommon

    public var code: String {
        switch self {
        case .tooShort: "password-too-short"
        case .tooLong: "password-too-long"
        case .tooFewCharacterKinds: "password-character-kinds"
        case .containsBirthDate: "password-contains-birth-date"
        case .containsIDNumber: "password-contains-id-number"
        case .containsMobileNumber: "password-contains-mobile"
        case .containsName: "password-contains-name"
        case .tooCommon: "password-too-common"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .tooShort(let minimum):
            LocalizedText(
                zh: "密码至少需要\(minimum)个字符，请设置更长的密码",
                en: "A password needs at least \(minimum) characters; please choose a longer one")
        case .tooLong(let maximum):
            LocalizedText(
                zh: "密码不能超过\(maximum)个字符，请缩短",
                en: "A password can have at most \(maximum) characters; please shorten it")
        case .tooFewCharacterKinds:
            LocalizedText(
                zh: "密码需包含小写字母、大写字母、数字、符号中的至少3种；或使用16个字符以上的长密码",
                en:
                    "Use at least 3 of: lower-case letters, capital letters, digits and symbols; or choose a password of 16 characters or more"
            )
        case .containsBirthDate:
            LocalizedText(
                zh: "密码不能包含您的出生日期，请换一个",
                en: "The password must not contain your date of birth; please choose another")
        case .containsIDNumber:
            LocalizedText(
                zh: "密码不能包含您的证件号码，请换一个",
                en: "The password must not contain your ID number; please choose another")
        case .containsMobileNumber:
            LocalizedText(
                zh: "密码不能包含您的手机号码，请换一个",
                en: "The password must not contain your mobile number; please choose another")
        case .containsName:
            LocalizedText(
                zh: "密码不能包含您的姓名，请换一个",
                en: "The password must not contain your name; please choose another")
        case .tooCommon:
            LocalizedText(
                zh: "这是最常用的密码之一，很容易被猜到，请换一个",
                en: "This is one of the most common passwords and is easy to guess; please choose another")
        }
    }
}
