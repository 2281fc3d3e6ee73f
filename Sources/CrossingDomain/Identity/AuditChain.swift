import Foundation

/// What happened, before it is linked into the chain.
public struct AuditEntryDraft: Hashable, Sendable, Codable {
    public var occurredAt: Date
    /// Who did it: an account ID, or "system".
    public var actor: String
    /// The person acted for under a delegation, if any.
    public var onBehalfOf: String?
    /// Dotted event name, e.g. "sign-in.failed", "person.read".
    public var action: String
    /// What it was done to (a person, application or account ID), if anything.
    public var subject: String?
    /// e.g. "success", "failure", "denied".
    public var outcome: String
    /// Extra facts (client address, device). Never personal numbers: they are logged by reference.
    public var details: [String: String]

    public init(
        occurredAt: Date, actor: String, onBehalfOf: String? = nil, action: String, subject: String? = nil,
        outcome: String, details: [String: String] = [:]
    ) {
        self.occurredAt = occurredAt
        self.actor = actor
        self.onBehalfOf = onBehalfOf
        self.action = action
        self.subject = subject
        self.outcome = outcome
        self.details = details
    }
}

/// A linked entry: its hash covers its sequence, its content and the previous entry's hash, so
/// editing, removing or reordering any entry breaks the chain from there on.
public struct AuditEntry: Hashable, Sendable, Codable {
    public var sequence: Int64
    public var occurredAt: Date
    public var actor: String
    public var onBehalfOf: String?
    public var action: String
    public var subject: String?
    public var outcome: String
    public var details: [String: String]
    /// Lower-case hex SHA-256.
    public var previousHash: String
    public var hash: String

    public init(sequence: Int64, draft: AuditEntryDraft, previousHash: String, hash: String) {
        self.sequence = sequence
        self.occurredAt = draft.occurredAt
        self.actor = draft.actor
        self.onBehalfOf = draft.onBehalfOf
        self.action = draft.action
        self.subject = draft.subject
        self.outcome = draft.outcome
        self.details = draft.details
        self.previousHash = previousHash
        self.hash = hash
    }

    public var draft: AuditEntryDraft {
        AuditEntryDraft(
            occurredAt: occurredAt, actor: actor, onBehalfOf: onBehalfOf, action: action, subject: subject,
            outcome: outcome, details: details)
    }
}

public enum AuditChainProblem: String, Hashable, Sendable, Codable {
    /// The entry's content does not hash to its stored hash (it was edited).
    case hashMismatch = "hash-mismatch"
    /// The entry does not point at the hash of the entry before it (one was edited, removed or inserted).
    case previousHashMismatch = "previous-hash-mismatch"
    /// The sequence does not continue by one (an entry was removed, duplicated or reordered).
    case sequenceGap = "sequence-gap"
}

public enum AuditChainVerification: Hashable, Sendable {
    case intact(count: Int, lastHash: String)
    /// The first entry that does not fit the chain.
    case broken(sequence: Int64, problem: AuditChainProblem)
}

public enum AuditChain {
    /// What the first entry (sequence 1) points at.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The bytes an entry's hash is computed over: UTF-8 JSON on one line, no whitespace, keys in
    /// exactly this order (not alphabetical), so any language can recompute it:
    ///
    ///     {"sequence":42,"occurredAt":"2026-03-01T08:30:00.123Z","actor":"acct-1","onBehalfOf":null,
    ///      "action":"person.read","subject":"P-9","outcome":"success",
    ///      "details":{"address":"10.0.0.1","device":"web"},"previousHash":"<64 hex>"}
    ///
    /// - `sequence`: decimal integer.
    /// - `occurredAt`: UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`, rounded to the nearest millisecond (databases
    ///   keep at least that precision, so a stored and re-read date gives the same text).
    /// - `onBehalfOf`, `subject`: `null` when absent.
    /// - `details`: keys sorted by their UTF-8 bytes; `{}` when empty.
    /// - Strings: `"` and `\` escaped with a backslash; U+0008, U+0009, U+000A, U+000C, U+000D as
    ///   `\b \t \n \f \r`; other characters below U+0020 as `\u00XX` (lower-case hex); everything
    ///   else (including non-ASCII such as Chinese) as raw UTF-8. Strings are used as stored,
    ///   without Unicode normalization.
    public static func canonicalBytes(sequence: Int64, draft: AuditEntryDraft, previousHash: String) -> Data {
        var text = "{\"sequence\":\(sequence)"
        text += ",\"occurredAt\":" + quoted(timestamp(draft.occurredAt))
        text += ",\"actor\":" + quoted(draft.actor)
        text += ",\"onBehalfOf\":" + (draft.onBehalfOf.map(quoted) ?? "null")
        text += ",\"action\":" + quoted(draft.action)
        text += ",\"subject\":" + (draft.subject.map(quoted) ?? "null")
        text += ",\"outcome\":" + quoted(draft.outcome)
        let details = draft.details.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        text += ",\"details\":{" + details.map { quoted($0.key) + ":" + quoted($0.value) }.joined(separator: ",") + "}"
        text += ",\"previousHash\":" + quoted(previousHash) + "}"
        return Data(text.utf8)
    }

    /// Links `draft` after `previous` (nil for the very first entry, sequence 1). The draft's time is
    /// rounded to the millisecond first, so the stored entry is exactly what was hashed.
    public static func link(
        _ draft: AuditEntryDraft, after previous: AuditEntry?, hasher: any ChainHasher
    ) -> AuditEntry {
        var draft = draft
        draft.occurredAt = Date(timeIntervalSince1970: Double(epochMilliseconds(draft.occurredAt)) / 1000)
        let sequence = (previous?.sequence ?? 0) + 1
        let previousHash = previous?.hash ?? genesisHash
        let hash = hasher.sha256Hex(canonicalBytes(sequence: sequence, draft: draft, previousHash: previousHash))
        return AuditEntry(sequence: sequence, draft: draft, previousHash: previousHash, hash: hash)
    }

    /// Checks `entries` in order and names the first one that does not fit. Without `anchor` the
    /// entries must start the log (sequence 1, genesis hash); with it, they must continue after the
    /// anchor, so a long log can be verified in pages.
    public static func verify(
        _ entries: [AuditEntry], after anchor: AuditEntry? = nil, hasher: any ChainHasher
    ) -> AuditChainVerification {
        var expectedSequence = (anchor?.sequence ?? 0) + 1
        var expectedPrevious = anchor?.hash ?? genesisHash
        for entry in entries {
            guard entry.sequence == expectedSequence else {
                return .broken(sequence: entry.sequence, problem: .sequenceGap)
            }
            guard entry.previousHash == expectedPrevious else {
                return .broken(sequence: entry.sequence, problem: .previousHashMismatch)
            }
            let recomputed = hasher.sha256Hex(
                canonicalBytes(sequence: entry.sequence, draft: entry.draft, previousHash: entry.previousHash))
            guard recomputed == entry.hash else {
                return .broken(sequence: entry.sequence, problem: .hashMismatch)
            }
            expectedSequence += 1
            expectedPrevious = entry.hash
        }
        return .intact(count: entries.count, lastHash: expectedPrevious)
    }

    /// Milliseconds since 1970, rounded; clamped to years 0001...9999 so odd dates cannot trap.
    static func epochMilliseconds(_ date: Date) -> Int64 {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        guard milliseconds.isFinite else { return 0 }
        return Int64(min(max(milliseconds, -62_135_596_800_000), 253_402_300_799_999))
    }

    static func timestamp(_ date: Date) -> String {
        let milliseconds = epochMilliseconds(date)
        let perDay: Int64 = 86_400_000
        let days = milliseconds >= 0 ? milliseconds / perDay : (milliseconds - perDay + 1) / perDay
        let ofDay = milliseconds - days * perDay
        let day = CalendarDate(daysSince1970: Int(days))
        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let hours = padded(ofDay / 3_600_000, 2)
        let minutes = padded(ofDay / 60_000 % 60, 2)
        let seconds = padded(ofDay / 1000 % 60, 2)
        return "\(day.iso)T\(hours):\(minutes):\(seconds).\(padded(ofDay % 1000, 3))Z"
    }

    static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
