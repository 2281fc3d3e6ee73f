// Small, regex-free helpers shared by the document-number parsers. Explicit matchers are faster
// than NSRegularExpression, behave the same on every platform and let us say *where* input is wrong.

extension Character {
    var isASCIIDigit: Bool {
        guard let value = asciiValue else { return false }
        return value >= 0x30 && value <= 0x39
    }

    var isASCIIUppercaseLetter: Bool {
        guard let value = asciiValue else { return false }
        return value >= 0x41 && value <= 0x5A
    }

    var isASCIIAlphanumeric: Bool {
        isASCIIDigit || isASCIIUppercaseLetter || isASCIILowercaseLetter
    }

    var isASCIILowercaseLetter: Bool {
        guard let value = asciiValue else { return false }
        return value >= 0x61 && value <= 0x7A
    }

    /// 0...9 for an ASCII digit, nil for anything else (including non-ASCII digits such as "٣").
    var asciiDigitValue: Int? {
        guard isASCIIDigit, let value = asciiValue else { return nil }
        return Int(value - 0x30)
    }

    /// I and O are never used as series letters in PRC document numbers because they look like 1 and 0.
    var isConfusableIOrO: Bool { self == "I" || self == "O" }
}

extension String {
    func trimmingWhitespace() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
            let end = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[start...end])
    }
}

enum DocumentInput {
    /// Normalizes what a person typed or pasted: full-width forms (common with Chinese input methods)
    /// become ASCII, ASCII letters are upper-cased, and surrounding whitespace is dropped.
    /// With `removingInnerWhitespace` spaces inside the value are removed too ("E 1234 5678").
    static func normalize(_ raw: String, removingInnerWhitespace: Bool) -> [Character] {
        var characters: [Character] = []
        characters.reserveCapacity(raw.count)
        for character in raw {
            let folded = foldFullWidth(character)
            if let value = folded.asciiValue, value >= 0x61 && value <= 0x7A {
                characters.append(Character(Unicode.Scalar(value - 0x20)))
            } else {
                characters.append(folded)
            }
        }
        if removingInnerWhitespace {
            return characters.filter { !$0.isWhitespace }
        }
        let start = characters.firstIndex { !$0.isWhitespace } ?? characters.endIndex
        let end = characters.lastIndex { !$0.isWhitespace }.map { $0 + 1 } ?? start
        return start < end ? Array(characters[start..<end]) : []
    }

    private static func foldFullWidth(_ character: Character) -> Character {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else {
            return character
        }
        switch scalar.value {
        case 0x3000:
            return " "
        case 0xFF01...0xFF5E:
            // The full-width block mirrors ASCII 0x21...0x7E at a fixed offset.
            return Unicode.Scalar(scalar.value - 0xFEE0).map(Character.init) ?? character
        default:
            return character
        }
    }
}

/// One position of a fixed-length document-number pattern.
enum CharacterClass: Sendable {
    case digit
    /// A-Z without I and O (the "series letter" of passports and permits).
    case seriesLetter
    case oneOf(Set<Character>)

    func accepts(_ character: Character) -> Bool {
        switch self {
        case .digit: character.isASCIIDigit
        case .seriesLetter: character.isASCIIUppercaseLetter && !character.isConfusableIOrO
        case .oneOf(let allowed): allowed.contains(character)
        }
    }
}

/// A fixed-length pattern such as `E` + 8 digits, the regex-free equivalent of `^E\d{8}$`.
struct CharacterPattern: Sendable {
    let elements: [CharacterClass]

    init(_ elements: [CharacterClass]) {
        self.elements = elements
    }

    /// A literal prefix set followed by classes, e.g. `CharacterPattern(prefix: "HM", then: digits(8))`.
    init(prefix: String, then rest: [CharacterClass]) {
        self.elements = [.oneOf(Set(prefix))] + rest
    }

    static func digits(_ count: Int) -> [CharacterClass] {
        Array(repeating: .digit, count: count)
    }

    var length: Int { elements.count }

    func matches(_ characters: [Character]) -> Bool {
        firstMismatch(in: characters) == nil && characters.count == elements.count
    }

    /// Zero-based index of the first character the pattern rejects, or nil if all accepted.
    /// Only meaningful when the lengths are equal.
    func firstMismatch(in characters: [Character]) -> Int? {
        for (index, (element, character)) in zip(elements, characters).enumerated()
        where !element.accepts(character) {
            return index
        }
        return nil
    }
}
