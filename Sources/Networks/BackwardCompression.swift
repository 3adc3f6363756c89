import Symbolic
import Reduction

// Backward compression: (ε-)BDE of the network ODE (forward signal flow, see
// NetworkODE.swift) instead of FDE of the lumping ODE. A BDE block is a set of neurons
// that take equal values on the invariant subspace, so a merged neuron is decoded from
// one representative's aggregated incoming row and bias, and downstream neurons see the
// sum of the members' outgoing weights. See docs/networks.md, "Backward compression".

/// The network ODE prepared for backward equivalence.
public struct BackwardEncoding: Sendable {
    /// ``Network/forwardODE(input:standardize:)`` with all-zero initial values: inputs are
    /// free variables with zero derivative (no values are substituted, so an equivalence
    /// found holds for every input).
    public let model: ODEModel
    /// Each input and each output a singleton; each hidden layer one block.
    public let initialPartition: Partition
    /// `variableOfNeuron[ℓ][j]`: variable index of neuron j of neuron layer ℓ.
    public let variableOfNeuron: [[Int]]
    /// `neuronOfVariable[i]`: (neuron layer, index) of variable i.
    public let neuronOfVariable: [(layer: Int, index: Int)]
}

/// The outcome of a backward compression.
public struct BackwardCompression: Sendable {
    public var network: Network
    public var report: CompressionReport
    public var encoding: BackwardEncoding
    /// The (ε-)BDE of ``BackwardEncoding/model``.
    public var partition: Partition
    /// `groups[ℓ]`: blocks of neuron layer ℓ as neuron indices, ordered by first member.
    public var groups: [[[Int]]]
    public var epsilon: Rational
}

extension Network {
    /// The network ODE with symbolic inputs and the initial partition for BDE.
    /// - Throws: for non-polynomial activations (as ``forwardODE(input:standardize:)``).
    public func backwardEncoding() throws(NetworkError) -> BackwardEncoding {
        let model = try forwardODE(input: nil)
        var blocks: [[Int]] = []
        var variableOfNeuron: [[Int]] = []
        var neuronOfVariable: [(layer: Int, index: Int)] = []
        let depth = layers.count
        var next = 0
        for (l, count) in neuronCounts.enumerated() {
            let vars = Array(next..<(next + count))
            variableOfNeuron.append(vars)
            for j in 0..<count { neuronOfVariable.append((l, j)) }
            if l == 0 || l == depth {
                for v in vars { blocks.append([v]) }
            } else if !vars.isEmpty {
                blocks.append(vars)
            }
            next += count
        }
        let initial: Partition
        do { initial = try Partition(blocks: blocks, count: next) } catch { preconditionFailure("\(error)") }
        return BackwardEncoding(model: model, initialPartition: initial, variableOfNeuron: variableOfNeuron,
                                neuronOfVariable: neuronOfVariable)
    }

    /// The neuron groups per neuron layer of a partition of ``BackwardEncoding/model``.
    /// - Throws: when the partition does not refine the initial partition.
    public func backwardGroups(_ partition: Partition, encoding: BackwardEncoding) throws(NetworkError) -> [[[Int]]] {
        guard partition.elementCount == encoding.model.variables.count else {
            throw NetworkError("partition: expected \(encoding.model.variables.count) elements (the network ODE's variables) / found \(partition.elementCount)")
        }
        guard partition.refines(encoding.initialPartition) else {
            throw NetworkError("partition: expected blocks inside one hidden layer (inputs and outputs kept apart) / found a block mixing them")
        }
        var groups: [[[Int]]] = Array(repeating: [], count: neuronCounts.count)
        for block in partition.blocks {
            let layer = encoding.neuronOfVariable[block[0]].layer
            groups[layer].append(block.map { encoding.neuronOfVariable[$0].index }.sorted())
        }
        for l in groups.indices { groups[l].sort { $0[0] < $1[0] } }
        return groups
    }

    /// The network of a backward (value) merge: `groups[ℓ]` partitions neuron layer ℓ
    /// (inputs and outputs as singletons), blocks ordered by first member.
    ///
    /// Merged neuron G takes its representative r = min G: incoming weight from upstream
    /// block K is Σ_{k∈K} W_rk, bias b_r, same activation. Summing over K is the same as
    /// giving downstream neurons the summed outgoing weights Σ_{j∈G} W_ij of the members,
    /// whose values coincide. For an exact BDE of the network ODE every member computes the
    /// same polynomial of the block values, so the result computes the original function.
    public func reducedBackward(groups: [[[Int]]]) -> Network {
        merged(groups: groups, byRepresentative: true)
    }

    /// ``reducedBackward(groups:)`` for a partition of the network ODE.
    public func reducedBackward(by partition: Partition, encoding: BackwardEncoding) throws(NetworkError) -> Network {
        reducedBackward(groups: try backwardGroups(partition, encoding: encoding))
    }
}

extension Compression {
    /// Compresses `net` by the coarsest (ε-)BDE of its network ODE (inputs free, each input
    /// and output a singleton, each hidden layer one initial block) and decodes the merge by
    /// representatives (``Network/reducedBackward(groups:)``).
    ///
    /// ε = 0: ``BackwardEquivalence/coarsest(_:initial:)``, and the result computes exactly
    /// the same function. ε > 0: ``ApproximateBackwardEquivalence/coarsest(_:epsilon:linkage:relative:initial:)``.
    /// - Throws: for non-polynomial activations.
    public static func compressBackward(_ net: Network, epsilon: Rational = .zero,
                                        linkage: ApproximateBackwardEquivalence.Linkage = .single,
                                        relative: Bool = false) throws(NetworkError) -> BackwardCompression {
        let encoding = try net.backwardEncoding()
        let partition = epsilon.isZero
            ? BackwardEquivalence.coarsest(encoding.model, initial: encoding.initialPartition)
            : ApproximateBackwardEquivalence.coarsest(encoding.model, epsilon: epsilon, linkage: linkage,
                                                      relative: relative, initial: encoding.initialPartition)
        let groups = try net.backwardGroups(partition, encoding: encoding)
        let small = net.reducedBackward(groups: groups)
        return BackwardCompression(network: small, report: CompressionReport(before: net, after: small),
                                   encoding: encoding, partition: partition, groups: groups, epsilon: epsilon)
    }
}
