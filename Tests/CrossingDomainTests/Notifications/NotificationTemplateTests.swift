import CrossingDomain
import Foundation
import Testing

@Suite("Notification templates")
struct NotificationTemplateTests {
    static let paymentDue = [
        "applicationNumber": "R2026112200017", "service.zh": "护照换发", "service.en": "passport renewal",
        "amount": "12000", "dueDate": "2026-11-29",
    ]

    @Test func everyEventOfTheIssueHasATemplate() {
        #expect(NotificationCatalogue.all.count == NotificationTemplateID.allCases.count)
        #expect(Set(NotificationCatalogue.all.map(\.id)) == Set(NotificationTemplateID.allCases))
        #expect(
            NotificationTemplateID.allCases.map(\.rawValue) == [
                "application-submitted", "application-returned", "payment-due", "payment-received", "in-production",
                "dispatched", "out-for-delivery", "delivered", "delivery-failed", "ready-for-collection",
                "application-withdrawn", "refunded", "appointment-booked", "appointment-reminder",
                "appointment-cancelled", "returned-to-sender", "application-rejected",
            ])
    }

    @Test(arguments: NotificationCatalogue.all.map(\.id))
    func placeholdersAreExactlyTheDeclaredParameters(id: NotificationTemplateID) {
        let template = NotificationCatalogue.template(id)
        let declared = Set(template.parameters.map(\.name))
        let used = template.patterns.reduce(into: Set<String>()) {
            $0.formUnion(NotificationTemplate.placeholders(in: $1))
        }
        #expect(used.isSubset(of: declared), "\(id): \(used.subtracting(declared))")
        // Every parameter reaches the person in the SMS text (the channel everyone has), both languages.
        #expect(NotificationTemplate.placeholders(in: template.text.zh) == declared, "\(id) zh")
        #expect(NotificationTemplate.placeholders(in: template.text.en) == declared, "\(id) en")
        #expect(Set(NotificationCatalogue.all.map(\.weChatTemplateCode)).count == NotificationCatalogue.all.count)
    }

    @Test(arguments: NotificationCatalogue.all.map(\.id), NotificationChannel.allCases)
    func sampleParametersRenderWithoutPlaceholdersLeft(id: NotificationTemplateID, channel: NotificationChannel) throws
    {
        let template = NotificationCatalogue.template(id)
        var parameters: [String: String] = [:]
        for parameter in template.parameters {
            parameters[parameter.name] =
                switch parameter.kind {
                case .text: "Dongcheng"
                case .reference: "AB12-3456"
                case .amountFen: "12000"
                case .date: "2026-11-29"
                case .time: "09:30"
                }
        }
        for language in Language.allCases {
            let rendered = try template.render(channel: channel, language: language, parameters: parameters)
            let everything = [rendered.title, rendered.text, rendered.remark] + rendered.fields.map(\.value)
            #expect(everything.allSatisfy { !$0.contains("{") && !$0.contains("}") }, "\(id) \(channel) \(language)")
        }
    }

    @Test func smsCarriesTheServiceSignatureAndFormatsAmountsAndDates() throws {
        let template = NotificationCatalogue.template(.paymentDue)
        let zh = try template.render(channel: .sms, language: .zh, parameters: Self.paymentDue)
        #expect(
            zh.text == "【出入境服务】您的护照换发申请R2026112200017已审核通过，请于2026年11月29日前在线缴费¥120.00。")
        #expect(zh.linkPath == nil)
        let en = try template.render(channel: .sms, language: .en, parameters: Self.paymentDue)
        #expect(
            en.text
                == "[Crossing] Your passport renewal application R2026112200017 is approved. "
                + "Please pay ¥120.00 online by 2026-11-29.")
    }

    @Test func weChatTemplateMessageHasTitleFieldsRemarkAndLink() throws {
        let rendered = try NotificationCatalogue.template(.dispatched).render(
            channel: .wechat, language: .zh,
            parameters: ["applicationNumber": "R2026112200017", "waybill": "EA123456785CN"])
        #expect(rendered.title == "证件已寄出")
        #expect(rendered.providerTemplateCode == "CROSSING-TM-06")
        #expect(
            rendered.fields == [
                .init(key: "keyword1", label: "受理编号", value: "R2026112200017"),
                .init(key: "keyword2", label: "EMS运单号", value: "EA123456785CN"),
            ])
        #expect(rendered.remark == "点击查看物流。")
        #expect(rendered.linkPath == "/renewals")
    }

    @Test func alipayMessageIsTheTitleAndTheTextWithoutSignature() throws {
        let rendered = try NotificationCatalogue.template(.readyForCollection).render(
            channel: .alipay, language: .en,
            parameters: [
                "applicationNumber": "R2026112200017", "office": "Dongcheng Exit-Entry Office", "pickupCode": "K7Q2-91",
            ])
        #expect(rendered.title == "Ready for collection")
        #expect(rendered.text.hasPrefix("The document for application R2026112200017 is ready at Dongcheng"))
        #expect(rendered.text.contains("Pickup code K7Q2-91"))
        #expect(!rendered.text.contains("[Crossing]"))
    }

    @Test func aLocalisedParameterIsUsedInItsLanguageAndAPlainOneInBoth() throws {
        let template = NotificationCatalogue.template(.appointmentReminder)
        var parameters = [
            "office.zh": "东城分局出入境接待大厅", "office.en": "Dongcheng exit-entry hall", "date": "2026-11-23",
            "time": "09:30", "bookingReference": "BK-20261123-07",
        ]
        #expect(try template.render(channel: .sms, language: .zh, parameters: parameters).text.contains("在东城分局出入境接待大厅"))
        #expect(
            try template.render(channel: .sms, language: .en, parameters: parameters).text.contains(
                "at Dongcheng exit-entry hall"))
        parameters["office.zh"] = nil
        parameters["office.en"] = nil
        parameters["office"] = "Hall 2"
        #expect(try template.render(channel: .sms, language: .zh, parameters: parameters).text.contains("在Hall 2"))
    }

    @Test func aMissingParameterIsAnErrorNotABlank() {
        var parameters = Self.paymentDue
        parameters["amount"] = nil
        #expect(throws: NotificationTemplateError.missingParameter(template: "payment-due", name: "amount")) {
            try NotificationCatalogue.template(.paymentDue).render(channel: .sms, language: .zh, parameters: parameters)
        }
        parameters["amount"] = "   "
        #expect(throws: NotificationTemplateError.missingParameter(template: "payment-due", name: "amount")) {
            try NotificationCatalogue.template(.paymentDue).validate(parameters)
        }
        // A text given only in the other language is missing in this one.
        var english = Self.paymentDue
        english["service.zh"] = nil
        #expect(throws: NotificationTemplateError.missingParameter(template: "payment-due", name: "service")) {
            try NotificationCatalogue.template(.paymentDue).validate(english)
        }
    }

    @Test(arguments: [
        ("amount", "120.00"), ("amount", "-5"), ("dueDate", "2026-02-30"), ("dueDate", "29/11/2026"),
        ("applicationNumber", "R 2026"), ("applicationNumber", "R1"), ("service", "line\nbreak"),
        ("service", "{amount}"), ("service", String(repeating: "x", count: 65)),
    ])
    func aMalformedParameterIsRefused(name: String, value: String) {
        var parameters = Self.paymentDue
        parameters[name] = value
        parameters[name + ".zh"] = nil
        parameters[name + ".en"] = nil
        #expect(throws: NotificationTemplateError.self) {
            try NotificationCatalogue.template(.paymentDue).validate(parameters)
        }
    }

    @Test func unknownTemplatesAndParametersAreRefused() {
        #expect(throws: NotificationTemplateError.unknownTemplate("marketing")) {
            try NotificationCatalogue.render("marketing", channel: .sms, language: .zh, parameters: [:])
        }
        var parameters = Self.paymentDue
        parameters["amout"] = "12000"
        #expect(throws: NotificationTemplateError.unexpectedParameter(template: "payment-due", name: "amout")) {
            try NotificationCatalogue.template(.paymentDue).validate(parameters)
        }
    }

    @Test func appointmentTimesMustBeRealTimesOfDay() {
        let base = ["office": "Hall 2", "date": "2026-11-23", "bookingReference": "BK-0001"]
        for bad in ["24:00", "9:30", "09:60", "0930"] {
            #expect(throws: NotificationTemplateError.self, "\(bad)") {
                try NotificationCatalogue.template(.appointmentCancelled).validate(base.merging(["time": bad]) { $1 })
            }
        }
        #expect(throws: Never.self) {
            try NotificationCatalogue.template(.appointmentCancelled).validate(base.merging(["time": "23:59"]) { $1 })
        }
    }
}
