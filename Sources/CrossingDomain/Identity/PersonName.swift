/// Comparison of names as typed against names as registered. People type the same name in many
/// ways (full-width letters from Chinese input methods, different middle dots in minority and
/// foreign names such as "买买提·艾力", extra spaces), and a real-name check must not fail on that.
public enum PersonName {
    /// The code points people use for the name separator dot; all become U+00B7 MIDDLE DOT, the
    /// form the registry uses. U+FF0E (full-width full stop) is here because input methods put it
    /// where a middle dot was meant; it must be mapped before full-width folding turns it into ".".
    static let middleDotVariants: Set<Unicode.Scalar> = [
        "\u{00B7}", "\u{2022}", "\u{30FB}", "\u{2027}", "\u{FF65}", "\u{FF0E}",
    ]
    static let middleDot: Character = "\u{00B7}"

    /// Trimmed, inner whitespace collapsed to one space, full-width ASCII folded to ASCII, middle-dot
    /// variants unified to U+00B7, Latin letters upper-cased. Whitespace next to a Han character
    /// or a middle dot is dropped ("张 三" is "张三", "买买提 · 艾力" is "买买提·艾力"), because
    /// Chinese names never contain spaces; between Latin words one space stays ("ANNE MARIE").
    public static func normalized(_ raw: String) -> String {
        var folded: [Character] = []
        folded.reserveCapacity(raw.count)
        for character in raw {
            if character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
                middleDotVariants.contains(scalar)
            {
                folded.append(middleDot)
                continue
            }
            let ascii = foldFullWidth(character)
            // Upper-casing can yield several characters ("ß" is "SS", "ŉ" is "ʼN"): append them all
            // (a Character built from that string traps; API fuzzing found it).
            if isLatinLetter(ascii) {
                folded.append(contentsOf: ascii.uppercased())
            } else {
                folded.append(ascii)
            }
        }
        var result: [Character] = []
        var pendingSpace = false
        for character in folded {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace, let previous = result.last, !isSpaceless(previous), !isSpaceless(character) {
                result.append(" ")
            }
            pendingSpace = false
            result.append(character)
        }
        return String(result)
    }

    /// Whether an entered name is the registered one. Both sides are normalized; an empty entry
    /// never matches.
    public static func matches(registry: String, entered: String) -> Bool {
        let enteredName = normalized(entered)
        guard !enteredName.isEmpty else { return false }
        return normalized(registry) == enteredName
    }

    /// Latin script (Basic Latin letters through Latin Extended-B and Latin Extended Additional),
    /// so "müller" and "MÜLLER" compare equal; other scripts have no case or keep theirs.
    static func isLatinLetter(_ character: Character) -> Bool {
        guard character.isLetter, let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: return true
        default: return false
        }
    }

    /// Full-width forms (U+FF01...U+FF5E) and the ideographic space as ASCII. DocumentInput has the
    /// same folding privately, for document numbers; names need it per character.
    static func foldFullWidth(_ character: Character) -> Character {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else {
            return character
        }
        switch scalar.value {
        case 0x3000: return " "
        case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0).map(Character.init) ?? character
        default: return character
        }
    }

    /// Characters next to which a space carries no meaning in a name.
    private static func isSpaceless(_ character: Character) -> Bool {
        if character == middleDot { return true }
        guard let scalar = character.unicodeScalars.first else { return false }
        return scalar.properties.isIdeographic
    }
}
