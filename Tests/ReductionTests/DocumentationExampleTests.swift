import Testing
import Symbolic
@testable import Reduction
import TestSupport

/// The worked examples of the DocC catalogs (`Sources/*/X.docc/X.md`), run: the ten lines a
/// library user copies must work as shown.
@Suite struct DocumentationExampleTests {
    @Test func symbolicExample() throws {
        let model = try ERODEReader.read(text: """
            begin model decay
             begin parameters
              k = 1.5e-3
             end parameters
             begin init
              x = 1
             end init
             begin ODE
              d(x) = -k*x
             end ODE
            end model
            """)
        let values = model.substitutingParameterValues()
        #expect(values.equations[0].formatted(values.name(ofSymbol:)) == "-3/2000*x")
        let back = try ERODEReader.read(text: try ERODEWriter.write(model)).substitutingParameterValues()
        #expect(back.equations == values.equations)
    }

    @Test func reductionExample() throws {
        let root = String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/"))
        let model = try ModelFile.load(path: "/" + root + "/models/multisite_phosphorylation.ode")
        let outcome = try Reducer.reduce(model, ReductionRequest())
        #expect(outcome.partition.blocks.count == 12)
        #expect(outcome.verdict == .certified)
        if case .violation(let witness) = ForwardCertificate.check(model.substitutingParameterValues(), partition: outcome.partition) {
            Issue.record("not an FDE: \(witness)")
        }
        let text = try ERODEWriter.write(outcome.reduced, comments: outcome.provenance(of: model, source: "multisite", request: ReductionRequest()))
        #expect(try ERODEReader.read(text: text).variables.count == 12)
    }
}
