/// The most common passwords in leaked Chinese and international lists (CSDN, 12306, Tianya and
/// yearly "worst password" rankings), lower-case. Many are shorter than the minimum length and
/// fail that rule too; they are listed anyway so the message says why they are bad.
enum CommonPasswords {
    static let list: Set<String> = [
        // Digit runs and keyboard patterns.
        "123456", "12345678", "123456789", "1234567890", "12345678910", "123123", "123123123", "111111",
        "11111111", "000000", "00000000", "888888", "88888888", "666666", "66666666", "654321", "987654321",
        "112233", "123321", "147258369", "159357", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "1qaz2wsx3edc",
        "qwerty", "qwertyuiop", "qwe123", "asdfghjkl", "zxcvbnm", "abc123", "abc123456", "abcd1234",
        // Letters plus digits.
        "a123456", "a12345678", "a123456789", "aa123456", "qq123456", "qq123456789", "password", "password1",
        "password123", "passw0rd", "p@ssw0rd", "admin", "admin123", "admin888", "iloveyou", "welcome",
        // Chinese favourites: 520/5201314 "I love you (for life)", woaini "I love you", pinyin.
        "5201314", "520520", "521521", "woaini", "woaini1314", "woaini520", "iloveyou1314", "wangyang",
        "zhang123", "li123456", "aini1314", "1314520", "147258", "a1314520",
    ]
}
