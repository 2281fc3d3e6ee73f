import CrossingDomain
import CrossingIntegrations
import Foundation
import Testing

@Suite("Courier: EMS push signatures and the tracking document")
struct EMSPushSignatureTests {
    static let secret = Data((0..<32).map { UInt8($0) })
    static let start = Date(timeIntervalSince1970: 1_795_320_000)

    static func body(_ waybill: String = "EA123456785CN") -> Data {
        let times = [start + 7200, start + 18000]
        let scans = SandboxEMSPlan.scans(.delivered, address: "广东省广州市天河区体育西路1号")
        return EMSWire.encode(
            SandboxEMSPlan.document(
                waybill: waybill, scans: Array(scans.prefix(2)), times: times, scanCount: 2, producedAt: start + 18060))
    }

    @Test func aSignedPushVerifiesAndReadsAsASnapshot() throws {
        let signer = try EMSPushSignature(secret: Self.secret)
        let body = Self.body()
        let signature = signer.sign(body)
        #expect(signature.count == 64 && signature == signature.lowercased())
        let snapshot = try signer.verify(body: body, headers: ["x-ems-signature": signature])
        #expect(snapshot.waybill.value == "EA123456785CN")
        #expect(snapshot.events.map(\.code) == ["DEPARTURE", "GOT"])  // newest first, as sent
        #expect(snapshot.events.map(\.stage) == [.inTransit, .collected])
        #expect(snapshot.events.last?.time == Self.start + 7200)
        #expect(snapshot.producedAt == Self.start + 18060)
        #expect(snapshot.state == .inTransit)
        // Upper-case hex is the same signature.
        #expect(signer.isValid(signature.uppercased(), for: body))
    }

    @Test func forgedAlteredOrUnsignedPushesAreRefused() throws {
        let signer = try EMSPushSignature(secret: Self.secret)
        let other = try EMSPushSignature(secret: Data(repeating: 7, count: 32))
        let body = Self.body()
        #expect(throws: CourierError.invalidSignature) {
            try signer.verify(body: body, headers: ["x-ems-signature": other.sign(body)])
        }
        var altered = body
        altered.append(contentsOf: Array(" ".utf8))
        #expect(throws: CourierError.invalidSignature) {
            try signer.verify(body: altered, headers: ["x-ems-signature": signer.sign(body)])
        }
        #expect(throws: CourierError.invalidSignature) { try signer.verify(body: body, headers: [:]) }
        for bad in ["", "zz", String(repeating: "g", count: 64), String(signer.sign(body).dropLast(2))] {
            #expect(!signer.isValid(bad, for: body))
        }
    }

    @Test func shortSecretsAreRefused() {
        #expect(throws: KeyConfigurationError.keyTooShort(byteCount: 16, minimum: 32)) {
            try EMSPushSignature(secret: Data(repeating: 1, count: 16))
        }
    }

    @Test func aSignedButUnreadablePushIsMalformed() throws {
        let signer = try EMSPushSignature(secret: Self.secret)
        for text in [
            "not json",
            #"{"waybillNo":"EA123456784CN","status":"polling","pushedAt":"2026-11-22T12:00:00+08:00","traces":[]}"#,
            #"{"waybillNo":"EA123456785CN","status":"polling","pushedAt":"yesterday","traces":[]}"#,
            #"{"waybillNo":"EA123456785CN","status":"polling","pushedAt":"2026-11-22T12:00:00+08:00","traces":[{"opTime":"x","opCode":"GOT","opCity":"","opDesc":""}]}"#,
        ] {
            let body = Data(text.utf8)
            #expect(throws: CourierError.self) {
                try signer.verify(body: body, headers: ["x-ems-signature": signer.sign(body)])
            }
        }
    }

    @Test func unknownCarrierCodesAreKeptWithoutAStage() throws {
        let text =
            #"{"waybillNo":"1136281381675","status":"polling","pushedAt":"2026-11-22T12:00:00+08:00","traces":[{"opTime":"2026-11-22T11:00:00+08:00","opCode":"CUSTOMS","opCity":"上海市","opDesc":"海关查验"}]}"#
        let snapshot = try EMSWire.decode(Data(text.utf8))
        #expect(snapshot.waybill == .domestic("1136281381675"))
        #expect(snapshot.events.first?.code == "CUSTOMS" && snapshot.events.first?.stage == nil)
        #expect(snapshot.events.first?.time == Date(timeIntervalSince1970: 1_795_316_400))
    }

    @Test func everyCarrierCodeMapsOntoTheCanonicalStates() {
        #expect(EMSTraceCode.got.stage == .collected)
        #expect(EMSTraceCode.arrival.stage == .inTransit && EMSTraceCode.departure.stage == .inTransit)
        #expect(EMSTraceCode.sent.stage == .outForDelivery)
        #expect(EMSTraceCode.signed.stage == .delivered)
        #expect(EMSTraceCode.signFail.stage == .deliveryFailed && EMSTraceCode.rejection.stage == .deliveryFailed)
        #expect(EMSTraceCode.returning.stage == .returning && EMSTraceCode.returnSigned.stage == .returned)
        #expect(EMSTraceCode.issue.stage == nil)
    }
}

@Suite("Courier: the sandbox EMS's plan for a parcel")
struct SandboxEMSPlanTests {
    static let start = Date(timeIntervalSince1970: 1_795_320_000)

    static func recipient(
        phone: String = "13812345678", address: String = "广东省广州市天河区体育西路1号"
    ) throws
        -> ShipmentRecipient
    {
        ShipmentRecipient(name: "王小明", phone: try MobileNumber.parse(phone), address: address)
    }

    @Test func issuedNumbersAreValidS10EMSNumbers() throws {
        for serial in [0, 1, 12_345_678, 99_999_999, 47_312_482] {
            let number = try #require(SandboxEMSPlan.waybill(serial: serial))
            #expect(try WaybillNumber.parse(number.value) == number)
            #expect(number.value.hasPrefix("EA") && number.value.hasSuffix("CN"))
        }
        #expect(SandboxEMSPlan.waybill(serial: 12_345_678)?.value == "EA123456785CN")
        #expect(SandboxEMSPlan.waybill(serial: 47_312_482)?.value == "EA473124829CN")
    }

    @Test func testInputsPickTheScenario() throws {
        #expect(SandboxEMSScenario.scenario(for: try Self.recipient()) == .delivered)
        #expect(SandboxEMSScenario.scenario(for: try Self.recipient(phone: "13900000201")) == .failThenReturn)
        #expect(SandboxEMSScenario.scenario(for: try Self.recipient(phone: "13900000202")) == .pushesStop)
        #expect(SandboxEMSScenario.scenario(for: try Self.recipient(phone: "13900000203")) == .timeoutFirst)
        #expect(SandboxEMSScenario.refuses(try Self.recipient(address: "西藏自治区某县不通邮村1号")))
        #expect(SandboxEMSScenario.refuses(try Self.recipient(address: "Test no-postal-service road 1")))
        #expect(!SandboxEMSScenario.refuses(try Self.recipient()))
    }

    @Test func aNormalParcelIsDeliveredAfterTwentyNineHours() {
        let scans = SandboxEMSPlan.scans(.delivered, address: "广东省广州市天河区体育西路1号")
        #expect(scans.map(\.code) == [.got, .departure, .arrival, .sent, .signed])
        #expect(scans.map(\.offset) == [2, 5, 20, 26, 29].map { Double($0) * 3600 })
        #expect(scans[2].city == "广州市" && scans[0].city == "北京市")
    }

    @Test func theFailingParcelIsReturned() {
        let scans = SandboxEMSPlan.scans(.failThenReturn, address: "上海市浦东新区世纪大道100号")
        #expect(
            scans.map(\.code) == [
                .got, .departure, .arrival, .sent, .signFail, .sent, .signFail, .returning, .returnSigned,
            ])
        #expect(scans[3].city == "上海市")
        let offsets = scans.map(\.offset)
        #expect(offsets == offsets.sorted())
    }

    @Test func pushesAreDuplicatedAndTheArrivalIsOvertaken() {
        let scans = SandboxEMSPlan.scans(.delivered, address: "广东省广州市天河区体育西路1号")
        let times = scans.map { Self.start + $0.offset }
        let all = scans.indices.map {
            SandboxEMSPlan.pushes(forScan: $0, scans: scans, times: times, scenario: .delivered)
        }
        #expect(all.map(\.count) == [2, 1, 1, 2, 2])
        #expect(all[0].map(\.at) == [times[0] + 60, times[0] + 240])
        // The arrival's snapshot is pushed after the out-for-delivery one.
        #expect(all[2][0].at > all[3][0].at)
        #expect(all[2][0].at < times[4])
    }

    @Test func whenPushesStopOnlyTheCollectionIsPushed() {
        let scans = SandboxEMSPlan.scans(.pushesStop, address: "广东省广州市天河区体育西路1号")
        let times = scans.map { Self.start + $0.offset }
        let counts = scans.indices.map {
            SandboxEMSPlan.pushes(forScan: $0, scans: scans, times: times, scenario: .pushesStop).count
        }
        #expect(counts == [2, 0, 0, 0, 0])
    }

    @Test func theDocumentShowsWhatHappenedNewestFirstAndEndsWithShutdown() throws {
        let scans = SandboxEMSPlan.scans(.delivered, address: "北京市朝阳区建国路1号")
        let times = scans.map { Self.start + $0.offset }
        let partial = SandboxEMSPlan.document(
            waybill: "EA123456785CN", scans: scans, times: times, scanCount: 3, producedAt: times[2])
        #expect(partial.status == "polling" && partial.traces.map(\.opCode) == ["ARRIVAL", "DEPARTURE", "GOT"])
        let done = SandboxEMSPlan.document(
            waybill: "EA123456785CN", scans: scans, times: times, scanCount: 99, producedAt: times[4])
        #expect(done.status == "shutdown" && done.traces.count == 5)
        #expect(done.traces[0].opTime == "2026-11-23T17:00:00+08:00")
        let snapshot = try EMSWire.decode(EMSWire.encode(done))
        #expect(snapshot.state == .delivered)
    }
}
