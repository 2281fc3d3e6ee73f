/// A block of pre-printed document numbers: a prefix and a sequence, e.g. passports "EA0000001" to
/// "EA9999999" (domain-facts §1.1: once E + 8 digits ran out, E + a series letter + 7 digits).
/// Every number in the range passes `TravelDocumentNumber.parse` for the document type in its
/// current (non-legacy) format; the initialiser refuses a range for which that is not true.
public struct DocumentNumberRange: Hashable, Sendable, Codable {
    public let document: RenewalDocument
    public let prefix: String
    /// Digits after the prefix (zero-padded).
    public let digits: Int
    public let first: Int
    public let last: Int

    public init(
        document: RenewalDocument, prefix: String, digits: Int, first: Int, last: Int
    )
        throws(DocumentNumberAllocationError)
    {
        guard digits >= 1, digits <= 10, first >= 0, first <= last, String(last).count <= digits else {
            throw .invalidRange(prefix: prefix)
        }
        self.document = document
        self.prefix = prefix
        self.digits = digits
        self.first = first
        self.last = last
        // The bounds use every character position, so checking them checks every number in between.
        for sequence in [first, last] {
            guard let parsed = try? TravelDocumentNumber.parse(format(sequence), type: document.travelDocumentType),
                !parsed.isLegacy, parsed.value == format(sequence)
            else { throw .invalidRange(prefix: prefix) }
        }
    }

    /// A stable name for the range, e.g. "ordinary-passport:EA".
    public var id: String { "\(document.rawValue):\(prefix)" }

    public var capacity: Int { last - first + 1 }

    public func contains(sequence: Int) -> Bool { first <= sequence && sequence <= last }

    /// The number for a sequence, e.g. 42 → "EA0000042".
    public func format(_ sequence: Int) -> String {
        let text = String(sequence)
        return prefix + String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// The sequence of a number of this range, or nil if the number is not in it.
    public func sequence(of number: String) -> Int? {
        guard number.count == prefix.count + digits, number.hasPrefix(prefix),
            let value = Int(number.dropFirst(prefix.count)), contains(sequence: value)
        else { return nil }
        return value
    }

    /// The next free number after `lastIssued` (a sequence of this range; nil when none was issued).
    /// The caller stores the returned sequence as the new `lastIssued` in the same transaction as the
    /// issue, under a row lock, so two issues never get the same number.
    public func allocate(after lastIssued: Int?) throws(DocumentNumberAllocationError) -> AllocatedDocumentNumber {
        let next = lastIssued.map { $0 + 1 } ?? first
        guard next >= first else { throw .sequenceOutsideRange(rangeID: id) }
        guard next <= last else { throw .rangeExhausted(rangeID: id) }
        guard let number = try? TravelDocumentNumber.parse(format(next), type: document.travelDocumentType) else {
            throw .invalidRange(prefix: prefix)
        }
        return AllocatedDocumentNumber(rangeID: id, sequence: next, number: number)
    }
}

public struct AllocatedDocumentNumber: Hashable, Sendable {
    public let rangeID: String
    public let sequence: Int
    public let number: TravelDocumentNumber
}

/// The ranges in use for each document type, in the order they are used: when one runs out the next
/// takes over (like EA → EB).
public struct DocumentNumberPlan: Hashable, Sendable {
    public let ranges: [DocumentNumberRange]

    public init(ranges: [DocumentNumberRange]) throws(DocumentNumberAllocationError) {
        var seen: Set<String> = []
        for range in ranges where !seen.insert(range.id).inserted { throw .duplicateRange(rangeID: range.id) }
        self.ranges = ranges
    }

    /// The first ranges after the exhausted old formats (domain-facts §1.1-1.3): passports EA0000001,
    /// HK/Macao permits CA0000001; Taiwan permits keep letter + 8 digits (prefix "L", unverified).
    public static func initial() throws(DocumentNumberAllocationError) -> DocumentNumberPlan {
        try DocumentNumberPlan(ranges: [
            DocumentNumberRange(document: .ordinaryPassport, prefix: "EA", digits: 7, first: 1, last: 9_999_999),
            DocumentNumberRange(document: .hkMacaoPermit, prefix: "CA", digits: 7, first: 1, last: 9_999_999),
            DocumentNumberRange(document: .taiwanPermit, prefix: "L", digits: 8, first: 1, last: 99_999_999),
        ])
    }

    public func ranges(for document: RenewalDocument) -> [DocumentNumberRange] {
        ranges.filter { $0.document == document }
    }

    /// The next number for `document`. `lastIssued` gives the last sequence issued per range ID
    /// (missing: none yet); the first range with numbers left is used.
    public func allocate(
        _ document: RenewalDocument, lastIssued: [String: Int]
    ) throws(DocumentNumberAllocationError) -> AllocatedDocumentNumber {
        let candidates = ranges(for: document)
        guard !candidates.isEmpty else { throw .noRange(document: document) }
        for range in candidates {
            let last = lastIssued[range.id]
            if let last, last >= range.last { continue }
            return try range.allocate(after: last)
        }
        throw .allRangesExhausted(document: document)
    }
}

public enum DocumentNumberAllocationError: DomainError, Hashable {
    case invalidRange(prefix: String)
    case duplicateRange(rangeID: String)
    case sequenceOutsideRange(rangeID: String)
    case rangeExhausted(rangeID: String)
    case noRange(document: RenewalDocument)
    case allRangesExhausted(document: RenewalDocument)

    public var code: String {
        switch self {
        case .invalidRange: "number-range-invalid"
        case .duplicateRange: "number-range-duplicate"
        case .sequenceOutsideRange: "number-range-sequence-outside"
        case .rangeExhausted: "number-range-exhausted"
        case .noRange: "number-range-missing"
        case .allRangesExhausted: "number-ranges-exhausted"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .invalidRange(let prefix):
            LocalizedText(
                zh: "号段 \(prefix) 生成的号码不符合该证件的号码格式，请检查前缀、位数和起止号",
                en:
                    "Range \(prefix) makes numbers that do not fit the document's format; check prefix, digits and bounds"
            )
        case .duplicateRange(let id):
            LocalizedText(zh: "号段 \(id) 重复配置", en: "Range \(id) is configured twice")
        case .sequenceOutsideRange(let id):
            LocalizedText(zh: "号段 \(id) 的已用序号不在号段内", en: "The last issued sequence of range \(id) is outside it")
        case .rangeExhausted(let id):
            LocalizedText(zh: "号段 \(id) 已用完，请启用新号段", en: "Range \(id) is used up; configure the next range")
        case .noRange(let document):
            LocalizedText(
                zh: "\(document.name.zh)没有配置号段", en: "No number range is configured for the \(document.name.en)")
        case .allRangesExhausted(let document):
            LocalizedText(
                zh: "\(document.name.zh)的号段已全部用完，请启用新号段",
                en: "Every number range of the \(document.name.en) is used up; configure the next range")
        }
    }
}
