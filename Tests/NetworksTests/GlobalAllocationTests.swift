import Testing
@testable import Networks
import Symbolic

/// `global` allocations: one threshold over all layers, for merging and neuron pruning.
@Suite struct GlobalAllocationTests {
    @Test func globalWidthsRemoveTheLowestScoresFirstWithinMinimaUntilTheBudgetFits() {
        // 2 inputs, hidden 4 and 3, 1 output: 2·4+4 + 4·3+3 + 3+1 = 31 parameters.
        let space = WidthSpace(inputs: 2, outputs: 1, maximum: [4, 3], minimum: [2, 1], limit: 20)
        #expect(space.cost([4, 3]) == 31)
        // Scores: layer 1 (index 0) 0.1, 0.2, 0.9; layer 2 (index 1) 0.15, 0.3.
        let removals: [(layer: Int, score: Double)] = [(0, 0.1), (0, 0.2), (0, 0.9), (1, 0.15), (1, 0.3)]
        // 0.1 → [3,3] 25; 0.15 → [3,2] 20 ≤ 20: stop.
        #expect(space.globalWidths(removals: removals) == [3, 2])
        let tight = WidthSpace(inputs: 2, outputs: 1, maximum: [4, 3], minimum: [2, 1], limit: 12)
        // 0.1 → [3,3]; 0.15 → [3,2]; 0.2 → [2,2] 16; 0.3 → [2,1] 11; the layer-1 minimum holds.
        #expect(tight.globalWidths(removals: removals) == [2, 1])
        #expect(WidthSpace(inputs: 2, outputs: 1, maximum: [4, 3], minimum: [2, 1], limit: 5).globalWidths(removals: removals) == nil)
    }

    /// A network whose second hidden layer holds near copies (tiny merge distances) and whose
    /// first holds none: the global threshold takes the merges from the second layer, where
    /// the uniform allocation splits them evenly.
    @Test func globalMergingTakesTheCheapestMergesOfAnyLayer() throws {
        var rng = SplitMix64(seed: 41)
        func weight() -> Rational { Rational(Int.random(in: -512...512, using: &rng), 512) }
        let first = Layer(weights: (0..<12).map { _ in (0..<4).map { _ in weight() } }, bias: (0..<12).map { _ in weight() }, activation: .square)
        var rows: [[Rational]] = [], bias: [Rational] = []
        for j in 0..<12 {
            if j % 2 == 1 {
                var r = rows[j - 1]
                r[j % 12] += Rational(1, 4096)
                rows.append(r); bias.append(bias[j - 1])
            } else {
                rows.append((0..<12).map { _ in weight() }); bias.append(weight())
            }
        }
        let second = Layer(weights: rows, bias: bias, activation: .square)
        let out = Layer(weights: [(0..<12).map { _ in weight() }], bias: [weight()], activation: .identity)
        let net = Network(inputCount: 4, layers: [first, second, out])
        let limit = net.parameterCount - 6 * 13   // about six neurons of the second layer
        let global = try Compression.compress(net, CompressionRequest(budget: .within(.parameters(limit)), allocation: .global))
        #expect(global.hiddenWidths == [12, 6], "\(global.hiddenWidths)")
        #expect(global.report.parametersAfter <= limit)
        let uniform = try Compression.compress(net, CompressionRequest(budget: .within(.parameters(limit)), allocation: .uniform))
        #expect(uniform.hiddenWidths != global.hiddenWidths)
        // The merges are the near copies: the reported ε of layer 2 is at most their distance scale.
        #expect(global.epsilons[0].isZero && global.epsilons[1] < Rational(1, 100), "\(global.epsilons)")
    }

    @Test func globalNeuronPruningRemovesTheLowestScoresOfAnyLayer() throws {
        // Hidden layer 1: neuron 2 has tiny weights; hidden layer 2: all comparable.
        let net = Network(inputCount: 2, layers: [
            Layer(weights: [[q(1), q(1)], [q(2), q(-1)], [q(1, 1000), q(1, 1000)], [q(-1), q(2)]], bias: [q(0), q(0), q(0), q(0)], activation: .square),
            Layer(weights: [[q(1), q(1), q(1), q(1)], [q(1), q(-1), q(1), q(-1)], [q(-1), q(1), q(1), q(1)]], bias: [q(1), q(1), q(1)], activation: .square),
            Layer(weights: [[q(1), q(1), q(1)]], bias: [q(0)], activation: .identity),
        ])
        // 12 + 15 + 4 = 31; one neuron of layer 1 costs 2 + 1 + 3 = 6: limit 25 removes exactly it.
        let out = try Pruning.prune(net, PruningRequest(method: .neurons(.norm), budget: .parameters(25), allocation: .global, minimumWidth: 1))
        #expect(out.network.neuronCounts == [2, 3, 3, 1])
        #expect(out.network.layers[0].weights == [[q(1), q(1)], [q(2), q(-1)], [q(-1), q(2)]])
        // Wanda has no global ranking.
        #expect(throws: CompressionFailure.self) {
            try Pruning.prune(net, PruningRequest(method: .wanda, budget: .parameters(25), allocation: .global,
                                                  calibration: CalibrationSet(inputs: [[1, 2]])))
        }
    }
}
