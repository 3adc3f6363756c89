import Symbolic
import Reduction

// The ε-FDE of the lumping ODE computed layer by layer, straight from the weights.
//
// In the lumping ODE da_k/dt = Σ_j W_jk a_j, the derivative ∂f_K/∂a_j of an upstream block
// K is Σ_{k∈K} W_jk and ∂f_bias/∂a_j = b_j; every other block's derivative with respect to
// a_j vanishes. So the signature of neuron j of neuron layer ℓ depends only on the
// partition of layer ℓ−1 (and its own row and bias), never on layers downstream of it:
// the generic ε-FDE refinement has no downstream → upstream effect, and processing the
// hidden layers upstream first reaches its fixpoint.
//
// Single linkage: blocks are the connected components of the ≈ε graph of the whole layer
// under the final upstream partition. This equals the generic refinement's result: a finer
// upstream partition only increases distances (triangle inequality on the block sums), so
// each final component stays connected in every earlier round's graph and is never split,
// and at the fixpoint every block is connected in the final graph.
//
// Complete linkage is order dependent (a round clusters each block of the previous round),
// so the generic rounds are replayed: in round t, layer ℓ's blocks are clustered under the
// partition of layer ℓ−1 after round t−1, until no block splits.

/// A partition of a network's neurons by neuron layer, with what the ε-FDE used.
public struct LayeredLumping: Sendable, Equatable {
    /// `groups[ℓ]`: the blocks of neuron layer ℓ (inputs ℓ = 0 and outputs are singletons),
    /// members ascending, blocks ordered by their first member.
    public var groups: [[[Int]]]
    /// Per hidden layer: the largest distance of a link that merged two clusters
    /// (0 when nothing merged beyond exact duplicates). Rerunning with these tolerances
    /// gives the same partition (single linkage).
    public var largestMergeDistance: [Rational]
    /// Per neuron layer, the neurons a merge with drops (``CompressionRequest/dropScale``)
    /// removed, ascending; `groups` then covers only the others. Empty for an ε-FDE.
    public var dropped: [[Int]] = []

    /// Neurons per neuron layer after merging.
    public var neuronCounts: [Int] { groups.map(\.count) }
}

/// Per-neuron weights of the layered distance (from calibration data): the term of upstream
/// block K is multiplied by the RMS activation of K's neurons (see ``Network/calibrationRMS(_:)``).
public struct DistanceWeights: Sendable {
    /// `rms[ℓ][k]`: RMS of neuron k of neuron layer ℓ (ℓ = 0: the standardized inputs)
    /// over the calibration inputs, for the layers feeding hidden layers.
    public var rms: [[Double]]
    public init(rms: [[Double]]) { self.rms = rms }

    /// The RMS of a block: √(mean over its neurons of their mean squares), rounded to a
    /// dyadic rational with 20 significant bits so exact arithmetic stays small.
    func blockWeight(layer: Int, members: [Int]) -> Rational {
        var s = 0.0
        for k in members { s += rms[layer][k] * rms[layer][k] }
        return Self.dyadic((s / Double(members.count)).squareRoot())
    }

    static func dyadic(_ x: Double) -> Rational {
        guard x.isFinite, x > 0 else { return .zero }
        let shift = 20 - Int(x.exponent)
        let scaled = (x * Double(sign: .plus, exponent: shift, significand: 1)).rounded()
        return Rational(exactly: scaled * Double(sign: .plus, exponent: -shift, significand: 1))!
    }
}

extension Network {
    /// Number of hidden layers (layers before the output layer).
    public var hiddenLayerCount: Int { layers.count - 1 }

    /// The ε-FDE of the lumping ODE, computed layer by layer (upstream first) from the weights.
    ///
    /// Neurons j, j′ of hidden layer ℓ are ≈ε when
    /// D(j,j′) = Σ_K w_K·|Σ_{k∈K}(W_jk − W_j′k)| + |b_j − b_j′| ≤ ε_ℓ, with K the blocks of
    /// layer ℓ−1 and w_K = 1 (or the block's RMS activation with `weights`); `relative`
    /// divides each term by max of the two magnitudes (a term is 0 when both vanish).
    /// With one ε for every layer and no weights this is the partition of
    /// ``ApproximateForwardEquivalence/coarsest(_:epsilon:linkage:relative:initial:)`` on
    /// the lumping ODE (and ε = 0 gives the coarsest exact FDE), without building the ODE.
    ///
    /// - Parameter epsilons: one tolerance per hidden layer, or a single one for all.
    /// - Complexity: per hidden layer O(n·m) exact additions for the block sums and the
    ///   duplicate hashing (n neurons, m upstream blocks), O(n log n) for sorting by a
    ///   1-Lipschitz projection, and O(m) per candidate pair within the ε window.
    public func layeredLumping(epsilons: [Rational], linkage: ApproximateForwardEquivalence.Linkage = .single,
                               relative: Bool = false, weights: DistanceWeights? = nil) -> LayeredLumping {
        let hidden = hiddenLayerCount
        precondition(epsilons.count == hidden || epsilons.count == 1, "one epsilon per hidden layer or one for all")
        precondition(epsilons.allSatisfy { $0.signum >= 0 }, "epsilon must be non-negative")
        let eps = epsilons.count == hidden ? epsilons : Array(repeating: epsilons.first ?? .zero, count: hidden)
        var groups: [[[Int]]] = neuronCounts.map { n in (0..<n).map { [$0] } }
        var largest = [Rational](repeating: .zero, count: hidden)
        if hidden == 0 { return LayeredLumping(groups: groups, largestMergeDistance: largest) }
        if linkage == .single && !relative {
            for l in 1...hidden {
                let sig = LayerSignatures(self, layer: l, upstream: groups[l - 1], weights: weights)
                let (blocks, d) = sig.cluster(Array(0..<neuronCounts[l]), epsilon: eps[l - 1], linkage: .single, relative: relative)
                groups[l] = canonical(blocks)
                largest[l - 1] = d
            }
        } else {
            // Replay the generic rounds: each hidden layer starts as one block.
            for l in 1...hidden { groups[l] = [Array(0..<neuronCounts[l])] }
            // The upstream partition each layer was last clustered under (nil: never).
            var clusteredUnder = [[[Int]]?](repeating: nil, count: hidden + 1)
            while true {
                let previous = groups
                var split = false
                for l in 1...hidden {
                    let upstream = previous[l - 1]
                    if let last = clusteredUnder[l], last == upstream { continue }
                    clusteredUnder[l] = upstream
                    let sig = LayerSignatures(self, layer: l, upstream: upstream, weights: weights)
                    var next: [[Int]] = []
                    for block in previous[l] {
                        if block.count == 1 { next.append(block); continue }
                        let (parts, _) = sig.cluster(block, epsilon: eps[l - 1], linkage: linkage, relative: relative)
                        next += parts
                    }
                    if next.count != previous[l].count { split = true }
                    groups[l] = canonical(next)
                }
                if !split { break }
            }
            // Only merges that survive count: the diameters (complete) or largest links (single)
            // of the final blocks under the final upstream partition.
            for l in 1...hidden {
                let sig = LayerSignatures(self, layer: l, upstream: groups[l - 1], weights: weights)
                var d = Rational.zero
                for block in groups[l] where block.count > 1 {
                    if linkage == .single {
                        d = max(d, sig.cluster(block, epsilon: eps[l - 1], linkage: .single, relative: relative).1)
                        continue
                    }
                    for a in 0..<block.count { for b in (a + 1)..<block.count {
                        d = max(d, sig.distance(block[a], block[b], relative: relative))
                    } }
                }
                largest[l - 1] = d
            }
        }
        return LayeredLumping(groups: groups, largestMergeDistance: largest)
    }

    /// The lumping ODE partition of a layered lumping (for comparison with the generic path).
    /// - Requires: no dropped neurons (a drop is not a block of the lumping ODE).
    public func partition(of lumping: LayeredLumping, encoding: LumpingEncoding) -> Partition {
        precondition(lumping.dropped.allSatisfy(\.isEmpty), "a lumping with dropped neurons is not a partition")
        var blocks: [[Int]] = []
        for (l, layerGroups) in lumping.groups.enumerated() {
            for g in layerGroups { blocks.append(g.map { encoding.variableOfNeuron[l][$0] }) }
        }
        blocks.append([encoding.biasVariable])
        return Partition(canonicalizing: blocks, count: encoding.model.variables.count)
    }
}

func canonical(_ blocks: [[Int]]) -> [[Int]] {
    blocks.map { $0.sorted() }.sorted { $0[0] < $1[0] }
}

/// Signature vectors of one hidden layer's neurons under an upstream partition: coordinate K
/// is w_K·Σ_{k∈K} W_jk, the last coordinate the bias.
struct LayerSignatures: ClusterableSignatures {
    /// One row per neuron (length = number of upstream blocks); shares the layer's storage
    /// when the upstream partition is discrete and unweighted.
    let rows: [[Rational]]
    let bias: [Rational]

    init(_ net: Network, layer l: Int, upstream: [[Int]], weights: DistanceWeights?) {
        let layer = net.layers[l - 1]
        bias = layer.bias
        let discrete = upstream.count == layer.inputCount
        if discrete && weights == nil {
            rows = layer.weights
            return
        }
        // −1: an upstream neuron a merge dropped (its outgoing weights are gone).
        var blockOf = [Int](repeating: -1, count: layer.inputCount)
        for (g, members) in upstream.enumerated() { for k in members { blockOf[k] = g } }
        let w = weights.map { wt in upstream.map { wt.blockWeight(layer: l - 1, members: $0) } }
        var rows: [[Rational]] = []
        rows.reserveCapacity(layer.outputCount)
        for row in layer.weights {
            var sums = [Rational](repeating: .zero, count: upstream.count)
            if discrete {
                sums = row  // blocks are [0], [1], … in canonical order
            } else {
                for (k, x) in row.enumerated() where !x.isZero && blockOf[k] >= 0 { sums[blockOf[k]] += x }
            }
            if let w { for g in sums.indices where !sums[g].isZero { sums[g] *= w[g] } }
            rows.append(sums)
        }
        self.rows = rows
    }

    /// D(a, b) (or its relative variant), or `nil` once it exceeds `bound`.
    func distance(_ a: Int, _ b: Int, relative: Bool, within bound: Rational) -> Rational? {
        distance(a, b, relative: relative, bound: bound)
    }

    /// D(a, b) (or its relative variant), however large.
    func distance(_ a: Int, _ b: Int, relative: Bool) -> Rational {
        distance(a, b, relative: relative, bound: nil)!
    }

    private func distance(_ a: Int, _ b: Int, relative: Bool, bound: Rational?) -> Rational? {
        let ra = rows[a], rb = rows[b]
        var total = Rational.zero
        func term(_ x: Rational, _ y: Rational) -> Rational {
            if x == y { return .zero }
            let d = (x - y).magnitude
            return relative ? d / max(x.magnitude, y.magnitude) : d
        }
        total += term(bias[a], bias[b])
        if let bound, total > bound { return nil }
        for k in ra.indices where ra[k] != rb[k] {
            total += term(ra[k], rb[k])
            if let bound, total > bound { return nil }
        }
        return total
    }

    func signaturesEqual(_ a: Int, _ b: Int) -> Bool { bias[a] == bias[b] && rows[a] == rows[b] }

    func signatureHash(_ a: Int) -> Int {
        var h = Hasher()
        h.combine(bias[a])
        for x in rows[a] { h.combine(x) }
        return h.finalize()
    }

    /// The largest coordinate magnitude (bias included): each relative term is at least
    /// |x − y| divided by it.
    func relativeScale(_ e: Int) -> Rational {
        var largest = bias[e].magnitude
        for x in rows[e] { largest = max(largest, x.magnitude) }
        return largest
    }

    /// Two 1-Lipschitz projections for ‖·‖₁: the coordinate sum and a fixed ±1 weighting.
    func projections(_ e: Int) -> (Rational, Rational) {
        var p1 = bias[e], p2 = bias[e]
        for (k, x) in rows[e].enumerated() where !x.isZero {
            p1 += x
            if projectionNegates(UInt64(k)) { p2 -= x } else { p2 += x }
        }
        return (p1, p2)
    }

    /// Splits `members` (ascending) into ≈ε clusters exactly as the generic ε-FDE does
    /// (``ApproximateClustering``); also returns the largest link distance used to merge clusters.
    func cluster(_ members: [Int], epsilon: Rational, linkage: ApproximateForwardEquivalence.Linkage,
                 relative: Bool) -> ([[Int]], Rational) {
        var cache = [(Rational, Rational)?](repeating: nil, count: rows.count)
        let (clusters, used) = ApproximateClustering.cluster(members, in: self, epsilon: epsilon, linkage: linkage,
                                                             relative: relative, projectionCache: &cache)
        return (clusters.map { $0.sorted() }, used)
    }
}
