import Foundation

/// How face verification results are judged. The threshold is ours, not the provider's, so a
/// provider change cannot silently lower the bar.
public struct FaceVerificationPolicy: Hashable, Sendable, Codable {
    /// Lowest match score (0...1) that passes.
    public var matchThreshold: Double
    /// How long a passed verification counts for high-assurance actions (issue: 10 minutes).
    public var freshness: TimeInterval
    /// A record stamped this far in the future still counts (server instances' clocks differ slightly).
    public var allowedClockSkew: TimeInterval

    public init(matchThreshold: Double = 0.80, freshness: TimeInterval = 600, allowedClockSkew: TimeInterval = 5) {
        self.matchThreshold = matchThreshold
        self.freshness = freshness
        self.allowedClockSkew = allowedClockSkew
    }

    public static let standard = FaceVerificationPolicy()

    /// Passes a live capture whose score reaches the threshold. A score outside 0...1 (or NaN) is
    /// a provider fault and fails rather than passing by accident.
    public func judge(_ outcome: FaceVerificationOutcome) -> FaceJudgement {
        switch outcome {
        case .scored(let score):
            guard score.isFinite, (0...1).contains(score) else { return .failed(.providerUnavailable) }
            return score >= matchThreshold ? .passed(score: score) : .failed(.noMatch)
        case .livenessFailed:
            return .failed(.livenessFailed)
        case .challengeRejected:
            return .failed(.challengeRejected)
        }
    }
}

public enum FaceJudgement: Hashable, Sendable {
    case passed(score: Double)
    case failed(FaceVerificationFailure)
}

/// Why face verification did not pass, in words for the person. Provider errors map here too, so
/// the server shows one family of messages.
public enum FaceVerificationFailure: DomainError, Hashable, CaseIterable {
    case livenessFailed
    case noMatch
    case challengeRejected
    case timedOut
    case noReferencePhoto
    case providerUnavailable

    public init(_ error: FaceVerifierError) {
        switch error {
        case .timedOut: self = .timedOut
        case .noReferencePhoto: self = .noReferencePhoto
        case .unavailable: self = .providerUnavailable
        }
    }

    public var code: String {
        switch self {
        case .livenessFailed: "face-liveness-failed"
        case .noMatch: "face-no-match"
        case .challengeRejected: "face-challenge-rejected"
        case .timedOut: "face-timed-out"
        case .noReferencePhoto: "face-no-reference-photo"
        case .providerUnavailable: "face-unavailable"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .livenessFailed:
            LocalizedText(
                zh: "未能确认是本人实时操作，请在光线充足处正对镜头，按提示完成动作后重试",
                en:
                    "We could not confirm a live person. Face the camera in good light, do the actions shown and try again"
            )
        case .noMatch:
            LocalizedText(
                zh: "人脸与我们留存的照片不一致，请摘下眼镜、帽子后重试；多次失败请到窗口办理",
                en:
                    "Your face does not match the photo on file. Remove glasses and hats and try again; if it keeps failing, please visit a counter"
            )
        case .challengeRejected:
            LocalizedText(
                zh: "本次人脸验证已失效，请重新开始",
                en: "This face verification is no longer valid; please start again")
        case .timedOut:
            LocalizedText(
                zh: "人脸验证超时，请重新开始",
                en: "Face verification took too long; please start again")
        case .noReferencePhoto:
            LocalizedText(
                zh: "我们没有您的留存照片，请先到出入境窗口采集一次",
                en: "We have no photo of you on file; please visit an exit-entry counter once to have it taken")
        case .providerUnavailable:
            LocalizedText(
                zh: "人脸验证服务暂时不可用，请稍后再试",
                en: "Face verification is unavailable at the moment; please try again later")
        }
    }
}

/// A passed face verification, kept to satisfy high-assurance actions for a while.
public struct FaceVerificationRecord: Hashable, Sendable, Codable {
    public var subject: PersonID
    public var verifiedAt: Date
    public var score: Double

    public init(subject: PersonID, verifiedAt: Date, score: Double) {
        self.subject = subject
        self.verifiedAt = verifiedAt
        self.score = score
    }

    /// Less than `policy.freshness` old at `now`.
    public func isFresh(now: Date, policy: FaceVerificationPolicy = .standard) -> Bool {
        let age = now.timeIntervalSince(verifiedAt)
        return age < policy.freshness && age >= -policy.allowedClockSkew
    }
}

/// Actions that need a recent face verification of the person doing them.
public enum HighAssuranceAction: String, CaseIterable, Hashable, Sendable, Codable {
    case submitApplication = "submit-application"
    case issueTemporaryPermit = "issue-temporary-permit"
    case downloadRecords = "download-records"
    case addDependent = "add-dependent"
}

public enum HighAssurance: Hashable, Sendable {
    case satisfied
    case faceVerificationRequired

    /// `lastVerification` is the acting person's own latest record (the helper's when acting for a
    /// dependent: the person at the keyboard is the one who must be present).
    public static func require(
        _ action: HighAssuranceAction, lastVerification: FaceVerificationRecord?, now: Date,
        policy: FaceVerificationPolicy = .standard
    ) -> HighAssurance {
        // Every high-assurance action has the same bar today; `action` is part of the signature so
        // one can get a stricter window without changing callers.
        _ = action
        guard let record = lastVerification, record.isFresh(now: now, policy: policy) else {
            return .faceVerificationRequired
        }
        return .satisfied
    }

    public var error: HighAssuranceError? {
        self == .satisfied ? nil : .faceVerificationRequired
    }
}

public enum HighAssuranceError: DomainError, Hashable {
    case faceVerificationRequired

    public var code: String { "face-verification-required" }

    public var message: LocalizedText {
        LocalizedText(
            zh: "为保护您的安全，请先完成人脸验证（10分钟内有效）再继续",
            en: "To protect you, please complete face verification first; it stays valid for 10 minutes")
    }
}
