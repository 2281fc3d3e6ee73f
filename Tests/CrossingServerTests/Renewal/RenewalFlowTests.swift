import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// The whole zero-visit renewal through the real ports: submission, review, payment at the sandbox
/// gateway, production, issue with a new number and the registry updated, the EMS sandbox's waybill
/// and deliveries, and the applicant told at each step.
@Suite("Renewal: the whole flow", .serialized)
struct RenewalFlowTests {
    @Test("courier: submitted → approved → paid → in production → issued → dispatched → delivered")
    func courierFlow() async throws {
        try await RenewalWorld.with { world in
            let submitted = try await world.submitted()
            #expect(submitted.status == "under-review")
            #expect(submitted.officeCode == RenewalWorld.office)
            #expect(submitted.feeFen > 0)
            let number = submitted.number

            let officer = try await world.staff()
            let approved = try await world.approve(number, officer)
            #expect(approved.application.status == "approved")
            #expect(approved.application.payments.count == 1)
            let applicant = try #require(try await world.registryPerson())
            #expect(approved.details.name == applicant.name)
            #expect(approved.details.identityNumber == applicant.identity.number)

            try await world.pay(number)
            var current = try await world.application(number)
            #expect(current.status == "in-production", "\(current.events.map(\.kind))")

            let issued = try await world.app.send(.POST, "/api/v1/staff/renewals/\(number)/issue", headers: officer)
            #expect(issued.status == .ok, "\(issued.text)")
            let newNumber = try issued.json(StaffApplicationDoc.self).newDocumentNumber
            #expect(newNumber?.hasPrefix("EA") == true)
            let again = try await world.app.send(.POST, "/api/v1/staff/renewals/\(number)/issue", headers: officer)
            #expect(again.status == .conflict)

            // The registry: the old passport cancelled, the new one valid.
            let person = try #require(try await world.registryPerson())
            let passports = person.heldDocuments(of: .ordinaryPassport)
            #expect(passports.first?.number == newNumber)
            #expect(passports.first?.status == .valid)
            #expect(passports.dropFirst().allSatisfy { $0.status == .cancelled || $0.status == .expired })

            // The courier sandbox issues the waybill, then scans the parcel to delivery.
            for _ in 0..<6 { try await world.drain(after: 60) }
            current = try await world.application(number)
            #expect(current.status == "dispatched", "\(current.events.map(\.kind))")
            for _ in 0..<200 where current.status != "delivered" {
                try await world.drain(after: 1800)
                current = try await world.application(number)
            }
            #expect(current.status == "delivered", "\(current.events.map(\.kind))")

            let kinds = try await world.timelineKinds(number)
            for kind in [
                "application.submitted", "application.approved", "paid", "application.paid",
                "application.in-production", "application.dispatched", "application.delivered",
            ] {
                #expect(kinds.contains(kind), "\(kind) missing from \(kinds)")
            }
            let templates = Set(try await world.notifications(number))
            for template in ["application-submitted", "payment-due", "payment-received", "in-production"] {
                #expect(templates.contains(template), "\(template) missing from \(templates)")
            }
            #expect(try await world.audits("renewal.submitted").count == 1)
            #expect(try await world.audits("renewal.approved").count == 1)
            #expect(try await world.audits("person.read").count >= 1)
        }
    }

    @Test("collection: ready with a pickup code; the counter checks it")
    func collectionFlow() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.submitted(handover: "collection").number
            let officer = try await world.staff()
            _ = try await world.approve(number, officer)
            try await world.pay(number)
            let issued = try await world.app.send(.POST, "/api/v1/staff/renewals/\(number)/issue", headers: officer)
            #expect(issued.status == .ok, "\(issued.text)")
            let ready = try await world.application(number)
            #expect(ready.status == "ready-for-collection")
            let code = try #require(ready.pickupCode)
            let wrong = try await world.app.send(
                .POST, "/api/v1/staff/renewals/\(number)/collect", headers: officer, body: #"{"pickupCode":"000000x"}"#)
            #expect(wrong.status == .unprocessableEntity)
            let right = try await world.app.send(
                .POST, "/api/v1/staff/renewals/\(number)/collect", headers: officer,
                body: #"{"pickupCode":"\#(code)"}"#)
            #expect(right.status == .ok, "\(right.text)")
            #expect(try await world.application(number).status == "collected")
            #expect(try await world.notifications(number).contains("ready-for-collection"))
        }
    }
}

@Suite("Renewal: rejection")
struct RenewalRejectionTests {
    @Test("a rejected application tells the applicant why and frees them to apply again")
    func rejectionIsToldWithTheReason() async throws {
        try await RenewalWorld.with { world in
            let number = try await world.submitted().number
            let officer = try await world.staff()
            let claimed = try await world.app.send(.POST, "/api/v1/staff/renewals/\(number)/claim", headers: officer)
            let version = try claimed.json(StaffApplicationDoc.self).application.version
            let rejected = try await world.decide(
                number, officer,
                #"{"decision":"reject","version":\#(version),"reason":"The photo on file does not match\nthe applicant {x}"}"#
            )
            #expect(rejected.status == .ok, "\(rejected.text)")
            #expect(try await world.application(number).status == "rejected")
            #expect(try await world.notifications(number).contains("application-rejected"))
            let job = try #require(
                try await OutboxJobRecord.query(on: world.app.db).filter(\.$kind == Notifications.jobKind).all()
                    .compactMap { try? JSONDecoder.outbox.decode(NotificationJob.self, from: Data($0.payload.utf8)) }
                    .first { $0.template == "application-rejected" })
            #expect(job.parameters["reason"] == "The photo on file does not match the applicant x")
            #expect(try await world.record(number).openKey == nil)
            #expect(try await world.audits("renewal.rejected").count == 1)
        }
    }
}
