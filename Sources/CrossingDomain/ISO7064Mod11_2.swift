/// ISO 7064 MOD 11-2, the check character of the resident ID number (GB 11643-1999) and of the
/// 2023 foreign permanent resident ID card. One implementation for both.
public enum ISO7064Mod11_2 {
    /// The check character ("0"..."9" or "X") for a body of ASCII digits, or nil if the body is
    /// empty or contains anything else.
    public static func checkCharacter(forDigits body: some StringProtocol) -> Character? {
        guard !body.isEmpty else { return nil }
        // Horner form of Σ digit_i × 2^(n+1-i) mod 11, so no weight table is needed for any length.
        var sum = 0
        for character in body {
            guard let digit = character.asciiDigitValue else { return nil }
            sum = ((sum + digit) * 2) % 11
        }
        let check = (12 - sum % 11) % 11
        return check == 10 ? "X" : Character(String(check))
    }

    /// Whether the last character is the correct check character of the others.
    public static func isValid(_ number: some StringProtocol) -> Bool {
        guard let last = number.last else { return false }
        return checkCharacter(forDigits: number.dropLast()) == last
    }
}
