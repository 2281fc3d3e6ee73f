import CrossingDomain
import Foundation

/// What the sandbox EMS does with a parcel, decided by documented test inputs in the recipient's
/// phone number or address (docs/SANDBOXES.md, "Courier sandbox (EMS)"). Everything else is
/// delivered normally.
public enum SandboxEMSScenario: String, CaseIterable, Sendable, Codable {
    case delivered
    /// Out for delivery twice, both fail, returned to the sender.
    case failThenReturn = "fail-then-return"
    /// Only the collection is pushed; later scans appear only when queried.
    case pushesStop = "pushes-stop"
    /// The first create-waybill call creates the waybill but answers with a timeout.
    case timeoutFirst = "timeout-first"

    /// Recipient phone numbers with a fixed behaviour.
    public enum TestPhones {
        public static let failThenReturn = "13900000201"
        public static let pushesStop = "13900000202"
        public static let timeoutFirst = "13900000203"
    }

    /// Address words the sandbox refuses as outside its service area ("不通邮": no postal service).
    public static let refusedAddressMarkers = ["不通邮", "NO-POSTAL-SERVICE"]

    public static func scenario(for recipient: ShipmentRecipient) -> SandboxEMSScenario {
        switch recipient.phone.value {
        case TestPhones.failThenReturn: .failThenReturn
        case TestPhones.pushesStop: .pushesStop
        case TestPhones.timeoutFirst: .timeoutFirst
        default: .delivered
        }
    }

    public static func refuses(_ recipient: ShipmentRecipient) -> Bool {
        let address = recipient.address.uppercased()
        return refusedAddressMarkers.contains { address.contains($0) }
    }
}

/// The simulated life of a parcel: its scans at realistic offsets from the waybill's creation,
/// and when each scan is pushed (with duplicates and one push that overtakes another).
public enum SandboxEMSPlan {
    public struct Scan: Hashable, Sendable {
        public var offset: TimeInterval
        public var code: EMSTraceCode
        public var city: String
        public var description: String

        public init(offset: TimeInterval, code: EMSTraceCode, city: String, description: String) {
            self.offset = offset
            self.code = code
            self.city = city
            self.description = description
        }
    }

    /// One push of the snapshot that ends with scan `index`.
    public struct Push: Hashable, Sendable {
        /// 1 for the first copy; 2 for the duplicate.
        public var copy: Int
        public var at: Date
    }

    /// Where parcels leave from: the documents are made in Beijing.
    public static let origin = "北京市"
    /// The carrier pushes a scan about a minute after it happens; duplicates two minutes later.
    public static let pushLag: TimeInterval = 60
    public static let duplicateLag: TimeInterval = 180

    private static let hour: TimeInterval = 3600

    /// The scans of a parcel to `address` under `scenario`.
    public static func scans(_ scenario: SandboxEMSScenario, address: String) -> [Scan] {
        let city = destinationCity(address)
        var scans = [
            Scan(offset: 2 * hour, code: .got, city: origin, description: "北京市邮政速递物流已收寄"),
            Scan(offset: 5 * hour, code: .departure, city: origin, description: "离开北京邮件处理中心，发往\(city)"),
            Scan(offset: 20 * hour, code: .arrival, city: city, description: "到达\(city)邮件处理中心"),
            Scan(offset: 26 * hour, code: .sent, city: city, description: "\(city)投递员正在派送"),
        ]
        switch scenario {
        case .delivered, .pushesStop, .timeoutFirst:
            scans.append(Scan(offset: 29 * hour, code: .signed, city: city, description: "已妥投，本人签收"))
        case .failThenReturn:
            scans += [
                Scan(offset: 29 * hour, code: .signFail, city: city, description: "未妥投：收件人电话无人接听"),
                Scan(offset: 50 * hour, code: .sent, city: city, description: "\(city)投递员再次派送"),
                Scan(offset: 53 * hour, code: .signFail, city: city, description: "未妥投：地址无人"),
                Scan(offset: 56 * hour, code: .returning, city: city, description: "逾期未领取，退回寄件人"),
                Scan(offset: 98 * hour, code: .returnSigned, city: origin, description: "退回妥投，寄件人已签收"),
            ]
        }
        return scans
    }

    /// When the snapshot ending with scan `index` is pushed, given every scan's time. Each scan is
    /// pushed once a minute after it; the collection, every out-for-delivery scan and the last scan
    /// are pushed twice; the arrival scan's push is held back until after the next scan's push, so
    /// an older snapshot arrives after a newer one. When pushes stop, only the collection is pushed.
    public static func pushes(
        forScan index: Int, scans: [Scan], times: [Date], scenario: SandboxEMSScenario
    ) -> [Push] {
        guard scans.indices.contains(index), times.count == scans.count else { return [] }
        if scenario == .pushesStop && index > 0 { return [] }
        var first = times[index] + pushLag
        if scans[index].code == .arrival, index + 1 < times.count {
            first = times[index + 1] + pushLag + 600
        }
        var pushes = [Push(copy: 1, at: first)]
        if index == 0 || index == scans.count - 1 || scans[index].code == .sent {
            pushes.append(Push(copy: 2, at: first + duplicateLag))
        }
        return pushes
    }

    /// The tracking document the carrier shows at `scanCount` scans in, newest first.
    public static func document(
        waybill: String, scans: [Scan], times: [Date], scanCount: Int, producedAt: Date
    ) -> EMSWire.Document {
        let count = max(0, min(scanCount, scans.count, times.count))
        let traces = (0..<count).reversed().map { index in
            EMSWire.Trace(
                opTime: EMSWire.format(times[index]), opCode: scans[index].code.rawValue, opCity: scans[index].city,
                opDesc: scans[index].description)
        }
        let ended = count > 0 && (scans[count - 1].code.stage?.isTerminal ?? false)
        return EMSWire.Document(
            waybillNo: waybill, status: ended ? "shutdown" : "polling", pushedAt: EMSWire.format(producedAt),
            traces: traces)
    }

    /// An EMS item number in the UPU S10 form: service indicator "EA", the 8-digit serial, its
    /// check digit, "CN".
    public static func waybill(serial: Int) -> WaybillNumber? {
        let digits = String(serial % 100_000_000)
        let padded = String(repeating: "0", count: 8 - digits.count) + digits
        guard let number = try? S10TrackingNumber.make(serviceIndicator: "EA", serial: padded, country: "CN") else {
            return nil
        }
        return .international(number)
    }

    /// The city part of a mainland address ("广州市天河区…" → "广州市"), or a neutral name.
    static func destinationCity(_ address: String) -> String {
        let characters = Array(address)
        for (index, character) in characters.prefix(12).enumerated() where character == "市" && index > 0 {
            let start = characters[..<index].lastIndex(of: "省").map { $0 + 1 } ?? 0
            if start < index { return String(characters[start...index]) }
        }
        return "收件地"
    }
}
