import CrossingDomain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

@Suite("Assisted service under concurrency")
struct DependentRaceTests {
    @Test("concurrent adds of the same dependent create one delegation; the rest are told it exists")
    func concurrentAdds() async throws {
        try await FaceTesting.withFaceApp { app, _ in
            let helper = try await FaceTesting.user(app, DemoRegistry.Key.shanghaiCitizen)
            _ = try await FaceTesting.user(app, DemoRegistry.Key.elderly)
            try await FaceTesting.pass(app, helper)
            let elderly = try FaceTesting.person(DemoRegistry.Key.elderly)
            let json = DependentsAPITests.body(elderly, relationship: "child", consent: "dependent-in-person")
            let statuses = try await withThrowingTaskGroup(of: (HTTPStatus, String).self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let response = try await DependentsAPITests.add(app, helper, json)
                        return (response.status, response.text)
                    }
                }
                var all: [(HTTPStatus, String)] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(statuses.filter { $0.0 == .created }.count == 1, "\(statuses)")
            for (status, body) in statuses where status != .created {
                #expect(status == .conflict, "\(body)")
                #expect(body.contains("delegation-duplicate"))
            }
            #expect(try await DelegationRecord.query(on: app.db).count() == 1)
            let audited = try await AuditLogRecord.query(on: app.db).filter(\.$action == "delegation.created").count()
            #expect(audited == 1)
        }
    }
}
