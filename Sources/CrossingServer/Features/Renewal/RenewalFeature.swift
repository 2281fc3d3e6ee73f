import CrossingDomain
import CrossingIntegrations
import Foundation
import Vapor

/// Wires zero-visit renewal: settings, the upload store and checker, the payment and courier
/// listeners, the jobs, and the routes (API, portal pages, back office).
enum RenewalFeature {
    /// The largest file accepted by the store; the checks allow much less (80 KB for a photo).
    static let maxUploadBytes = 2 << 20

    static func configure(_ app: Application) throws {
        let settings = app.services.config.renewal
        let blobs: any BlobStore
        if app.environment == .testing {
            blobs = InMemoryBlobStore()
        } else {
            do {
                blobs = try LocalFolderBlobStore(
                    root: URL(fileURLWithPath: settings.uploadDirectory, isDirectory: true))
            } catch {
                throw StartupError(description: "UPLOAD_DIRECTORY \(settings.uploadDirectory) is not usable: \(error)")
            }
        }
        app.storage[RenewalRuntimeKey.self] = RenewalRuntime(
            settings: settings, blobs: blobs, imageChecker: ImageChecker(inspector: TurboJPEGImageInspector()))
        RenewalJobs.register(app)
        app.paymentSubjects.register(type: RenewalTransitions.subjectType, RenewalPaymentHandler())
        app.shipmentListeners.register(
            RenewalShipmentListener(application: app), forSubjectType: RenewalTransitions.subjectType)
    }

    static func routes(_ app: Application) throws {
        let api = app.grouped("api", "v1")
        try api.register(collection: RenewalAPIController())
        try api.register(collection: StaffRenewalAPIController())
        try app.grouped(CSRFMiddleware()).register(collection: StaffRenewalPagesController(app))
        try RenewalPages.register(app)
    }
}

/// What the renewal feature keeps for the life of the application.
struct RenewalRuntime: Sendable {
    var settings: RenewalSettings
    var blobs: any BlobStore
    var imageChecker: ImageChecker

    var withdrawalPolicy: WithdrawalPolicy { WithdrawalPolicy(waitingPeriod: Double(settings.waitingDays) * 86_400) }
}

struct RenewalRuntimeKey: StorageKey {
    typealias Value = RenewalRuntime
}

extension Application {
    var renewal: RenewalRuntime {
        get {
            guard let runtime = storage[RenewalRuntimeKey.self] else {
                preconditionFailure("RenewalFeature.configure must run first")
            }
            return runtime
        }
        set { storage[RenewalRuntimeKey.self] = newValue }
    }
}

/// Texts of the renewal use cases.
enum RenewalText {
    static let identityRequired = LocalizedText(
        zh: "网上换补发证件仅限在人口信息中登记的申请人账户", en: "Online renewal is for applicant accounts of people in the registry")
    static let noDelegation = LocalizedText(
        zh: "只能为您正在代办的家人申请；请先在“代办人员”中添加并取得其同意",
        en: "You can only apply for someone you act for; add them under Dependents first, with their consent")
    static let storageDown = LocalizedText(
        zh: "文件暂时无法保存，请稍后再试", en: "The file could not be stored just now; please try again shortly")
    static let changedMeanwhile = LocalizedText(
        zh: "该申请已被他人处理或已有变化，请刷新后查看最新状态",
        en: "Someone else changed this application meanwhile; reload it to see where it stands")
    static let claimedByAnother = LocalizedText(
        zh: "该申请已由其他民警认领审核", en: "Another officer has claimed this application")
    static let notUnderReview = LocalizedText(zh: "该申请不在待审核状态", en: "This application is not waiting for review")
    static let notAwaitingPayment = LocalizedText(
        zh: "该申请不在待缴费状态", en: "This application is not waiting for payment")
    static let notInProduction = LocalizedText(
        zh: "该申请不在制证中，或证件已签发", en: "This application is not in production, or its document was already issued")

    static func alreadyOpen(_ document: RenewalDocument) -> LocalizedText {
        LocalizedText(
            zh: "您已有一份正在办理的\(document.name.zh)申请，请等待其办结或撤回后再申请",
            en: "You already have an open \(document.name.en) application; wait for it to finish or withdraw it first")
    }
}

enum RenewalProblems {
    /// 422 listing every rule that failed, each with its code and where to go instead.
    static func ineligible(_ eligibility: RenewalEligibility, language: Language) -> Problem {
        Problem(
            .validationFailed,
            detail: LocalizedText(
                zh: "暂不能网上办理：" + eligibility.failures.map(\.message.zh).joined(separator: "；"),
                en: "You cannot apply online: " + eligibility.failures.map(\.message.en).joined(separator: "; ")
            ).text(in: language),
            errors: eligibility.failures.map {
                Problem.FieldError(field: "eligibility", code: $0.code, message: $0.message.text(in: language))
            })
    }
}
