import CrossingDomain
import Foundation

/// The question pages of a new application, in the order they are asked. Each page's path is
/// /renewals/new/{rawValue}; `?change=1` sends the person back to "check your answers" after it.
enum RenewalStep: String, CaseIterable, Sendable {
    case document
    case reason
    case loss
    case forWhom = "for"
    case location
    case eligibility
    case face
    case details
    case photo
    case signature
    case idCardFront = "id-card-front"
    case idCardBack = "id-card-back"
    case delivery
    case address
    case check

    static let base = "/renewals/new"

    var path: String { "\(Self.base)/\(rawValue)" }
    var changePath: String { path + "?change=1" }

    var uploadKind: RenewalUploadKind? {
        switch self {
        case .photo: .photo
        case .signature: .signature
        case .idCardFront: .idCardFront
        case .idCardBack: .idCardBack
        default: nil
        }
    }

    /// Steps after this one need an eligible person.
    var needsEligibility: Bool {
        guard let index = Self.allCases.firstIndex(of: self), let gate = Self.allCases.firstIndex(of: .eligibility)
        else { return false }
        return index > gate
    }

    /// Whether the page is asked with these answers.
    func applies(to draft: RenewalDraft, hasDependents: Bool) -> Bool {
        switch self {
        case .loss: draft.reason == .lostOrStolen
        case .forWhom: hasDependents
        case .address: draft.handover == .courier
        default: true
        }
    }

    /// Whether the page's answer is given. Eligibility and face verification are checked live rather
    /// than remembered (a face pass is good for 10 minutes only).
    func isAnswered(by draft: RenewalDraft) -> Bool {
        switch self {
        case .document: draft.document != nil
        case .reason: draft.reason.map { reason in draft.document.map { reason.applies(to: $0) } ?? false } ?? false
        case .loss: draft.lossKind != nil
        case .forWhom: draft.forPerson != nil
        case .location: draft.inMainland != nil
        case .eligibility, .face, .check: true
        case .details: draft.detailsConfirmed
        case .photo, .signature, .idCardFront, .idCardBack: uploadKind.flatMap { draft.upload($0) } != nil
        case .delivery: draft.handover != nil
        case .address: draft.recipientName != nil && draft.recipientPhone != nil && draft.recipientAddress != nil
        }
    }

    static func flow(_ draft: RenewalDraft, hasDependents: Bool) -> [RenewalStep] {
        allCases.filter { $0.applies(to: draft, hasDependents: hasDependents) }
    }

    /// The first page before `limit` (or anywhere, when nil) still waiting for an answer.
    static func firstUnanswered(
        _ draft: RenewalDraft, hasDependents: Bool, before limit: RenewalStep? = nil
    ) -> RenewalStep? {
        for step in flow(draft, hasDependents: hasDependents) {
            if step == limit { return nil }
            if !step.isAnswered(by: draft) { return step }
        }
        return nil
    }

    func next(_ draft: RenewalDraft, hasDependents: Bool) -> RenewalStep {
        let flow = Self.flow(draft, hasDependents: hasDependents)
        guard let index = flow.firstIndex(of: self), index + 1 < flow.count else { return .check }
        return flow[index + 1]
    }

    func previous(_ draft: RenewalDraft, hasDependents: Bool) -> RenewalStep? {
        let flow = Self.flow(draft, hasDependents: hasDependents)
        guard let index = flow.firstIndex(of: self), index > 0 else { return nil }
        return flow[index - 1]
    }
}
