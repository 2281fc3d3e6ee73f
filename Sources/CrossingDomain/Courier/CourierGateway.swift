import Foundation

/// The courier (EMS) as the platform sees it: waybills, cancellation, tracking queries and the
/// verification of the carrier's signed tracking pushes. Adapters: the sandbox EMS (development,
/// tests, staging) and, once the contract is signed, a live one.
///
/// Every call may be retried (the outbox delivers jobs at least once), so `createWaybill` must be
/// idempotent on the request's `reference`: a second call with the same reference answers the
/// waybill of the first, never a new one.
public protocol CourierGateway: Sendable {
    func createWaybill(_ request: WaybillRequest) async throws(CourierError) -> WaybillReceipt
    /// Withdraws a waybill the carrier has not collected yet.
    func cancelWaybill(_ waybill: WaybillNumber, reference: String) async throws(CourierError)
    /// The full track as the carrier knows it now (the polling fallback when pushes stop).
    func queryTracking(_ waybill: WaybillNumber) async throws(CourierError) -> TrackingSnapshot
    /// Checks that a push came from the carrier and reads it. `headers` are lower-cased names.
    func verifyPush(body: Data, headers: [String: String]) throws(CourierError) -> TrackingSnapshot
}

/// What we ask the carrier to pick up and deliver.
public struct WaybillRequest: Hashable, Sendable, Codable {
    /// Our shipment ID: the carrier deduplicates on it.
    public var reference: String
    public var recipient: ShipmentRecipient
    /// What is inside, as printed on the waybill ("出入境证件" / "travel document").
    public var contents: String

    public init(reference: String, recipient: ShipmentRecipient, contents: String) {
        self.reference = reference
        self.recipient = recipient
        self.contents = contents
    }
}

public struct WaybillReceipt: Hashable, Sendable, Codable {
    public var waybill: WaybillNumber
    public var reference: String
    public var createdAt: Date

    public init(waybill: WaybillNumber, reference: String, createdAt: Date) {
        self.waybill = waybill
        self.reference = reference
        self.createdAt = createdAt
    }
}

/// Who receives the parcel. Personal data: sealed at rest, masked on screens, never logged.
public struct ShipmentRecipient: Hashable, Sendable, Codable {
    public var name: String
    public var phone: MobileNumber
    public var address: String

    public init(name: String, phone: MobileNumber, address: String) {
        self.name = name
        self.phone = phone
        self.address = address
    }

    /// Checks what a person typed; every problem by field ("name", "phone", "address").
    public static func validate(
        name: String, phone: String, address: String
    ) -> Result<ShipmentRecipient, RecipientErrors> {
        var errors: [String: any DomainError] = [:]
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let trimmedAddress = address.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmedName.isEmpty || trimmedName.count > 50 { errors["name"] = RecipientError.name }
        var mobile: MobileNumber?
        do {
            mobile = try MobileNumber.parse(phone)
        } catch {
            errors["phone"] = error
        }
        // A mainland delivery address names at least a city, a street and a number; EMS waybills
        // hold up to 200 characters.
        if trimmedAddress.count < 6 || trimmedAddress.count > 200 { errors["address"] = RecipientError.address }
        guard errors.isEmpty, let mobile else { return .failure(RecipientErrors(byField: errors)) }
        return .success(ShipmentRecipient(name: trimmedName, phone: mobile, address: trimmedAddress))
    }
}

public struct RecipientErrors: Error, Sendable {
    public var byField: [String: any DomainError]
}

public enum RecipientError: DomainError, Hashable {
    case name
    case address

    public var code: String {
        switch self {
        case .name: "recipient-name"
        case .address: "recipient-address"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .name:
            LocalizedText(zh: "请填写收件人姓名（不超过50个字）", en: "Enter the recipient's name (up to 50 characters)")
        case .address:
            LocalizedText(
                zh: "请填写完整的收件地址（省、市、区县、街道和门牌号，6至200个字）",
                en: "Enter the full delivery address (province, city, district, street and number; 6 to 200 characters)"
            )
        }
    }
}

/// What can go wrong with the carrier.
public enum CourierError: DomainError, Hashable {
    /// No answer in time. The call may or may not have taken effect: retry with the same reference.
    case timeout
    /// The carrier is down or overloaded: retry later.
    case unavailable
    /// The carrier will not take this parcel (e.g. no service to the address): retrying cannot help.
    case refused(reason: String)
    case unknownWaybill
    /// Collected already: too late to cancel.
    case tooLateToCancel
    /// A push whose signature does not verify (forged, altered or signed with another key).
    case invalidSignature
    /// A push or answer that does not parse.
    case malformed(String)

    public var isRetryable: Bool {
        switch self {
        case .timeout, .unavailable: true
        default: false
        }
    }

    public var code: String {
        switch self {
        case .timeout: "courier-timeout"
        case .unavailable: "courier-unavailable"
        case .refused: "courier-refused"
        case .unknownWaybill: "courier-unknown-waybill"
        case .tooLateToCancel: "courier-too-late-to-cancel"
        case .invalidSignature: "courier-invalid-signature"
        case .malformed: "courier-malformed"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .timeout, .unavailable:
            LocalizedText(zh: "邮政系统暂时无法响应，我们会自动重试", en: "The postal service is not answering; we will retry")
        case .refused:
            LocalizedText(
                zh: "邮政无法寄递到该地址，请修改收件地址", en: "The postal service cannot deliver to this address; please change it")
        case .unknownWaybill:
            LocalizedText(zh: "邮政系统中没有该邮件单号", en: "The postal service does not know this waybill number")
        case .tooLateToCancel:
            LocalizedText(zh: "邮件已被揽收，无法取消", en: "The parcel has been collected and can no longer be cancelled")
        case .invalidSignature:
            LocalizedText(zh: "推送签名无效", en: "The push signature is not valid")
        case .malformed:
            LocalizedText(zh: "推送内容格式不正确", en: "The push could not be read")
        }
    }
}
