import Testing
import Reduction
import Symbolic

/// The coarsest FDE of every shared model has the manifest's block count and passes the certificate.
@Suite struct SharedModelFDETests {
    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"), arguments: SharedModels.manifest.filter { $0.fdeBlocks != nil })
    func blockCounts(_ entry: SharedModels.Entry) throws {
        let model = try ModelFile.load(path: SharedModels.path(entry)).substitutingParameterValues()
        let partition = ForwardEquivalence.coarsest(model)
        #expect(partition.blocks.count == entry.fdeBlocks, "\(entry.path)")
        if case .violation(let v) = ForwardCertificate.check(model, partition: partition) {
            Issue.record("\(entry.path): \(v)")
        }
    }

    /// Our reduced models agree in size with ERODE's own FE reductions.
    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"), arguments: [("e2.ode", "e2FE.ode"), ("e3.ode", "e3FE.ode"), ("e4.ode", "e4FE.ode"), ("e5.ode", "e5FE.ode"), ("fceri_ji.ode", "fe.ode")])
    func agreesWithERODEReductions(_ original: String, _ erodeReduced: String) throws {
        let dir = try #require(SharedModels.directory)
        let model = try ModelFile.load(path: dir + "/erode/" + original)
        let numeric = model.substitutingParameterValues()
        let partition = ForwardEquivalence.coarsest(numeric)
        let ours = numeric.forwardQuotient(by: partition).statistics
        let theirs = try ModelFile.load(path: dir + "/erode/" + erodeReduced).substitutingParameterValues().statistics
        #expect(ours.variables == theirs.variables)
        #expect(ours.terms == theirs.terms)
        #expect(ours.monomials == theirs.monomials)
    }
}
