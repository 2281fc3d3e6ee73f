import CrossingDomain
import Foundation

/// The EMS tracking format: a push body and a query answer are the same JSON document, the full
/// track of one waybill, newest scan first (as the aggregators that carry EMS send it; §9).
///
/// ```json
/// {"waybillNo":"EA123456785CN","status":"polling","pushedAt":"2026-11-22T14:01:00+08:00",
///  "traces":[{"opTime":"2026-11-22T14:00:00+08:00","opCode":"GOT","opCity":"北京市","opDesc":"已收寄"}]}
/// ```
///
/// The official EMS open-platform codes are not public (§9, unverified), so the sandbox speaks the
/// carrier vocabulary the aggregators document (Yunda's GOT / ARRIVAL / DEPARTURE / SENT / SIGNED /
/// SIGNFAIL / RETURN …) and `EMSTraceCode.stage` maps it onto the canonical states. A live adapter
/// replaces only this mapping.
public enum EMSWire {
    /// What our endpoint answers to a push it accepted (Kuaidi100's acknowledgement); the carrier
    /// retries anything else.
    public static let acknowledgement = #"{"result":true,"returnCode":"200","message":"成功"}"#
    /// The header that carries the push signature: lowercase hex HMAC-SHA256 of the exact body.
    public static let signatureHeader = "X-EMS-Signature"

    public struct Trace: Codable, Hashable, Sendable {
        public var opTime: String
        public var opCode: String
        public var opCity: String
        public var opDesc: String

        public init(opTime: String, opCode: String, opCity: String, opDesc: String) {
            self.opTime = opTime
            self.opCode = opCode
            self.opCity = opCity
            self.opDesc = opDesc
        }
    }

    public struct Document: Codable, Hashable, Sendable {
        public var waybillNo: String
        /// `polling` while tracked, `shutdown` once the parcel reached an end (Kuaidi100's monitor status).
        public var status: String
        public var pushedAt: String
        public var traces: [Trace]

        public init(waybillNo: String, status: String, pushedAt: String, traces: [Trace]) {
            self.waybillNo = waybillNo
            self.status = status
            self.pushedAt = pushedAt
            self.traces = traces
        }
    }

    /// Beijing time with its offset, as the carrier writes times.
    public static func format(_ date: Date) -> String {
        date.formatted(beijing)
    }

    /// ISO 8601 with an offset ("+08:00", "+0800" or "Z").
    public static func parseTime(_ text: String) -> Date? {
        for separator in [Date.ISO8601FormatStyle.TimeZoneSeparator.colon, .omitted] {
            let style = Date.ISO8601FormatStyle(timeZoneSeparator: separator, timeZone: .gmt)
            if let date = try? Date(text, strategy: style) { return date }
        }
        return nil
    }

    private static let beijing = Date.ISO8601FormatStyle(
        timeZoneSeparator: .colon, timeZone: TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt)

    public static func encode(_ document: Document) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(document)) ?? Data()
    }

    /// Reads a push or query answer into the domain's snapshot.
    public static func decode(_ body: Data) throws(CourierError) -> TrackingSnapshot {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: body)
        } catch {
            throw .malformed("the body is not an EMS tracking document")
        }
        let waybill: WaybillNumber
        do {
            waybill = try WaybillNumber.parse(document.waybillNo)
        } catch {
            throw .malformed("waybillNo is not a waybill number")
        }
        guard let producedAt = parseTime(document.pushedAt) else { throw .malformed("pushedAt is not a time") }
        var events: [TrackingEvent] = []
        for trace in document.traces {
            guard let time = parseTime(trace.opTime) else { throw .malformed("opTime is not a time") }
            let code = trace.opCode.trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty, code.count <= 32 else { throw .malformed("opCode is empty or too long") }
            events.append(
                TrackingEvent(
                    time: time, code: code, stage: EMSTraceCode(rawValue: code)?.stage,
                    location: String(trace.opCity.prefix(100)), description: String(trace.opDesc.prefix(200))))
        }
        return TrackingSnapshot(waybill: waybill, events: events, producedAt: producedAt)
    }
}

/// The carrier's scan codes and the canonical state each leads to.
public enum EMSTraceCode: String, CaseIterable, Sendable {
    /// 收寄: collected from the sender.
    case got = "GOT"
    /// 离开处理中心.
    case departure = "DEPARTURE"
    /// 到达处理中心.
    case arrival = "ARRIVAL"
    /// 投递中: out with the postman.
    case sent = "SENT"
    /// 妥投: signed for.
    case signed = "SIGNED"
    /// 未妥投: nobody at home, wrong address, phone not answered.
    case signFail = "SIGNFAIL"
    /// 拒收: the recipient refused it.
    case rejection = "REJECTION"
    /// 退回: on its way back to the sender.
    case returning = "RETURN"
    /// 退回妥投: the sender signed for the returned parcel.
    case returnSigned = "RETURNSIGNED"
    /// 问题件: a note for the record, no change of state.
    case issue = "ISSUE"

    public var stage: ShipmentState? {
        switch self {
        case .got: .collected
        case .departure, .arrival: .inTransit
        case .sent: .outForDelivery
        case .signed: .delivered
        case .signFail, .rejection: .deliveryFailed
        case .returning: .returning
        case .returnSigned: .returned
        case .issue: nil
        }
    }
}
