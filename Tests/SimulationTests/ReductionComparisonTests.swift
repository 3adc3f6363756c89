import Foundation
import Testing
import Symbolic
import Reduction
import TestSupport
@testable import Simulation

/// Simulated block sums of an original model against its reduction.
@Suite struct ReductionComparisonTests {
    static let root = "/" + String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/"))

    static func options(_ method: IntegrationMethod, rtol: Double = 1e-10, atol: Double = 1e-12) -> IntegrationOptions {
        var o = IntegrationOptions()
        o.method = method
        o.relativeTolerance = rtol
        o.absoluteTolerance = atol
        return o
    }

    /// The worst relative block error of `request` on `model` over [0, end].
    static func worstError(_ model: ODEModel, _ request: ReductionRequest, end: Double, method: IntegrationMethod) throws -> (Double, Int) {
        let outcome = try Reducer.reduce(model, request)
        let times = outputTimes(end: end, points: 51)
        let (a, _) = try simulate(CompiledVectorField(model), times: times, options: options(method))
        let (b, _) = try simulate(CompiledVectorField(outcome.reduced), times: times, options: options(method))
        // The reduced variable of a block is named after its first member.
        let index = outcome.reduced.variableIndicesByName()
        let blocks = outcome.partition.blocks
        let columns = blocks.map { index[model.variables[$0[0]].name]! }
        let errors = blockErrors(original: a, reduced: b, blocks: blocks, reducedColumns: columns,
                                 meaning: request.equivalence.direction == .backward ? .commonValue : .sum)
        return (errors.map(\.maxRelative).max() ?? 0, blocks.count)
    }

    @Test(arguments: ["multisite_phosphorylation.ode", "four_variable.ode", "polymerization.ode"])
    func exactForwardReductionReproducesBlockSums(model name: String) throws {
        let model = try ModelFile.load(path: Self.root + "/models/" + name)
        for method in [IntegrationMethod.dopri5, .rosenbrock, .bdf] {
            let (worst, blocks) = try Self.worstError(model, ReductionRequest(), end: 5, method: method)
            #expect(blocks < model.variables.count)
            #expect(worst < 1e-7, "\(name) with \(method): \(worst)")
        }
    }

    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"))
    func exactReductionOfASharedNetwork() throws {
        let model = try ModelFile.load(path: SharedModels.directory! + "/bng/egfr_net.net")
        let (worst, blocks) = try Self.worstError(model, ReductionRequest(), end: 20, method: .auto)
        #expect(blocks <= model.variables.count)
        #expect(worst < 1e-6, "egfr_net: \(worst)")
    }

    /// An ε-reduction has a real trajectory error: non-zero, far above the integration error,
    /// and the same when computed with the other integrator.
    @Test func approximateReductionErrorIsRealAndMethodIndependent() throws {
        let model = try ERODEReader.read(text: """
            begin model near
             begin init
              a = 1
              b = 2
              c = 1
             end init
             begin ODE
              d(a) = -1*a + 0.5*c
              d(b) = -1.02*b + 0.5*c
              d(c) = a + b - 2*c
             end ODE
            end model
            """)
        var request = ReductionRequest()
        request.equivalence = Equivalence(.forward, epsilon: Rational(1, 10))
        let (explicit, blocks) = try Self.worstError(model, request, end: 10, method: .dopri5)
        let (implicit, _) = try Self.worstError(model, request, end: 10, method: .rosenbrock)
        let (multistep, _) = try Self.worstError(model, request, end: 10, method: .bdf)
        #expect(blocks == 2)
        #expect(explicit > 1e-4)
        #expect(abs(explicit - implicit) < 1e-6 * explicit)
        #expect(abs(explicit - multistep) < 1e-4 * explicit)
    }

    @Test func lumpingDescriptionReadsWhatProvenanceWrites() throws {
        let model = try ModelFile.load(path: Self.root + "/models/multisite_phosphorylation.ode")
        for direction in [Equivalence.Direction.forward, .backward] {
            var request = ReductionRequest()
            request.equivalence = Equivalence(direction)
            let outcome = try Reducer.reduce(model, request)
            let lines = outcome.provenance(of: model, source: "m", request: request)
            let description = try #require(LumpingDescription.parse(commentLines: lines))
            #expect(description.isBackward == (direction == .backward))
            #expect(description.blocks.map(\.members) == outcome.partition.blocks.map { $0.map { model.variables[$0].name } })
            #expect(description.blocks.map(\.variable) == outcome.reduced.variables.map(\.name))
        }
        #expect(LumpingDescription.parse(commentLines: ["nothing here"]) == nil)
    }
}
