import Testing
import Networks
import Symbolic

/// The compiled inference kernel computes what `evaluate` computes, in both storages.
@Suite struct InferenceKernelTests {
    /// 4 inputs → 6 (cube) → 5 (polynomial) → 3 (tanh) → 2 (identity), standardized inputs,
    /// about a third of the weights zero (pruned).
    func network(seed: UInt64) -> Network {
        var rng = SplitMix64(seed: seed)
        let activations: [Activation] = [.cube, .polynomial([q(1, 10), q(1, 2), q(1, 4)]), .tanh, .identity]
        var layers: [Layer] = [], m = 4
        for (n, a) in zip([6, 5, 3, 2], activations) {
            let weights = (0..<n).map { _ in (0..<m).map { _ in Int.random(in: 0..<3, using: &rng) == 0 ? Rational.zero : rng.rational() / q(2) } }
            layers.append(Layer(weights: weights, bias: (0..<n).map { _ in rng.rational() / q(4) }, activation: a))
            m = n
        }
        return Network(inputCount: 4, layers: layers,
                       standardization: Standardization(mean: [q(1), q(-1, 2), q(0), q(3)], std: [q(2), q(1, 3), q(1), q(5)]))
    }

    @Test(arguments: [InferenceKernel.Storage.dense, .sparse])
    func predictionsEqualEvaluateBitForBit(_ storage: InferenceKernel.Storage) {
        for seed in 1...20 as ClosedRange<UInt64> {
            let net = network(seed: seed)
            let kernel = InferenceKernel(net, storage: storage)
            var rng = SplitMix64(seed: seed + 100)
            for _ in 0..<20 {
                let x = (0..<4).map { _ in rng.rational().doubleValue * 3 }
                #expect(kernel.predict(x) == net.evaluate(x), "seed \(seed), \(storage)")
            }
        }
    }

    @Test func multiplyAddsCountTheStoredWeights() {
        let net = Network(inputCount: 2, layers: [
            Layer(weights: [[q(1), q(0)], [q(0), q(0)], [q(2), q(-3)]], bias: [q(0), q(1), q(0)], activation: .square),
            Layer(weights: [[q(0), q(1), q(1)]], bias: [q(0)], activation: .identity),
        ])
        #expect(InferenceKernel(net, storage: .dense).multiplyAdds == 9)
        #expect(InferenceKernel(net, storage: .sparse).multiplyAdds == 5)
        // 1, 2 → h = (1, 0, −4)² = (1, 1, 16) → 0·1 + 1 + 16 = 17.
        #expect(InferenceKernel(net, storage: .sparse).predict([1, 2]) == [17])
        let timing = InferenceTiming(InferenceKernel(net, storage: .sparse), rows: [[1, 2], [0, 0]], minimumSeconds: 0.001)
        #expect(timing.passes >= 3 && timing.secondsPerSample > 0 && timing.checksum.isFinite)
    }
}
