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
          arguments: SharedModels.manifest.filter { !$0.mustBeRejected }.map(\.path)
            + SharedModels.sbmlManifest.filter { !$0.mustBeRejected }.map { "sbml/" + $0.path })
    func sharedModelsReadBack(_ path: String) throws {
        let full = SharedModels.path(path)
        let model = path.hasSuffix(".xml") ? try SBMLReader.read(path: full) : try ModelFile.load(path: full)
        expectSame(model, try roundTrip(model, file: path.replacingOccurrences(of: "/", with: "_")), path)
        expectSame(model, try roundTrip(model, file: path.replacingOccurrences(of: "/", with: "_") + "-reactions", form: .reactions), path + ", reactions")
        // The default form: reactions when the model came as reactions and is mass action.
        let back = try roundTrip(model, file: path.replacingOccurrences(of: "/", with: "_") + "-automatic", form: .automatic)
        expectSame(model, back, path + ", automatic")
        let massAction = (try? model.massActionReactions()) != nil
        #expect(back.statedAsReactions == (model.statedAsReactions && massAction && !model.equations.allSatisfy(\.isZero)), "\(path)")
    }

    @Test func theDefaultFormFollowsHowTheModelWasStated() throws {
        let network = try ERODEReader.read(text: SmallModels.network, file: "n.ode")
        let text = try SBMLWriter.write(network)
        #expect(text.components(separatedBy: "<reaction ").count - 1 == 4 && !text.contains("<rateRule"), "\(text)")
        let back = try roundTrip(network, file: "automatic-network", form: .automatic)
        expectSame(network, back, "network")
        #expect(back.statedAsReactions)
        // The same dynamics stated as ODEs: rate rules.
        var odes = network
        odes.statedAsReactions = false
        let rules = try SBMLWriter.write(odes)
        #expect(!rules.contains("<reaction ") && rules.components(separatedBy: "<rateRule").count - 1 == 4)
        // The exact quotient of a network ({B, C} below) is a network again: written as reactions.
        let branches = try ERODEReader.read(text: "begin model b\n begin reactions\n  A -> B , 2\n  A -> C , 2\n  B -> D , 1\n  C -> D , 1\n end reactions\nend model\n", file: "b.ode")
        let outcome = try Reducer.reduce(branches, ReductionRequest(initial: InitialPartition(kept: ["A", "D"])))
        #expect(outcome.reduced.variables.count == 3 && outcome.reduced.statedAsReactions)
        let reduced = try SBMLWriter.write(outcome.reduced)
        #expect(reduced.contains("<reaction ") && !reduced.contains("<rateRule"), "\(reduced)")
        // A stated network that is not mass action (a negative term without its variable) gets
        // rate rules by default and negative-rate reactions only when asked.
        var negative = try ERODEReader.read(text: "begin model n\n begin reactions\n  A -> B , 1\n end reactions\nend model\n", file: "m.ode")
        negative.setEquation(0, to: negative.equations[0] + Polynomial(Rational(-1), Monomial(factors: [(negative.variables[1].symbol, 1)])))
        #expect(try SBMLWriter.write(negative).contains("<rateRule"))
        #expect(!(try SBMLWriter.write(negative, form: .reactions).contains("<rateRule")))
        expectSame(negative, try roundTrip(negative, file: "negative-rate", form: .reactions), "negative rate")
    }

    /// Large documents are checked in parts; the text does not depend on the parts, and the
    /// whole document passes libSBML's check of every error category at once.
    @Test(arguments: [SBMLWriter.Form.rateRules, .reactions])
    func checkingInPartsWritesTheSameDocument(_ form: SBMLWriter.Form) throws {
        var root = #filePath  // …/Tests/SBMLTests/SBMLWriterTests.swift
        for _ in 0..<3 { root = String(root[..<root.lastIndex(of: "/")!]) }
        let model = try ModelFile.load(path: root + "/models/multisite_phosphorylation.ode")
        let whole = try SBMLWriter.write(model, form: form, comments: ["c"], partSize: 1_000_000)
        for size in [1, 3, 8] {
            #expect(try SBMLWriter.write(model, form: form, comments: ["c"], partSize: size) == whole, "part size \(size)")
        }
        #expect(SBMLWriter.wholeDocumentErrors(of: whole) == nil)
    }

    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"),
          arguments: ["bng/fceri_fyn.net", "bng/egfr_net.net", "sbml/" + (SharedModels.sbmlManifest.max { ($0.terms ?? 0) < ($1.terms ?? 0) }?.path ?? "")])
    func largeDocumentsCheckedInPartsPassTheWholeCheck(_ path: String) throws {
        let full = SharedModels.path(path)
        let model = path.hasSuffix(".xml") ? try SBMLReader.read(path: full) : try ModelFile.load(path: full)
        for form in [SBMLWriter.Form.automatic, .rateRules] {
            let text = try SBMLWriter.write(model, form: form)
            #expect(SBMLWriter.wholeDocumentErrors(of: text) == nil, "\(path)")
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
