import Networks
import Symbolic
@_exported import TestSupport

extension SplitMix64 {
    /// A small random rational p/q with |p| ≤ 20, 1 ≤ q ≤ 9.
    mutating func rational() -> Rational {
        Rational(Int.random(in: -20...20, using: &self), Int.random(in: 1...9, using: &self))
    }
}

func q(_ n: Int, _ d: Int = 1) -> Rational { Rational(n, d) }

/// A network with planted duplicates.
///
/// Layer 1 (6 neurons): {0,1,2} identical, {3,4} identical, 5 alone → 3 classes.
/// Layer 2 (5 neurons): 0 and 1 have different per-neuron weights but equal sums over
/// the layer-1 classes and equal bias (duplicates only after layer 1 merges); 2 has
/// those sums too but another bias; 3 and 4 are identical → 3 classes.
/// Output layer: 2 neurons. Expected reduced sizes: 3, 3, 3, 2.
func plantedNetwork(hidden1: Activation = .square, hidden2: Activation = .polynomial([q(1, 2), q(-1), q(3, 7)]),
                    output: Activation = .identity) -> Network {
    let a = [q(1), q(-2), q(1, 3)], b = [q(2, 5), q(1), q(-3)], c = [q(-1), q(1, 2), q(2)]
    let layer1 = Layer(weights: [a, a, a, b, b, c], bias: [q(1, 4), q(1, 4), q(1, 4), q(-1), q(-1), q(0)],
                       activation: hidden1)
    // Class sums over layer 1: {0,1,2}, {3,4}, {5}.
    let n0 = [q(1), q(2), q(3), q(4), q(5), q(6)]          // sums 6, 9, 6
    let n1 = [q(3), q(2), q(1), q(0), q(9), q(6)]          // sums 6, 9, 6
    let n2 = [q(2), q(2), q(2), q(7, 2), q(11, 2), q(6)]   // sums 6, 9, 6 (other bias)
    let n3 = [q(-1, 3), q(0), q(5), q(1), q(-2), q(1, 7)]
    let layer2 = Layer(weights: [n0, n1, n2, n3, n3], bias: [q(1, 2), q(1, 2), q(-1, 2), q(2), q(2)],
                       activation: hidden2)
    let out = Layer(weights: [[q(1), q(-1), q(2), q(1, 3), q(1, 5)], [q(0), q(3), q(-1, 2), q(1), q(-1)]],
                    bias: [q(0), q(1, 9)], activation: output)
    return Network(inputCount: 3, layers: [layer1, layer2, out])
}
