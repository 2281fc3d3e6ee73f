import Foundation

/// Every notification template, in Chinese and English. Parameters are named alike across templates
/// so callers learn them once: `applicationNumber`, `service`, `amount` (fen), `dueDate`, `readyBy`,
/// `waybill`, `reason`, `office`, `pickupCode`, `date`, `time`, `bookingReference`.
public enum NotificationCatalogue {
    public static func template(_ id: NotificationTemplateID) -> NotificationTemplate {
        guard let template = byID[id] else { preconditionFailure("the catalogue lacks \(id.rawValue)") }
        return template
    }

    /// The template with this raw id, or `.unknownTemplate`.
    public static func template(named id: String) throws(NotificationTemplateError) -> NotificationTemplate {
        guard let known = NotificationTemplateID(rawValue: id) else { throw .unknownTemplate(id) }
        return template(known)
    }

    /// Renders template `id` for one channel; what the sandbox adapters call when a message arrives.
    public static func render(
        _ id: String, channel: NotificationChannel, language: Language, parameters: [String: String]
    ) throws(NotificationTemplateError) -> RenderedNotification {
        try template(named: id).render(channel: channel, language: language, parameters: parameters)
    }

    public static let all: [NotificationTemplate] = applications + delivery + appointments

    private static let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    private static let applicationNumber = NotificationParameter("applicationNumber", .reference)
    private static let service = NotificationParameter("service", .text)
    private static let amount = NotificationParameter("amount", .amountFen)
    private static let reason = NotificationParameter("reason", .text)
    private static let waybill = NotificationParameter("waybill", .reference)
    private static let office = NotificationParameter("office", .text)
    private static let date = NotificationParameter("date", .date)
    private static let time = NotificationParameter("time", .time)
    private static let bookingReference = NotificationParameter("bookingReference", .reference)

    private static let applicationLabel = LocalizedText(zh: "受理编号", en: "Application")
    private static let serviceLabel = LocalizedText(zh: "办理业务", en: "Service")
    private static let statusLabel = LocalizedText(zh: "办理状态", en: "Status")
    private static let amountLabel = LocalizedText(zh: "金额", en: "Amount")
    private static let waybillLabel = LocalizedText(zh: "EMS运单号", en: "EMS waybill")
    private static let officeLabel = LocalizedText(zh: "办理地点", en: "Office")
    private static let timeLabel = LocalizedText(zh: "预约时间", en: "Time")
    private static let referenceLabel = LocalizedText(zh: "预约号", en: "Booking reference")
    private static let applicationValue = LocalizedText(zh: "{applicationNumber}", en: "{applicationNumber}")
    private static let waybillValue = LocalizedText(zh: "{waybill}", en: "{waybill}")
    private static let officeValue = LocalizedText(zh: "{office}", en: "{office}")
    private static let slotValue = LocalizedText(zh: "{date} {time}", en: "{date} {time}")
    private static let referenceValue = LocalizedText(zh: "{bookingReference}", en: "{bookingReference}")
    private static let detailsRemark = LocalizedText(zh: "点击查看详情。", en: "Tap to see the details.")

    private static let applications: [NotificationTemplate] = [
        NotificationTemplate(
            id: .applicationSubmitted, parameters: [applicationNumber, service],
            title: LocalizedText(zh: "申请已提交", en: "Application submitted"),
            text: LocalizedText(
                zh: "您的{service}申请已提交，受理编号{applicationNumber}。审核结果将通知您。",
                en: "Your {service} application {applicationNumber} has been submitted. We will tell you the outcome."),
            weChatTemplateCode: "CROSSING-TM-01",
            weChatFields: [
                WeChatTemplateField(applicationLabel, applicationValue),
                WeChatTemplateField(serviceLabel, LocalizedText(zh: "{service}", en: "{service}")),
                WeChatTemplateField(statusLabel, LocalizedText(zh: "已提交，等待审核", en: "Submitted, awaiting review")),
            ], remark: detailsRemark, linkPath: "/renewals"),
        NotificationTemplate(
            id: .applicationReturned, parameters: [applicationNumber, service, reason],
            title: LocalizedText(zh: "申请需要补正", en: "Application returned for correction"),
            text: LocalizedText(
                zh: "您的{service}申请{applicationNumber}需要补正：{reason}。请登录后修改并重新提交。",
                en: "Your {service} application {applicationNumber} needs a correction: {reason}. "
                    + "Sign in to correct and resubmit it."),
            weChatTemplateCode: "CROSSING-TM-02",
            weChatFields: [
                WeChatTemplateField(applicationLabel, applicationValue),
                WeChatTemplateField(statusLabel, LocalizedText(zh: "退回补正", en: "Returned for correction")),
                WeChatTemplateField(
                    LocalizedText(zh: "补正原因", en: "Reason"), LocalizedText(zh: "{reason}", en: "{reason}")),
            ], remark: LocalizedText(zh: "请尽快修改并重新提交。", en: "Please correct and resubmit it soon."),
            linkPath: "/renewals"),
        NotificationTemplate(
            id: .paymentDue, parameters: [applicationNumber, service, amount, NotificationParameter("dueDate", .date)],
            title: LocalizedText(zh: "审核通过，请缴费", en: "Approved: payment due"),
            text: LocalizedText(
                zh: "您的{service}申请{applicationNumber}已审核通过，请于{dueDate}前在线缴费{amount}。",
                en:
                    "Your {service} application {applicationNumber} is approved. Please pay {amount} online by {dueDate}."
            ),
            weChatTemplateCode: "CROSSING-TM-03",
            weChatFields: [
                WeChatTemplateField(applicationLabel, applicationValue),
                WeChatTemplateField(amountLabel, LocalizedText(zh: "{amount}", en: "{amount}")),
                WeChatTemplateField(
                    LocalizedText(zh: "缴费期限", en: "Pay by"), LocalizedText(zh: "{dueDate}", en: "{dueDate}")),
            ], remark: LocalizedText(zh: "点击在线缴费。", en: "Tap to pay online."), linkPath: "/renewals"),
        NotificationTemplate(
            id: .paymentReceived, parameters: [applicationNumber, amount],
            title: LocalizedText(zh: "缴费成功", en: "Payment received"),
            text: LocalizedText(
                zh: "已收到申请{applicationNumber}的费用{amount}，谢谢。",
                en: "We have received your payment of {amount} for application {applicationNumber}. Thank you."),
            weChatTemplateCode: "CROSSING-TM-04",
            weChatFields: [
                WeChatTemplateField(applicationLabel, applicationValue),
                WeChatTemplateField(amountLabel, LocalizedText(zh: "{amount}", en: "{amount}")),
            ], remark: detailsRemark, linkPath: "/renewals"),
        NotificationTemplate(
            id: .inProduction, parameters: [applicationNumber, NotificationParameter("readyBy", .date)],
            title: LocalizedText(zh: "证件制作中", en: "Document in production"),
            text: LocalizedText(
                zh: "申请{applicationNumber}的证件正在制作，预计{readyBy}前完成。",
                en: "The document for application {applicationNumber} is being made; expected by {readyBy}."),
            weChatTemplateCode: "CROSSING-TM-05",
            weChatFields: [
                WeChatTemplateField(applicationLabel, applicationValue),
                WeChatTemplateField(
                    LocalizedText(zh: "预计完成", en: "Expected by"), LocalizedText(zh: "{readyBy}", en: "{readyBy}")),
            ], remark: detailsRemark, linkPath: "/renewals"),
        NotificationTemplate(
            id: .readyForCollection,
            parameters: [applicationNumber, office, NotificationParameter("pickupCode", .reference)],
            title: LocalizedText(zh: "证件可以领取", en: "Ready for collection"),
            text: LocalizedText(
                zh: "申请{applicationNumber}的证件已可在{office}领取，取证码{pickupCode}，请携带身份证本人领取。",
                en: "The document for application {applicationNumber} is ready at {office}. Pickup code {pickupCode}; "
                    + "bring your ID card."),
            weChatTemplateCode: "CROSSING-TM-10",
            weChatFields: [
                WeChatTemplateField(applicationLabel, applicationValue),
                WeChatTemplateField(officeLabel, officeValue),
                WeChatTemplateField(
                    LocalizedText(zh: "取证码", en: "Pickup code"), LocalizedText(zh: "{pickupCode}", en: "{pickupCode}")),
            ], remark: LocalizedText(zh: "请携带身份证本人领取。", en: "Bring your ID card."), linkPath: "/renewals"),
        NotificationTemplate(
            id: .applicationRejected, parameters: [applicationNumber, service, reason],
            title: LocalizedText(zh: "申请不予批准", en: "Application not approved"),
            text: LocalizedText(
                zh: "您的{service}申请{applicationNumber}不予批准：{reason}。如已缴费，费用将原路退回；如有疑问，请预约到受理单位咨询。",
                en: "Your {service} application {applicationNumber} was not approved: {reason}. Any fee paid will be "
                    + "refunded; book a visit to the office if you have questions."),
            weChatTemplateCode: "CROSSING-TM-17",
            weChatFields: [
                WeChatTemplateField(applicationLabel, applicationValue),
                WeChatTemplateField(statusLabel, LocalizedText(zh: "不予批准", en: "Not approved")),
                WeChatTemplateField(
                    LocalizedText(zh: "原因", en: "Reason"), LocalizedText(zh: "{reason}", en: "{reason}")),
            ], remark: detailsRemark, linkPath: "/renewals"),
        NotificationTemplate(
            id: .applicationWithdrawn, parameters: [applicationNumber],
            title: LocalizedText(zh: "申请已撤回", en: "Application withdrawn"),
            text: LocalizedText(
                zh: "您的申请{applicationNumber}已撤回。如已缴费，费用将原路退回。",
                en: "Your application {applicationNumber} has been withdrawn. Any fee paid will be refunded."),
            weChatTemplateCode: "CROSSING-TM-11",
            weChatFields: [
                WeChatTemplateField(applicationLabel, applicationValue),
                WeChatTemplateField(statusLabel, LocalizedText(zh: "已撤回", en: "Withdrawn")),
            ], remark: detailsRemark, linkPath: "/renewals"),
        NotificationTemplate(
            id: .refunded, parameters: [applicationNumber, amount],
            title: LocalizedText(zh: "费用已退回", en: "Fee refunded"),
            text: LocalizedText(
                zh: "申请{applicationNumber}的费用{amount}已原路退回，到账时间以支付机构为准。",
                en: "The fee of {amount} for application {applicationNumber} has been refunded to how you paid."),
            weChatTemplateCode: "CROSSING-TM-12",
            weChatFields: [
                WeChatTemplateField(applicationLabel, applicationValue),
                WeChatTemplateField(
                    LocalizedText(zh: "退款金额", en: "Refund"), LocalizedText(zh: "{amount}", en: "{amount}")),
            ], remark: detailsRemark, linkPath: "/renewals"),
    ]

    private static let delivery: [NotificationTemplate] = [
        NotificationTemplate(
            id: .dispatched, parameters: [applicationNumber, waybill],
            title: LocalizedText(zh: "证件已寄出", en: "Document dispatched"),
            text: LocalizedText(
                zh: "申请{applicationNumber}的证件已交邮政EMS寄出，运单号{waybill}。",
                en: "The document for application {applicationNumber} has been sent by EMS, waybill {waybill}."),
            weChatTemplateCode: "CROSSING-TM-06",
            weChatFields: [
                WeChatTemplateField(applicationLabel, applicationValue),
                WeChatTemplateField(waybillLabel, waybillValue),
            ], remark: LocalizedText(zh: "点击查看物流。", en: "Tap to track it."), linkPath: "/renewals"),
        NotificationTemplate(
            id: .outForDelivery, parameters: [waybill],
            title: LocalizedText(zh: "证件派送中", en: "Out for delivery"),
            text: LocalizedText(
                zh: "您的证件邮件{waybill}正在派送，请保持电话畅通，本人签收。",
                en: "Your document {waybill} is out for delivery. Keep your phone on; sign for it yourself."),
            weChatTemplateCode: "CROSSING-TM-07",
            weChatFields: [
                WeChatTemplateField(waybillLabel, waybillValue),
                WeChatTemplateField(statusLabel, LocalizedText(zh: "派送中", en: "Out for delivery")),
            ], remark: LocalizedText(zh: "请本人签收。", en: "Please sign for it yourself."), linkPath: "/renewals"),
        NotificationTemplate(
            id: .delivered, parameters: [waybill],
            title: LocalizedText(zh: "证件已签收", en: "Delivered"),
            text: LocalizedText(
                zh: "您的证件邮件{waybill}已签收。如非本人签收，请立即联系我们。",
                en: "Your document {waybill} has been delivered. If you did not sign for it, contact us now."),
            weChatTemplateCode: "CROSSING-TM-08",
            weChatFields: [
                WeChatTemplateField(waybillLabel, waybillValue),
                WeChatTemplateField(statusLabel, LocalizedText(zh: "已签收", en: "Delivered")),
            ], remark: detailsRemark, linkPath: "/renewals"),
        NotificationTemplate(
            id: .deliveryFailed, parameters: [waybill, reason],
            title: LocalizedText(zh: "派送未成功", en: "Delivery failed"),
            text: LocalizedText(
                zh: "您的证件邮件{waybill}派送未成功：{reason}。邮政将再次派送，或请登录改为自取。",
                en: "Your document {waybill} could not be delivered: {reason}. EMS will try again, "
                    + "or sign in to collect it instead."),
            weChatTemplateCode: "CROSSING-TM-09",
            weChatFields: [
                WeChatTemplateField(waybillLabel, waybillValue),
                WeChatTemplateField(
                    LocalizedText(zh: "原因", en: "Reason"), LocalizedText(zh: "{reason}", en: "{reason}")),
            ], remark: detailsRemark, linkPath: "/renewals"),
        NotificationTemplate(
            id: .returnedToSender, parameters: [applicationNumber, waybill],
            title: LocalizedText(zh: "邮件已退回", en: "Returned to the office"),
            text: LocalizedText(
                zh: "申请{applicationNumber}的证件邮件{waybill}未能投递，已退回受理单位。我们会与您联系重新寄递或安排领取。",
                en: "The document for application {applicationNumber} ({waybill}) could not be delivered and went back "
                    + "to the office. We will contact you to send it again or arrange collection."),
            weChatTemplateCode: "CROSSING-TM-16",
            weChatFields: [
                WeChatTemplateField(applicationLabel, applicationValue),
                WeChatTemplateField(waybillLabel, waybillValue),
                WeChatTemplateField(statusLabel, LocalizedText(zh: "已退回", en: "Returned")),
            ], remark: detailsRemark, linkPath: "/renewals"),
    ]

    private static let appointments: [NotificationTemplate] = [
        NotificationTemplate(
            id: .appointmentBooked, parameters: [service, office, date, time, bookingReference],
            title: LocalizedText(zh: "预约成功", en: "Appointment booked"),
            text: LocalizedText(
                zh: "您已预约{date} {time}在{office}办理{service}，预约号{bookingReference}。请携带证件按时到场。",
                en: "You are booked for {service} at {office} on {date} at {time}, reference {bookingReference}. "
                    + "Bring your documents."),
            weChatTemplateCode: "CROSSING-TM-13",
            weChatFields: [
                WeChatTemplateField(serviceLabel, LocalizedText(zh: "{service}", en: "{service}")),
                WeChatTemplateField(officeLabel, officeValue),
                WeChatTemplateField(timeLabel, slotValue),
                WeChatTemplateField(referenceLabel, referenceValue),
            ], remark: LocalizedText(zh: "请携带证件按时到场。", en: "Bring your documents and arrive on time."),
            linkPath: "/appointments"),
        NotificationTemplate(
            id: .appointmentReminder, parameters: [office, date, time, bookingReference],
            title: LocalizedText(zh: "预约提醒", en: "Appointment tomorrow"),
            text: LocalizedText(
                zh: "提醒：您预约了明天（{date}）{time}在{office}办理业务，预约号{bookingReference}。",
                en: "Reminder: your appointment is tomorrow, {date} at {time}, at {office}, "
                    + "reference {bookingReference}."),
            weChatTemplateCode: "CROSSING-TM-14",
            weChatFields: [
                WeChatTemplateField(officeLabel, officeValue),
                WeChatTemplateField(timeLabel, slotValue),
                WeChatTemplateField(referenceLabel, referenceValue),
            ], remark: LocalizedText(zh: "如不能到场，请提前取消。", en: "If you cannot come, please cancel."),
            linkPath: "/appointments"),
        NotificationTemplate(
            id: .appointmentCancelled, parameters: [office, date, time, bookingReference],
            title: LocalizedText(zh: "预约已取消", en: "Appointment cancelled"),
            text: LocalizedText(
                zh: "您{date} {time}在{office}的预约（预约号{bookingReference}）已取消。",
                en: "Your appointment at {office} on {date} at {time} (reference {bookingReference}) is cancelled."),
            weChatTemplateCode: "CROSSING-TM-15",
            weChatFields: [
                WeChatTemplateField(officeLabel, officeValue),
                WeChatTemplateField(timeLabel, slotValue),
                WeChatTemplateField(referenceLabel, referenceValue),
                WeChatTemplateField(statusLabel, LocalizedText(zh: "已取消", en: "Cancelled")),
            ], remark: detailsRemark, linkPath: "/appointments"),
    ]
}
