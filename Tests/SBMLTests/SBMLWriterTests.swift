import Foundation
import Testing
@testable import SBML
import Symbolic
import Reduction
import TestSupport

/// SBML writing: documents pass libSBML's consistency check (the writer runs it and throws),
/// and read back with identical polynomials and initial values.
@Suite struct SBMLWriterTests {
    /// Terms as a set of `coefficient|factor^e*…` with factors by name: independent of symbol ids.
    func canonical(_ m: ODEModel) -> [String: Set<String>] {
        let numeric = m.substitutingParameterValues()
        var out: [String: Set<String>] = [:]
        for (i, v) in m.variables.enumerated() {
            out[v.name] = canonicalTerms(numeric.equations[i], m.name(ofSymbol:))
        }
        return out
    }

    func roundTrip(_ model: ODEModel, file: String, form: SBMLWriter.Form = .rateRules) throws -> ODEModel {
        let text = try SBMLWriter.write(model, form: form, comments: ["written by a test", "a < b & c"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("odered-sbml-write-\(getpid())-\(file).xml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try SBMLReader.read(path: path)
    }

    func expectSame(_ a: ODEModel, _ b: ODEModel, _ what: String) {
        #expect(a.variables.map(\.name) == b.variables.map(\.name), "\(what)")
        #expect(a.variables.map(\.initialValue) == b.variables.map(\.initialValue), "\(what)")
        #expect(a.variables.map(\.originalName) == b.variables.map(\.originalName), "\(what)")
        #expect(canonical(a) == canonical(b), "\(what)")
    }

    @Test func exactValuesIrrationalConstantsAndHugeNumbersReadBack() throws {
        let m = try ERODEReader.read(text: """
        begin model w
         begin parameters
          k1 = 1/3
          k2 = ln(2)/120 + sqrt(2) + exp(-1/2) + exp(-(sqrt(2)^2))
          k3 = 123456789012345678901234567890/7
          k4 = 0.1
         end parameters
         begin init
          x = 2/3 ( "X(a!1)" )
          y = 98765432109876543210987654321
          z
         end init
         begin ODE
          d(x) = -k1*x*y + k2*z^2 - 5/1000000000000000000000000000000
          d(y) = k3*x - k4*y
          d(z) = 0
         end ODE
        end model
        """, file: "w.ode")
        expectSame(m, try roundTrip(m, file: "exact"), "hand-written")
        expectSame(m, try roundTrip(m, file: "exact-reactions", form: .reactions), "hand-written, reactions")
    }

    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"),
          arguments: SharedModels.manifest.filter { !$0.mustBeRejected && ($0.terms ?? 0) <= 20_000 }.map(\.path)
            + SharedModels.sbmlManifest.filter { !$0.mustBeRejected }.map { "sbml/" + $0.path })
    func sharedModelsReadBack(_ path: String) throws {
        let full = SharedModels.path(path)
        let model = path.hasSuffix(".xml") ? try SBMLReader.read(path: full) : try ModelFile.load(path: full)
        expectSame(model, try roundTrip(model, file: path.replacingOccurrences(of: "/", with: "_")), path)
        if model.termCount <= 2_000 {
            expectSame(model, try roundTrip(model, file: path.replacingOccurrences(of: "/", with: "_") + "-reactions", form: .reactions), path + ", reactions")
        }
    }

    /// A reduced model written as SBML reads back and has the reduction's block sums.
    @Test func reducedModelsCarryTheirProvenanceInNotes() throws {
        let m = try ERODEReader.read(text: "begin model r\n begin init\n  a = 1\n  b\n end init\n begin ODE\n  d(a) = -a\n  d(b) = -b\n end ODE\nend model\n", file: "r.ode")
        let outcome = try Reducer.reduce(m, ReductionRequest())
        let comments = outcome.provenance(of: m, source: "r.ode", request: ReductionRequest())
        let text = try SBMLWriter.write(outcome.reduced, comments: comments)
        #expect(text.contains("<notes>") && text.contains("a = a + b"), "\(text)")
    }
}
