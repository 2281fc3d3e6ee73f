import CrossingDomain
import CrossingIntegrations
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CrossingServer

/// Wrong files are refused with the checker's code and the words to fix them, and nothing is stored;
/// a file of someone else cannot be attached; submission needs a fresh face verification.
@Suite("Renewal: wrong files and face verification", .serialized)
struct RenewalUploadTests {
    struct Variant: Sendable, CustomTestStringConvertible {
        var name: String
        var kind: RenewalUploadKind
        var make: @Sendable () throws -> Data
        var code: String

        var testDescription: String { name }
    }

    static let variants: [Variant] = [
        Variant(
            name: "PNG renamed to .jpg", kind: .photo,
            make: { Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 0x42, count: 30_000) },
            code: "image-not-jpeg"),
        Variant(
            name: "under 20 KB", kind: .photo,
            make: { try TurboJPEGEncoder.encode(SampleUploads.portrait(noise: 0), quality: 40) },
            code: "image-file-too-small"),
        Variant(
            name: "over 80 KB", kind: .photo,
            make: { try TurboJPEGEncoder.encode(SampleUploads.portrait(noise: 60), quality: 100) },
            code: "image-file-too-large"),
        Variant(
            name: "too few pixels", kind: .photo,
            make: {
                try SampleUploads.jpeg(
                    SampleUploads.portrait(width: 300, height: 400, noise: 20), fitting: 20_480...81_920)
            }, code: "photo-wrong-dimensions"),
        Variant(
            name: "not 3:4", kind: .photo,
            make: { try SampleUploads.jpeg(SampleUploads.portrait(width: 390, height: 567), fitting: 30_720...71_680) },
            code: "photo-wrong-aspect-ratio"),
        Variant(
            name: "red background", kind: .photo,
            make: {
                try SampleUploads.jpeg(
                    SampleUploads.portrait(background: RGBColor(red: 200, green: 40, blue: 40)),
                    fitting: 30_720...71_680)
            }, code: "photo-background-colored"),
        Variant(
            name: "signature in portrait", kind: .signature,
            make: {
                try SampleUploads.jpeg(SampleUploads.signature(width: 200, height: 600), fitting: 4_096...204_800)
            },
            code: "signature-not-landscape"),
    ]

    @Test("a wrong file is refused with the checker's code and nothing is stored", arguments: variants)
    func wrongFileIsRefused(_ variant: Variant) async throws {
        try await RenewalWorld.with { world in
            let data = try variant.make()
            let response = try await world.upload(variant.kind, data)
            #expect(response.status == .unprocessableEntity, "\(response.text)")
            let problem = try response.problem()
            #expect(problem.kind == "validation-failed")
            #expect(problem.codes.contains(variant.code), "\(problem.codes)")
            #expect(problem.errors?.allSatisfy { $0.field == "file" } == true)
            #expect(!problem.detail.isEmpty)
            #expect(try await RenewalUploadRecord.query(on: world.app.db).count() == 0)
        }
    }

    @Test("the checker's words say what to fix")
    func rejectionSaysWhatToFix() async throws {
        try await RenewalWorld.with { world in
            let data = try TurboJPEGEncoder.encode(SampleUploads.portrait(noise: 0), quality: 40)
            let response = try await world.upload(.photo, data)
            #expect(response.text.contains("at least 20 KB"), "\(response.text)")
        }
    }

    @Test("a file sent as another content type is 415; an unknown kind is 422")
    func contentTypeAndKind() async throws {
        try await RenewalWorld.with { world in
            var headers = world.applicant.headers
            headers.replaceOrAdd(name: .contentType, value: "image/png")
            let png = try await world.app.testing().sendRequest(
                .POST, "/api/v1/renewals/uploads?kind=photo", headers: headers,
                body: ByteBuffer(bytes: Array(RenewalSamples.photo)))
            #expect(png.status == .unsupportedMediaType, "\(png.text)")
            #expect(try png.problem().kind == "unsupported-media-type")

            headers.replaceOrAdd(name: .contentType, value: "image/jpeg")
            let unknown = try await world.app.testing().sendRequest(
                .POST, "/api/v1/renewals/uploads?kind=selfie", headers: headers,
                body: ByteBuffer(bytes: Array(RenewalSamples.photo)))
            #expect(unknown.status == .unprocessableEntity, "\(unknown.text)")
            #expect(try unknown.problem().codes == ["upload-kind-unknown"])

            let missingKind = try await world.app.testing().sendRequest(
                .POST, "/api/v1/renewals/uploads", headers: headers,
                body: ByteBuffer(bytes: Array(RenewalSamples.photo)))
            #expect(missingKind.status == .unprocessableEntity)
            #expect(try await RenewalUploadRecord.query(on: world.app.db).count() == 0)
        }
    }

    @Test("an empty body is refused as empty; the same good file twice is one upload")
    func emptyAndDuplicate() async throws {
        try await RenewalWorld.with { world in
            let empty = try await world.upload(.photo, Data())
            #expect(empty.status == .unprocessableEntity, "\(empty.text)")
            #expect(try empty.problem().codes == ["image-empty"])
            let first = try await world.upload(.photo, RenewalSamples.photo)
            let second = try await world.upload(.photo, RenewalSamples.photo)
            #expect(first.status == .created && second.status == .created)
            #expect(try first.json(UploadDoc.self).key == second.json(UploadDoc.self).key)
            #expect(try await RenewalUploadRecord.query(on: world.app.db).count() == 1)
        }
    }

    @Test("the upload key of another person cannot be attached (422 upload-missing)")
    func anotherPersonsUploadCannotBeAttached() async throws {
        try await RenewalWorld.with { world in
            let other = try await world.user(DemoRegistry.Key.shanghaiCitizen)
            // A photo only the other person uploaded (a different drawing, so a different key).
            let theirs = try SampleUploads.jpeg(
                SampleUploads.portrait(background: SampleUploads.white), fitting: 30_720...71_680)
            let uploaded = try await world.upload(.photo, theirs, as: other)
            #expect(uploaded.status == .created, "\(uploaded.text)")
            let theirKey = try uploaded.json(UploadDoc.self).key

            try await FaceTesting.pass(world.app, world.applicant)
            var keys = try await world.uploadSamples()
            keys[.photo] = theirKey
            let before = try await world.footprint()
            let response = try await world.submit(RenewalWorld.body(keys))
            #expect(response.status == .unprocessableEntity, "\(response.text)")
            let problem = try response.problem()
            #expect(problem.codes == ["upload-missing"])
            #expect(problem.errors?.first?.field == "photo")
            #expect(try await world.footprint() == before)

            // A photo key given as the signature is not a signature upload either.
            keys = try await world.uploadSamples()
            keys[.signature] = keys[.photo]
            let swapped = try await world.submit(RenewalWorld.body(keys))
            #expect(swapped.status == .unprocessableEntity)
            #expect(try swapped.problem().errors?.map(\.field) == ["signature"])
        }
    }

    @Test("submitting without a face verification is 403 and creates nothing")
    func faceVerificationMissing() async throws {
        try await RenewalWorld.with { world in
            let keys = try await world.uploadSamples()
            let before = try await world.footprint()
            let response = try await world.submit(RenewalWorld.body(keys))
            #expect(response.status == .forbidden, "\(response.text)")
            #expect(try response.problem().kind == "face-verification-required")
            #expect(try await world.footprint() == before)
        }
    }

    @Test("a face verification older than 10 minutes is 403; a fresh one lets the same request through")
    func faceVerificationTooOld() async throws {
        try await RenewalWorld.with { world in
            try await FaceTesting.pass(world.app, world.applicant)
            let keys = try await world.uploadSamples()
            world.clock.advance(10 * 60 + 1)
            let before = try await world.footprint()
            let key = UUID().uuidString
            let stale = try await world.submit(
                RenewalWorld.body(keys), key: key, as: try await world.fresh(world.applicant))
            #expect(stale.status == .forbidden, "\(stale.text)")
            #expect(try stale.problem().kind == "face-verification-required")
            #expect(try await world.footprint() == before)

            try await FaceTesting.pass(world.app, try await world.fresh(world.applicant))
            let fresh = try await world.submit(
                RenewalWorld.body(keys), key: key, as: try await world.fresh(world.applicant))
            #expect(fresh.status == .created, "\(fresh.text)")
        }
    }
}
