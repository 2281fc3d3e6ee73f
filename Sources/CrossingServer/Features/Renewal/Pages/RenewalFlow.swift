import CrossingDomain
import Fluent
import Foundation
import Vapor

/// Where a person is in a new application: the account, its draft, the people it may apply for,
/// and whether the page was opened from "check your answers" (`change`).
struct RenewalFlow {
    var request: Request
    var account: AuthenticatedAccount
    var store: RenewalDraftStore
    var draft: RenewalDraft
    var dependents: [(Delegation, RegistryPerson?)]
    var change: Bool
    var service: RenewalService
    var t: RenewalPageStrings

    var hasDependents: Bool { !dependents.isEmpty }

    static func load(_ request: Request) async throws -> RenewalFlow {
        let account = try request.requireAccount()
        let store = RenewalDraftStore(request: request, account: account)
        let dependents = try await DependentService(request).active(for: account)
        return RenewalFlow(
            request: request, account: account, store: store, draft: try await store.load(),
            dependents: dependents.filter { $0.0.isActive },
            change: request.query[String.self, at: "change"] == "1", service: RenewalService(request),
            t: request.renewalStrings)
    }

    /// The person applied for (the account's own, or a dependent's under a delegation).
    func subject() async throws -> RenewalSubject {
        try await service.subject(for: account, dependentID: draft.dependentID)
    }

    /// The eligibility answer for the answers so far; nil until document and reason are given.
    func eligibility() async throws -> (RenewalEligibility, RenewalSubject)? {
        guard let document = draft.document, let reason = draft.reason else { return nil }
        let subject = try await subject()
        let answer = try service.eligibility(
            subject, document: document, reason: reason, inMainland: draft.inMainland ?? true, account: account)
        return (answer, subject)
    }

    /// Where to send someone who opened `step` too early (or a page that does not apply to their
    /// answers); nil when the page can be shown.
    func gate(_ step: RenewalStep) async throws -> String? {
        if !step.applies(to: draft, hasDependents: hasDependents) {
            return href(RenewalStep.firstUnanswered(draft, hasDependents: hasDependents) ?? .check)
        }
        // The questions before the eligibility answer first, then eligibility, then the rest: someone
        // who cannot apply online is sent straight to the reasons.
        if step.needsEligibility {
            if let missing = RenewalStep.firstUnanswered(draft, hasDependents: hasDependents, before: .eligibility) {
                return missing.path
            }
            if let result = try await eligibility(), !result.0.isEligible { return RenewalStep.eligibility.path }
        }
        if let missing = RenewalStep.firstUnanswered(draft, hasDependents: hasDependents, before: step) {
            return missing.path
        }
        return nil
    }

    /// The link to `step`, keeping "change" mode (which ends at check answers).
    func href(_ step: RenewalStep) -> String {
        change && step != .check ? step.changePath : step.path
    }

    /// Back: to check answers when changing an answer, else the page before (the list before the first).
    func back(from step: RenewalStep) -> String {
        if change { return RenewalStep.check.path }
        return step.previous(draft, hasDependents: hasDependents)?.path ?? RenewalPaths.list
    }

    /// The submission the answers make; throws when one is missing.
    func submission() throws -> RenewalSubmission {
        guard let document = draft.document, let reason = draft.reason, let handover = draft.handover,
            let photo = draft.photo, let signature = draft.signature, let front = draft.idCardFront,
            let back = draft.idCardBack
        else { throw Problem(.validationFailed, detail: t.incomplete) }
        var recipient: ShipmentRecipient?
        if handover == .courier {
            recipient = try ShipmentService.recipient(
                name: draft.recipientName ?? "", phone: draft.recipientPhone ?? "",
                address: draft.recipientAddress ?? "", language: request.language)
        }
        return RenewalSubmission(
            document: document, reason: reason, lossKind: reason == .lostOrStolen ? draft.lossKind : nil,
            inMainland: draft.inMainland ?? true, photo: photo, signature: signature, idCardFront: front,
            idCardBack: back, handover: handover, recipient: recipient)
    }

    /// The masked name of a dependent the account acts for ("" when unknown).
    func dependentName(_ delegationID: String) -> String {
        dependents.first { $0.0.id == delegationID }?.1.map { DependentMasking.name($0.name) } ?? ""
    }

    func personLabel() -> String {
        guard let id = draft.dependentID else { return t.forSelf }
        return dependentName(id)
    }
}
