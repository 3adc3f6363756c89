import Symbolic
import Reduction

/// The adjoint (transposed) linear ODE of a network, whose forward differential
/// equivalences are exactly the sound neuron merges.
///
/// One variable a_v per neuron (``Network/neuronName(layer:index:)``) plus a bias
/// carrier `bias`; each edge k→j of weight W_jk adds W_jk·a_j to da_k/dt, each bias b_j
/// adds b_j·a_j to d(bias)/dt. For blocks K (upstream) and G (downstream), ∂f_K/∂a_j =
/// Σ_{k∈K} W_jk and ∂f_bias/∂a_j = b_j, so an FDE puts j, j' together only when their
/// block-aggregated incoming weights and their biases coincide — then, by induction
/// over the layers, they compute the same function for any activation.
public struct LumpingEncoding: Sendable {
    /// The linear ODE (no parameters; initial values 0); its ``ODEModel/partition`` is the initial partition.
    public let model: ODEModel
    /// Inputs, outputs and `bias` singletons; each hidden layer one block.
    public let initialPartition: Partition
    /// `variableOfNeuron[ℓ][j]`: variable index of neuron j of neuron layer ℓ.
    public let variableOfNeuron: [[Int]]
    /// Variable index of the bias carrier (the last variable).
    public let biasVariable: Int
    /// `neuronOfVariable[i]`: (neuron layer, index) of variable i, `nil` for the bias carrier.
    public let neuronOfVariable: [(layer: Int, index: Int)?]

    /// The name of the bias carrier variable.
    public static let biasName = "bias"
}

extension Network {
    /// The lumping ODE, its initial partition and the neuron ↔ variable maps.
    public func lumpingEncoding() -> LumpingEncoding {
        var names: [String] = []
        var variableOfNeuron: [[Int]] = []
        var neuronOfVariable: [(layer: Int, index: Int)?] = []
        for (l, count) in neuronCounts.enumerated() {
            variableOfNeuron.append(Array(names.count..<(names.count + count)))
            for j in 0..<count {
                names.append(neuronName(layer: l, index: j))
                neuronOfVariable.append((l, j))
            }
        }
        let bias = names.count
        names.append(LumpingEncoding.biasName)
        neuronOfVariable.append(nil)
        // Equations gathered per receiving variable: da_k/dt = Σ_j W_jk a_j.
        var builders = [PolynomialBuilder](repeating: PolynomialBuilder(), count: names.count)
        for (l, layer) in layers.enumerated() {
            let upstream = variableOfNeuron[l], downstream = variableOfNeuron[l + 1]
            for j in 0..<layer.outputCount {
                let aj = Monomial(symbol: Int32(downstream[j]))
                for (k, w) in layer.weights[j].enumerated() { builders[upstream[k]].add(w, aj) }
                builders[bias].add(layer.bias[j], aj)
            }
        }
        var model = ODEModel(name: "network_lumping", variableNames: names, equations: builders.map { $0.build() })
        var blocks: [[Int]] = variableOfNeuron[0].map { [$0] }
        for l in 1..<variableOfNeuron.count {
            if l == layers.count { blocks += variableOfNeuron[l].map { [$0] } } else { blocks.append(variableOfNeuron[l]) }
        }
        blocks.append([bias])
        let initial = Partition(canonicalizing: blocks, count: names.count)
        // Written as the .ode file's `begin partition`, so `odered reduce` starts from it.
        model.partition = initial.blocks
        return LumpingEncoding(model: model, initialPartition: initial, variableOfNeuron: variableOfNeuron,
                               biasVariable: bias, neuronOfVariable: neuronOfVariable)
    }

    /// The coarsest exact FDE of the lumping ODE: the coarsest sound merge of neurons.
    public func coarsestExactLumping() -> (encoding: LumpingEncoding, partition: Partition) {
        let encoding = lumpingEncoding()
        return (encoding, ForwardEquivalence.coarsest(encoding.model, initial: encoding.initialPartition))
    }

    /// The ε-distance of two neurons j, j' of neuron layer `layer` (≥ 1) given a partition
    /// of the upstream layer's neurons: D(j,j') = Σ_K |Σ_{k∈K}(W_jk − W_j'k)| + |b_j − b_j'|.
    ///
    /// D = 0 exactly when the lumping ODE's FDE condition holds for the pair.
    /// - Parameter upstreamBlockOf: block id of each neuron of layer `layer - 1`.
    public func lumpingDistance(layer: Int, _ j: Int, _ j2: Int, upstreamBlockOf: [Int]) -> Rational {
        let l = layers[layer - 1]
        var sums: [Int: Rational] = [:]
        for (k, (w, w2)) in zip(l.weights[j], l.weights[j2]).enumerated() {
            sums[upstreamBlockOf[k], default: .zero] += w - w2
        }
        return sums.values.reduce((l.bias[j] - l.bias[j2]).magnitude) { $0 + $1.magnitude }
    }
}
