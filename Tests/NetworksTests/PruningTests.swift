import Testing
import TestSupport
@testable import Networks
import Symbolic

@Suite("Pruning baselines")
struct PruningTests {
    func q(_ n: Int, _ d: Int = 1) -> Rational { Rational(n, d) }

    /// 2 inputs → 3 hidden (identity) → 1 output, small hand-made weights.
    var handNetwork: Network {
        Network(inputCount: 2, layers: [
            Layer(weights: [[q(1), q(-4)], [q(3), q(1, 2)], [q(-2), q(5)]], bias: [q(0), q(1), q(-1)], activation: .identity),
            Layer(weights: [[q(1, 4), q(2), q(-1)]], bias: [q(0)], activation: .identity),
        ])
    }

    func prune(_ net: Network, _ method: PruningRequest.Method, _ allocation: LayerAllocation = .uniform, params: Int,
               calibration: CalibrationSet? = nil) throws -> PruningOutcome {
        try Pruning.prune(net, PruningRequest(method: method, budget: .parameters(params), allocation: allocation, calibration: calibration))
    }

    @Test func largestRemainderSplitSumsAndIsProportional() {
        #expect(proportionalSplit(10, sizes: [5, 5, 10]) == [3, 2, 5])  // quotas 2.5, 2.5, 5: the tie goes to the earlier part
        #expect(proportionalSplit(7, sizes: [1, 100]) == [0, 7])
        #expect(proportionalSplit(50, sizes: [3, 4]) == [3, 4])
        #expect(proportionalSplit(0, sizes: [3, 4]) == [0, 0])
        var rng = SplitMix64(seed: 5)
        for _ in 0..<200 {
            let sizes = (0..<Int.random(in: 1...6, using: &rng)).map { _ in Int.random(in: 0...40, using: &rng) }
            let total = Int.random(in: 0...sizes.reduce(0, +), using: &rng)
            let parts = proportionalSplit(total, sizes: sizes)
            #expect(parts.reduce(0, +) == total)
            let sum = max(1, sizes.reduce(0, +))
            for (p, s) in zip(parts, sizes) { #expect(p <= s && abs(Double(p) - Double(total * s) / Double(sum)) < 1 + 1e-9) }
        }
    }

    @Test func globalMagnitudeKeepsTheLargestWeights() throws {
        // 9 weights + 4 biases = 13; a budget of 8 keeps 4 weights: |5|, |-4|, |3|, |2| (two 2s:
        // the earlier position wins, layer 1 row 3, over layer 2's).
        let out = try prune(handNetwork, .magnitude, .global, params: 8)
        #expect(out.network.layers[0].weights == [[q(0), q(-4)], [q(3), q(0)], [q(-2), q(5)]])
        #expect(out.network.layers[1].weights == [[q(0), q(0), q(0)]])
        #expect(out.report.parametersAfter == 8 && out.report.parametersBefore == 13)
        #expect(out.network.layers.map(\.bias) == handNetwork.layers.map(\.bias))
    }

    @Test func uniformMagnitudeKeepsTheSameFractionPerLayer() throws {
        // 6 + 3 weights, keep 3: quotas 2 and 1.
        let out = try prune(handNetwork, .magnitude, .uniform, params: 7)
        #expect(out.network.layers[0].weights == [[q(0), q(-4)], [q(0), q(0)], [q(0), q(5)]])
        #expect(out.network.layers[1].weights == [[q(0), q(2), q(0)]])
    }

    @Test func wandaWeighsByInputNormsRowByRow() throws {
        // One layer, inputs with norms ‖x_1‖ = 10·‖x_2‖: per row keep 1 of 2 weights.
        let net = Network(inputCount: 2, layers: [Layer(weights: [[q(1), q(4)], [q(1), q(20)]], bias: [q(0), q(0)], activation: .identity)])
        let calibration = CalibrationSet(inputs: [[10, 1], [-10, 1]])
        let out = try prune(net, .wanda, params: 4, calibration: calibration)
        // Row 1: scores 1·√200 > 4·√2 keeps W_11 although |W_12| is larger; row 2: 20·√2 > 1·√200 keeps W_22.
        #expect(out.network.layers[0].weights == [[q(1), q(0)], [q(0), q(20)]])
        // Magnitude on the same budget keeps the two largest instead (both in column 2).
        #expect(try prune(net, .magnitude, .global, params: 4).network.layers[0].weights == [[q(0), q(4)], [q(0), q(20)]])
    }

    @Test func wandaUsesThePrunedUpstreamActivations() throws {
        // Keep 2 of 4 weights: one per layer. In layer 1 each row has one weight and the single
        // kept one goes to the earlier row, so neuron 2 (values ±100 in the original network)
        // is 0 after pruning. Layer 2 must then keep its weight from neuron 1: scored on the
        // original activations it would keep neuron 2's.
        let net = Network(inputCount: 2, layers: [
            Layer(weights: [[q(1), q(0)], [q(0), q(100)]], bias: [q(0), q(0)], activation: .identity),
            Layer(weights: [[q(1), q(1)]], bias: [q(0)], activation: .identity),
        ])
        let calibration = CalibrationSet(inputs: [[1, 1], [2, -1]])
        let out = try prune(net, .wanda, params: 3 + 2, calibration: calibration)
        #expect(out.network.layers[0].weights == [[q(1), q(0)], [q(0), q(0)]])
        #expect(out.network.layers[1].weights == [[q(1), q(0)]])
    }

    @Test func structuredPruningRemovesTheWeakestNeuron() throws {
        // Neuron 2 has outgoing weight 0: removing it leaves the function unchanged.
        var net = handNetwork
        net.layers[1].weights[0][1] = .zero
        let out = try prune(net, .neurons(.norm), params: 9)  // 2 hidden neurons: 2·2+2 + 2+1 = 9
        #expect(out.network.neuronCounts == [2, 2, 1])
        #expect(out.network.layers[0].weights == [[q(1), q(-4)], [q(-2), q(5)]])
        #expect(out.network.layers[1].weights == [[q(1, 4), q(-1)]])
        for x in [[q(1), q(2)], [q(-3), q(1, 2)]] { #expect(try out.network.evaluate(x) == net.evaluate(x)) }
        #expect(out.report.parametersAfter == 9)
    }

    @Test func budgetsAreMetExactlyOrAsCloseAsWholeNeuronsAllow() throws {
        var rng = SplitMix64(seed: 21)
        for _ in 0..<20 {
            let net = randomPlantedNetwork(&rng, inputs: 5, widths: [12, 9], outputs: 2)
            let calibration = CalibrationSet(inputs: (0..<16).map { _ in (0..<5).map { _ in Double(Int.random(in: -20...20, using: &rng)) / 10 } })
            let biases = net.layers.reduce(0) { $0 + $1.outputCount }
            let nonzero = net.parameterCount(.nonzeroWeights)
            for grp in [10.0, 25, 50, 75] {
                let limit = ParameterBudget.grp(grp).limit(for: net)
                let methods: [(PruningRequest.Method, LayerAllocation)] = [(.magnitude, .global), (.magnitude, .uniform), (.magnitude, .tuned),
                                                                           (.wanda, .uniform), (.wanda, .tuned)]
                for (method, allocation) in methods where limit >= biases {
                    let out = try Pruning.prune(net, PruningRequest(method: method, budget: .grp(grp), allocation: allocation, calibration: calibration))
                    #expect(out.report.parametersAfter == min(limit, nonzero), "\(method) at GRP \(grp)")
                    #expect(out.network.parameterCount(.nonzeroWeights) == out.report.parametersAfter)
                    // Only zeros were introduced: every kept weight is the original one.
                    for (a, b) in zip(out.network.layers, net.layers) {
                        for (ra, rb) in zip(a.weights, b.weights) { for (x, y) in zip(ra, rb) { #expect(x.isZero || x == y) } }
                    }
                }
                for criterion in PruningRequest.NeuronCriterion.allCases {
                    let minimum = Compression.parameterCount(neuronCounts: [5, 1, 1, 2])
                    if limit < minimum { continue }
                    let out = try Pruning.prune(net, PruningRequest(method: .neurons(criterion), budget: .grp(grp), calibration: calibration,
                                                                    minimumWidth: 1))
                    let widths = Array(out.network.neuronCounts.dropFirst().dropLast())
                    #expect(out.report.parametersAfter <= limit && out.network.parameterCount == out.report.parametersAfter)
                    // Maximal: no single neuron more fits.
                    for h in widths.indices where widths[h] < [12, 9][h] {
                        var w = widths
                        w[h] += 1
                        #expect(Compression.parameterCount(neuronCounts: [5] + w + [2]) > limit, "GRP \(grp): a neuron more in layer \(h + 1) fits")
                    }
                }
            }
        }
    }

    @Test func tunedAllocationsAreNoWorseThanUniformAndMeetTheBudget() throws {
        var rng = SplitMix64(seed: 37)
        let net = randomDenseNetwork(&rng, inputs: 6, widths: [32, 24], outputs: 2)
        let calibration = randomCalibration(&rng, inputs: 6, rows: 40)
        for grp in [20.0, 50] {
            let limit = ParameterBudget.grp(grp).limit(for: net)
            for method in [PruningRequest.Method.magnitude, .wanda, .neurons(.norm), .neurons(.activation)] {
                let uniform = try Pruning.prune(net, PruningRequest(method: method, budget: .grp(grp), allocation: .uniform, calibration: calibration))
                let tuned = try Pruning.prune(net, PruningRequest(method: method, budget: .grp(grp), allocation: .tuned, calibration: calibration))
                #expect(tuned.calibrationMSE! <= uniform.calibrationMSE! * (1 + 1e-12), "\(method) at GRP \(grp)")
                #expect(tuned.report.parametersAfter <= limit)
                if case .neurons = method {
                    #expect(Double(tuned.report.parametersAfter) >= 0.99 * Double(limit))
                    #expect(tuned.network.neuronCounts.dropFirst().dropLast().allSatisfy { $0 >= 3 })  // ⌈24/8⌉, ⌈32/8⌉
                } else {
                    #expect(tuned.report.parametersAfter == limit)
                }
            }
        }
    }

    @Test func refitKeepsTheMaskAndDoesNotWorsenTheCalibrationError() throws {
        var rng = SplitMix64(seed: 47)
        let net = randomDenseNetwork(&rng, inputs: 5, widths: [16, 12], outputs: 2)
        let calibration = randomCalibration(&rng, inputs: 5, rows: 80)
        for method in [PruningRequest.Method.magnitude, .wanda, .neurons(.norm)] {
            var request = PruningRequest(method: method, budget: .grp(40), calibration: calibration)
            let plain = try Pruning.prune(net, request)
            request.refit = true
            let refit = try Pruning.prune(net, request)
            #expect(refit.report.parametersAfter == plain.report.parametersAfter, "\(method)")
            #expect(refit.calibrationMSE == plain.calibrationMSE && !refit.refitLayers.isEmpty)
            // Least squares per pre-activation, layer by layer: in these cases the calibration error only drops.
            #expect(try #require(refit.calibrationMSEAfterRefit) <= plain.calibrationMSE! * 1.0001, "\(method)")
            for (a, b) in zip(refit.network.layers, plain.network.layers) {
                for (ra, rb) in zip(a.weights, b.weights) { for (x, y) in zip(ra, rb) { #expect(x.isZero == y.isZero) } }
            }
        }
    }

    @Test func refusesWhatItCannotDo() {
        #expect(throws: CompressionFailure.self) { try prune(handNetwork, .wanda, params: 8) }  // no calibration
        #expect(throws: CompressionFailure.self) { try prune(handNetwork, .magnitude, .global, params: 3) }  // below the 4 biases
        #expect(throws: CompressionFailure.self) { try prune(handNetwork, .neurons(.norm), params: 4) }  // one hidden neuron needs 2+1 + 1+1
        #expect(throws: CompressionFailure.self) { try prune(handNetwork, .neurons(.activation), params: 9) }  // no calibration
        #expect(throws: CompressionFailure.self) { try prune(handNetwork, .magnitude, .tuned, params: 9) }  // tuned without calibration
        #expect(throws: CompressionFailure.self) { try prune(handNetwork, .wanda, .global, params: 9, calibration: CalibrationSet(inputs: [[1, 2]])) }  // no global Wanda
    }
}
