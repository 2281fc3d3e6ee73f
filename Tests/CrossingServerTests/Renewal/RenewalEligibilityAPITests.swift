import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// Ineligible applicants of every kind: the eligibility endpoint lists every rule that fails, each
/// with where to go instead, and a submission is refused with the same codes and leaves nothing behind.
@Suite("Renewal: ineligible applicants", .serialized)
struct RenewalEligibilityAPITests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var person: PersonID
        var document = "ordinary-passport"
        var reason = "damaged"
        var inMainland = true
        /// Every failure code the answer must list, and nothing else.
        var codes: Set<String>
        /// The alternative of the main failure.
        var alternative: String

        var testDescription: String { name }

        var json: String {
            #"{"document":"\#(document)","reason":"\#(reason)","inMainland":\#(inMainland)}"#
        }
    }

    typealias Key = DemoRegistry.Key

    static let cases: [Case] = [
        Case(
            name: "first-timer", person: Key.firstTimer,
            codes: ["renewal-first-application", "renewal-biometrics-missing"], alternative: "counter-appointment"),
        Case(name: "minor", person: Key.minor, codes: ["renewal-under-16"], alternative: "guardian-at-counter"),
        Case(
            name: "state functionary", person: Key.stateFunctionary, codes: ["renewal-state-functionary"],
            alternative: "employer-approval"),
        Case(
            name: "active military", person: Key.activeMilitary,
            codes: ["renewal-active-military", "renewal-first-application"], alternative: "military-channel"),
        Case(
            name: "non-pilot city", person: Key.nonPilotCitizen, codes: ["renewal-not-a-pilot-city"],
            alternative: "counter-appointment"),
        Case(
            name: "foreigner", person: Key.foreignerWithVisa,
            codes: [
                "renewal-not-mainland-citizen", "renewal-no-household-registration", "renewal-first-application",
            ], alternative: "counter-appointment"),
        Case(
            name: "Hong Kong resident", person: Key.hongKongResident,
            codes: [
                "renewal-not-mainland-citizen", "renewal-no-household-registration", "renewal-first-application",
            ], alternative: "counter-appointment"),
        Case(
            name: "expired passport", person: Key.elderly, codes: ["renewal-previous-document-not-valid"],
            alternative: "counter-appointment"),
        Case(
            name: "validity not under 6 months", person: Key.beijingCitizen, reason: "validity-under-6-months",
            codes: ["renewal-validity-not-under-6-months"], alternative: "apply-from"),
        Case(
            name: "no visa pages for a permit", person: Key.beijingCitizen, document: "hk-macao-permit",
            reason: "no-visa-pages-left", codes: ["renewal-reason-does-not-fit"], alternative: "choose-another-reason"),
        Case(
            name: "passport, outside the mainland", person: Key.beijingCitizen, inMainland: false,
            codes: ["renewal-outside-mainland"], alternative: "embassy-or-consulate"),
        Case(
            name: "permit, outside the mainland", person: Key.beijingCitizen, document: "hk-macao-permit",
            inMainland: false, codes: ["renewal-outside-mainland"], alternative: "return-to-mainland"),
    ]

    @Test("the eligibility endpoint lists every failure with its alternative", arguments: cases)
    func eligibilityListsEveryFailure(_ test: Case) async throws {
        try await RenewalWorld.with(person: test.person) { world in
            let response = try await world.eligibility(test.json)
            #expect(response.status == .ok, "\(response.text)")
            let answer = try response.json(EligibilityDoc.self)
            #expect(!answer.eligible)
            #expect(answer.codes == test.codes, "\(answer.failures.map(\.code))")
            #expect(answer.failures.count == test.codes.count, "each rule once")
            #expect(answer.failures.contains { $0.alternative == test.alternative }, "\(answer.failures)")
            for failure in answer.failures {
                #expect(!failure.message.isEmpty && !failure.alternative.isEmpty && !failure.alternativeLabel.isEmpty)
            }
            #expect(response.header("Cache-Control")?.contains("no-store") == true)
        }
    }

    @Test("a submission is refused with 422, the same codes, and nothing is created", arguments: cases)
    func submissionIsRefused(_ test: Case) async throws {
        try await RenewalWorld.with(person: test.person) { world in
            try await FaceTesting.pass(world.app, world.applicant)
            let keys = try await world.uploadSamples()
            let before = try await world.footprint()
            var body = RenewalWorld.body(keys, document: test.document, reason: test.reason)
            body.removeLast()
            body += #","inMainland":\#(test.inMainland)}"#
            let response = try await world.submit(body)
            #expect(response.status == .unprocessableEntity, "\(response.text)")
            let problem = try response.problem()
            #expect(problem.kind == "validation-failed")
            #expect(Set(problem.codes) == test.codes, "\(problem.codes)")
            #expect(problem.errors?.allSatisfy { $0.field == "eligibility" } == true)
            #expect(try await world.footprint() == before)
            #expect(try await world.audits("renewal.submitted").isEmpty)
        }
    }

    @Test("a helper without a delegation cannot check or submit for someone else")
    func dependentWithoutDelegation() async throws {
        try await RenewalWorld.with { world in
            let response = try await world.eligibility(
                #"{"document":"ordinary-passport","reason":"damaged","dependentId":"\#(UUID().uuidString)"}"#)
            #expect(response.status == .forbidden, "\(response.text)")
            #expect(try response.problem().kind == "forbidden")
        }
    }

    @Test("unknown document and reason are field errors")
    func unknownDocumentAndReason() async throws {
        try await RenewalWorld.with { world in
            let response = try await world.eligibility(#"{"document":"visa","reason":"bored"}"#)
            #expect(response.status == .unprocessableEntity)
            #expect(Set(try response.problem().codes) == ["document-unknown", "reason-unknown"])
        }
    }
}
