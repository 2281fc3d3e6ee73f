import CrossingDomain
import Foundation
import Testing

struct AuditChainTests {
    typealias F = IdentityFixtures
    static let hasher = FakeFNVChainHasher()

    static func draft(_ n: Int, details: [String: String] = [:]) -> AuditEntryDraft {
        AuditEntryDraft(
            occurredAt: F.at(Double(n)), actor: "acct-\(n)", onBehalfOf: n == 2 ? "P-CHILD" : nil,
            action: "person.read", subject: "P-\(n)", outcome: "success", details: details)
    }

    static func chain(_ count: Int) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for n in 1...count {
            entries.append(AuditChain.link(draft(n), after: entries.last, hasher: hasher))
        }
        return entries
    }

    @Test func canonicalFormIsFixedOrderJSONWithSortedDetailsAndMilliseconds() {
        let draft = AuditEntryDraft(
            occurredAt: Date(timeIntervalSince1970: 1_772_353_800.1234), actor: "acct-1", onBehalfOf: nil,
            action: "sign-in.failed", subject: "张三", outcome: "failure",
            details: ["device": "web", "address": "10.0.0.1", "note": "say \"hi\"\\\n\t\u{01}"])
        let bytes = AuditChain.canonicalBytes(sequence: 7, draft: draft, previousHash: AuditChain.genesisHash)
        let expected =
            #"{"sequence":7,"occurredAt":"2026-03-01T08:30:00.123Z","actor":"acct-1","onBehalfOf":null,"#
            + #""action":"sign-in.failed","subject":"张三","outcome":"failure","#
            + #""details":{"address":"10.0.0.1","device":"web","note":"say \"hi\"\\\n\t\u0001"},"#
            + #""previousHash":""# + String(repeating: "0", count: 64) + #""}"#
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (-0.0005, "1970-01-01T00:00:00.000Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (951_782_400.9996, "2000-02-29T00:00:01.000Z"),
        (1_772_353_800.0, "2026-03-01T08:30:00.000Z"),
    ])
    func timestampsAreUTCWithMilliseconds(seconds: Double, text: String) {
        let draft = AuditEntryDraft(
            occurredAt: Date(timeIntervalSince1970: seconds), actor: "a", action: "x", outcome: "y")
        let canonical = String(
            decoding: AuditChain.canonicalBytes(sequence: 1, draft: draft, previousHash: ""), as: UTF8.self)
        #expect(canonical.contains(#""occurredAt":"\#(text)""#))
    }

    @Test func linkingNumbersFromOneAndPointsBack() {
        let entries = Self.chain(3)
        #expect(entries.map(\.sequence) == [1, 2, 3])
        #expect(entries[0].previousHash == AuditChain.genesisHash)
        #expect(entries[1].previousHash == entries[0].hash)
        #expect(entries[2].previousHash == entries[1].hash)
        #expect(AuditChain.genesisHash.count == 64 && AuditChain.genesisHash.allSatisfy { $0 == "0" })
        #expect(entries[1].draft == Self.draft(2))
    }

    @Test func detailOrderDoesNotChangeTheHash() {
        let one = AuditChain.link(Self.draft(1, details: ["a": "1", "b": "2"]), after: nil, hasher: Self.hasher)
        let two = AuditChain.link(Self.draft(1, details: ["b": "2", "a": "1"]), after: nil, hasher: Self.hasher)
        #expect(one.hash == two.hash)
    }

    @Test func anIntactChainVerifies() {
        let entries = Self.chain(5)
        #expect(AuditChain.verify(entries, hasher: Self.hasher) == .intact(count: 5, lastHash: entries[4].hash))
        #expect(AuditChain.verify([], hasher: Self.hasher) == .intact(count: 0, lastHash: AuditChain.genesisHash))
        #expect(
            AuditChain.verify(Array(entries[2...]), after: entries[1], hasher: Self.hasher)
                == .intact(count: 3, lastHash: entries[4].hash))
    }

    /// Each tampering names the first entry that no longer fits.
    @Test(arguments: [
        ("edit the outcome of entry 3", Int64(3), AuditChainProblem.hashMismatch),
        ("edit entry 3 and recompute its hash", 4, .previousHashMismatch),
        ("delete entry 3", 4, .sequenceGap),
        ("swap entries 2 and 3", 3, .sequenceGap),
        ("renumber after deleting entry 3", 3, .previousHashMismatch),
        ("edit a detail of entry 5", 5, .hashMismatch),
        ("drop the first entry", 2, .sequenceGap),
        ("edit entry 1's time by a second", 1, .hashMismatch),
    ])
    func tamperingIsDetected(_ tampering: String, sequence: Int64, problem: AuditChainProblem) {
        var entries = Self.chain(5)
        switch tampering {
        case "edit the outcome of entry 3": entries[2].outcome = "failure"
        case "edit entry 3 and recompute its hash":
            entries[2].outcome = "failure"
            entries[2] = AuditChain.link(entries[2].draft, after: entries[1], hasher: Self.hasher)
        case "delete entry 3": entries.remove(at: 2)
        case "swap entries 2 and 3": entries.swapAt(1, 2)
        case "renumber after deleting entry 3":
            entries.remove(at: 2)
            for index in 2..<entries.count { entries[index].sequence -= 1 }
        case "edit a detail of entry 5": entries[4].details["injected"] = "x"
        case "drop the first entry": entries.removeFirst()
        case "edit entry 1's time by a second": entries[0].occurredAt += 1
        default: Issue.record("Unknown tampering \(tampering)")
        }
        #expect(AuditChain.verify(entries, hasher: Self.hasher) == .broken(sequence: sequence, problem: problem))
    }

    @Test func sub_millisecondNoiseFromTheDatabaseDoesNotBreakTheChain() {
        var entries = Self.chain(2)
        entries[1].occurredAt += 0.000_000_4
        #expect(AuditChain.verify(entries, hasher: Self.hasher) == .intact(count: 2, lastHash: entries[1].hash))
    }
}
