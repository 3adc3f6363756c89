import Symbolic
import Reduction

// Merging to given hidden widths. The layered ε-FDE merges neurons of layer ℓ by their
// distance D under the merged layer ℓ − 1 (LayeredLumping.swift); as ε grows its merges are
// nested, so one agglomerative clustering of the layer (a dendrogram) gives every width at
// once. A budget search then picks widths, not tolerances: each width is reachable (not
// only the few a bisection over ε happens to hit), and a layer's dendrogram is built once
// per upstream width.
//
// The dendrogram works on floating-point distances; the merge it picks is then measured
// exactly: the ε reported per layer is the exact largest distance the merge used (single
// linkage: the longest tree edge; complete: the largest block diameter), so every block is
// ≈ε in the layered ε-FDE's sense at the reported ε.

/// The merge of a network at given hidden widths, with the dendrograms of each upstream
/// merge kept for the next request.
final class WidthMerger {
    let net: Network
    let weights: DistanceWeights?
    let linkage: ApproximateForwardEquivalence.Linkage
    let relative: Bool
    /// Calibration inputs when the dendrograms use activation distances (``MergeDistance/activations``).
    let activationInputs: [[Double]]?
    /// λ of a merge that may also drop neurons (complete linkage only): neuron j's distance to
    /// the zero neuron is λ·c_j, with c_j = D(j, 0) (weights) or RMS(h_j)·‖W_{·j}‖₂
    /// (activations: exactly what dropping j changes downstream, to first order); `nil`: merges
    /// only. Fixed at creation: the dendrograms built are kept.
    let dropScale: Double?
    private lazy var base = FloatNetwork(net)
    /// Dendrogram of hidden layer ℓ (key: the widths of hidden layers 1…ℓ−1).
    private var dendrograms: [[Int]: Dendrogram] = [:]

    init(_ net: Network, weights: DistanceWeights?, linkage: ApproximateForwardEquivalence.Linkage, relative: Bool,
         activationInputs: [[Double]]? = nil, dropScale: Double? = nil) {
        precondition(dropScale == nil || linkage == .complete, "drops take complete linkage")
        self.dropScale = dropScale
        self.net = net
        self.weights = weights
        self.linkage = linkage
        self.relative = relative
        self.activationInputs = activationInputs
    }

    /// Activation distances of hidden layer ℓ under the merged upstream `groups`: for neurons
    /// a, b, RMS over the calibration inputs of h_a − h_b (their activations, upstream
    /// merged) times the mean of their outgoing weight norms ‖W_{·a}‖₂, ‖W_{·b}‖₂ — to first
    /// order, what merging them changes downstream.
    /// - Complexity: one forward pass, then O(n²·S) for n neurons and S calibration rows.
    func activationDistances(layer l: Int, upstream groups: [[[Int]]], inputs: [[Double]]) -> (matrix: DistanceMatrix, dropCosts: [Double]) {
        var g = groups
        for k in l..<g.count { g[k] = (0..<net.neuronCounts[k]).map { [$0] } }
        let h = base.merged(g).forward(inputs).values[l]
        let n = net.neuronCounts[l], samples = inputs.count
        let next = net.layers[l]
        var outgoing = [Double](repeating: 0, count: n)
        for row in next.weights { for j in 0..<n { let w = row[j].doubleValue; outgoing[j] += w * w } }
        outgoing = outgoing.map { $0.squareRoot() }
        // h is sample-major (samples × n): the coordinate-major layout of pairwiseSums.
        var values = h.withUnsafeBufferPointer { pairwiseSums($0, count: n, length: samples, .squaredDifference) }
        var dropCosts = [Double](repeating: 0, count: n)
        let count = Double(max(1, samples))
        for a in 0..<n {
            var sum = 0.0
            for s in 0..<samples { sum += h[s * n + a] * h[s * n + a] }
            dropCosts[a] = (sum / count).squareRoot() * outgoing[a]
            for b in (a + 1)..<max(a + 1, n) {
                let d = (values[a * n + b] / count).squareRoot() * (outgoing[a] + outgoing[b]) / 2
                values[a * n + b] = d
                values[b * n + a] = d
            }
        }
        return (DistanceMatrix(count: n, values: values), dropCosts)
    }

    /// The groups of every neuron layer (inputs and outputs singletons) when hidden layer ℓ is
    /// cut to `widths[ℓ − 1]` clusters (clamped to 1…its size), upstream first; with the
    /// merges each cut applied and the neurons it dropped (per neuron layer; only with ``dropScale``).
    func cut(_ widths: [Int]) -> (groups: [[[Int]]], merges: [ArraySlice<Dendrogram.Merge>], dropped: [[Int]]) {
        precondition(widths.count == net.hiddenLayerCount, "one width per hidden layer")
        var groups: [[[Int]]] = net.neuronCounts.map { n in (0..<n).map { [$0] } }
        var dropped: [[Int]] = net.neuronCounts.map { _ in [] }
        var merges: [ArraySlice<Dendrogram.Merge>] = []
        for l in widths.indices.map({ $0 + 1 }) {
            let key = Array(widths.prefix(l - 1))
            let tree: Dendrogram
            if let hit = dendrograms[key] { tree = hit } else {
                let d: DistanceMatrix
                var dropCosts: [Double]
                if let activationInputs {
                    (d, dropCosts) = activationDistances(layer: l, upstream: groups, inputs: activationInputs)
                } else {
                    let sig = LayerSignatures(net, layer: l, upstream: groups[l - 1], weights: weights)
                    d = sig.distanceMatrix(relative: relative).matrix
                    dropCosts = dropScale == nil ? [] : sig.distancesToZero(relative: relative)
                }
                if let dropScale {
                    dropCosts = dropCosts.map { $0 * dropScale }
                    tree = .completeLinkage(d, dropCosts: dropCosts)
                } else {
                    tree = linkage == .single ? .singleLinkage(d) : .completeLinkage(d)
                }
                dendrograms[key] = tree
            }
            let width = min(max(1, widths[l - 1]), net.neuronCounts[l])
            (groups[l], dropped[l]) = tree.partition(width: width)
            merges.append(tree.mergesApplied(width: width))
        }
        return (groups, merges, dropped)
    }

    /// The merges of every hidden layer beyond `widths` (its exact-FDE width) as removals of a
    /// global allocation (``WidthSpace/globalWidths(removals:)``): (hidden layer, merge height),
    /// each layer's dendrogram built under the upstream layers cut at `widths`.
    func removals(beyond widths: [Int]) -> [(layer: Int, score: Double)] {
        _ = cut(widths)  // builds the dendrograms
        return widths.indices.flatMap { h in
            let tree = dendrograms[Array(widths.prefix(h))]!  // built by the cut
            let applied = tree.count - min(max(1, widths[h]), tree.count)
            return tree.merges.dropFirst(applied).map { (h, $0.height) }
        }
    }

    /// The exact largest distance each hidden layer's merge used, under the merged upstream
    /// layer: single linkage, the longest tree edge the cut applied (each block is connected
    /// by edges no longer); complete linkage, the largest block diameter.
    ///
    /// For complete linkage only pairs whose floating-point distance is within twice its
    /// error bound of the largest one are measured exactly; the exact maximum is among them.
    /// - Complexity: single, O(n·m) exact; complete, O(Σ|B|²·m) floating point plus the
    ///   exact candidates.
    func epsilons(_ groups: [[[Int]]], merges: [ArraySlice<Dendrogram.Merge>]) -> [Rational] {
        (1..<groups.count - 1).map { l in
            let blocks = groups[l].filter { $0.count > 1 }
            if blocks.isEmpty { return .zero }
            let sig = LayerSignatures(net, layer: l, upstream: groups[l - 1], weights: weights)
            if linkage == .single {
                return merges[l - 1].map { sig.distance($0.a, $0.b, relative: relative) }.max() ?? .zero
            }
            let (d, error) = sig.distanceMatrix(relative: relative, only: blocks)
            var top = 0.0
            for block in blocks { for (i, a) in block.enumerated() { for b in block[(i + 1)...] { top = max(top, d[a, b]) } } }
            var largest = Rational.zero
            for block in blocks {
                for (i, a) in block.enumerated() {
                    for b in block[(i + 1)...] where d[a, b] >= top - 2 * error {
                        largest = max(largest, sig.distance(a, b, relative: relative))
                    }
                }
            }
            return largest
        }
    }

    /// Per neuron of every neuron layer, the weight of its row in a weighted merge
    /// (``Network/reduced(groups:importance:)``); `nil`: plain means.
    var importance: [[Rational]]?

    /// The compression at `widths`.
    func compression(_ widths: [Int]) -> LayeredCompression {
        let (g, merges, dropped) = cut(widths)
        let eps = epsilons(g, merges: merges)
        let small = importance.map { net.reduced(groups: g, importance: $0) } ?? net.reduced(groups: g)
        return LayeredCompression(network: small, report: CompressionReport(before: net, after: small),
                                  lumping: LayeredLumping(groups: g, largestMergeDistance: eps, dropped: dropped), epsilons: eps)
    }
}

extension LayerSignatures {
    /// Floating-point distance of every neuron to a zero neuron (zero row and bias): D(j, 0)
    /// = Σ|x| over its coordinates, or, relative, the number of its nonzero coordinates.
    func distancesToZero(relative: Bool) -> [Double] {
        rows.indices.map { j in
            if relative { return Double(rows[j].filter { !$0.isZero }.count + (bias[j].isZero ? 0 : 1)) }
            return rows[j].reduce(bias[j].doubleValue.magnitude) { $0 + $1.doubleValue.magnitude }
        }
    }

    /// Floating-point distances between the layer's neurons (all pairs, or only pairs within
    /// one of `blocks`), and a bound on each entry's absolute error.
    ///
    /// Absolute: D̃ = Σ|x̃ − ỹ| over the rounded coordinates (bias included); each rounding,
    /// difference and addition errs by at most 2⁻⁵³ of the magnitudes involved, so
    /// |D̃ − D| ≤ 4(m + 2)·2⁻⁵³·(‖a‖₁ + ‖b‖₁). Relative: each term is at most 2, so the bound
    /// uses 2(m + 1) in place of the norms.
    /// - Complexity: O(n²·m) for all pairs (n neurons, m upstream blocks).
    func distanceMatrix(relative: Bool, only blocks: [[Int]]? = nil) -> (matrix: DistanceMatrix, error: Double) {
        let n = rows.count
        let m = (rows.first?.count ?? 0) + 1
        // All pairs, absolute: the blocked kernel (bit-for-bit the loop of `pair` below), which
        // reads the coordinates coordinate-major; otherwise the pair loop, neuron-major.
        let blocked = blocks == nil && !relative
        var flat = [Double](repeating: 0, count: n * m)
        var largestMass = 0.0
        for j in 0..<n {
            var mass = 0.0
            for (k, x) in rows[j].enumerated() {
                let v = x.doubleValue
                flat[blocked ? k * n + j : j * m + k] = v
                mass += v.magnitude
            }
            let b = bias[j].doubleValue
            flat[blocked ? (m - 1) * n + j : j * m + m - 1] = b
            largestMass = max(largestMass, mass + b.magnitude)
        }
        var values: [Double]
        if blocked {
            values = flat.withUnsafeBufferPointer { pairwiseSums($0, count: n, length: m, .absoluteDifference) }
        } else {
            values = [Double](repeating: 0, count: n * n)
            flat.withUnsafeBufferPointer { f in
                values.withUnsafeMutableBufferPointer { out in
                    func pair(_ a: Int, _ b: Int) {
                        var s = 0.0
                        let pa = a * m, pb = b * m
                        if relative {
                            for k in 0..<m {
                                let x = f[pa + k], y = f[pb + k]
                                if x != y { s += (x - y).magnitude / max(x.magnitude, y.magnitude) }
                            }
                        } else {
                            for k in 0..<m { s += (f[pa + k] - f[pb + k]).magnitude }
                        }
                        out[a * n + b] = s
                        out[b * n + a] = s
                    }
                    if let blocks {
                        for block in blocks { for (i, a) in block.enumerated() { for b in block[(i + 1)...] { pair(a, b) } } }
                    } else {
                        for a in 0..<n { for b in (a + 1)..<max(a + 1, n) { pair(a, b) } }
                    }
                }
            }
        }
        let u = 0x1p-53
        let scale = relative ? 2 * Double(m) : 2 * largestMass
        return (DistanceMatrix(count: n, values: values), 4 * Double(m + 2) * u * scale)
    }
}

extension FloatNetwork {
    /// The merged network of `groups` (as ``Network/reduced(groups:)``, in floating point):
    /// merged neuron G takes the mean over j ∈ G of Σ_{k∈K} W_jk from each upstream group K,
    /// and the mean bias.
    func merged(_ groups: [[[Int]]], importance: [[Rational]]? = nil) -> FloatNetwork {
        var out = self
        let alpha = importance?.map { $0.map(\.doubleValue) }
        for l in 0..<weights.count {
            let m = widths[l]
            var groupOf = [Int](repeating: -1, count: m)  // −1: dropped
            for (g, members) in groups[l].enumerated() { for k in members { groupOf[k] = g } }
            let upstream = groups[l].count, outputs = groups[l + 1]
            var w = [Double](repeating: 0, count: outputs.count * upstream)
            var b = [Double](repeating: 0, count: outputs.count)
            for (g, members) in outputs.enumerated() {
                let total = alpha.map { a in members.reduce(0.0) { $0 + a[l + 1][$1] } } ?? 0
                for j in members {
                    let scale = total > 0 ? alpha![l + 1][j] / total : 1 / Double(members.count)
                    for k in 0..<m where groupOf[k] >= 0 { w[g * upstream + groupOf[k]] += weights[l][j * m + k] * scale }
                    b[g] += bias[l][j] * scale
                }
            }
            out.weights[l] = w
            out.bias[l] = b
        }
        out.widths = groups.map(\.count)
        return out
    }
}

extension Compression {
    /// Merges `net` to the given hidden widths: layer by layer (upstream first) the
    /// dendrogram of the layer's distances D under the merged upstream layer (single or
    /// complete linkage; calibration `weights` as in the layered ε-FDE), cut at the width
    /// (clamped to 1…the layer's size). The outcome's ε per layer is the exact largest
    /// distance the merge used (``WidthMerger/epsilons(_:merges:)``).
    /// - Requires: one width per hidden layer.
    /// - Parameter activationInputs: calibration inputs to cluster by activation distances
    ///   (``WidthMerger/activationDistances(layer:upstream:inputs:)``) instead of D; the
    ///   reported ε is still the exact largest D of the merge.
    /// - Parameter dropScale: λ of a merge that may also drop neurons (``WidthMerger/dropScale``;
    ///   complete linkage); the ε covers the merged blocks, not the drops.
    public static func compress(_ net: Network, widths: [Int], linkage: ApproximateForwardEquivalence.Linkage = .single,
                                relative: Bool = false, weights: DistanceWeights? = nil,
                                activationInputs: [[Double]]? = nil, importance: [[Rational]]? = nil,
                                dropScale: Double? = nil) -> LayeredCompression {
        let merger = WidthMerger(net, weights: weights, linkage: linkage, relative: relative, activationInputs: activationInputs,
                                 dropScale: dropScale)
        merger.importance = importance
        return merger.compression(widths)
    }

    /// The merge within `limit` parameters: the exact FDE when it fits; otherwise hidden
    /// widths between each layer's minimum (`minimumWidth`, default ⌈width/8⌉) and its
    /// exact-FDE width, chosen by `allocation` — `uniform` (the same fraction of every
    /// layer), `global` (one threshold on the merge distance across layers: the layers'
    /// dendrogram merges, lowest first, until the count fits) or `tuned` (``AllocationSearch``
    /// on the calibration MSE against the original outputs) — and then merged by
    /// ``compress(_:widths:linkage:relative:weights:)``.
    /// - Returns: the compression and, when tuned, the number of allocations evaluated.
    /// - Throws: when no allocation within the minimum widths meets the limit, or for `tuned`
    ///   without calibration.
    static func compress(_ net: Network, limit: Int, allocation: LayerAllocation, minimumWidth: Int?,
                         linkage: ApproximateForwardEquivalence.Linkage, relative: Bool, weights: DistanceWeights?,
                         calibration: CalibrationSet?, activationInputs: [[Double]]? = nil,
                         importance: [[Rational]]? = nil, dropScale: Double? = nil) throws(NetworkError) -> (result: LayeredCompression, allocationsTried: Int?) {
        let exact = compress(net, epsilons: [.zero])
        if exact.report.parametersAfter <= limit { return (exact, nil) }
        let hidden = net.hiddenLayerCount
        let exactWidths = Array(exact.lumping.neuronCounts.dropFirst().dropLast())
        let space = try WidthSpace.budget(net, maximum: exactWidths, minimumWidth: minimumWidth, limit: limit)
        let merger = WidthMerger(net, weights: weights, linkage: linkage, relative: relative, activationInputs: activationInputs,
                                 dropScale: dropScale)
        merger.importance = importance
        switch allocation {
        case .global:
            return (merger.compression(space.globalWidths(removals: merger.removals(beyond: exactWidths))!), nil)  // feasible: checked
        case .uniform:
            return (merger.compression(space.realize(Array(repeating: 1, count: hidden))!), nil)  // feasible: checked
        case .tuned:
            guard let calibration else { throw NetworkError("a tuned allocation minimizes the calibration MSE: give calibration inputs") }
            let base = FloatNetwork(net)
            let target = base.forward(calibration.inputs).values.last!
            let found = AllocationSearch.tune(layers: hidden, realize: space.realize) { widths in
                let output = base.merged(merger.cut(widths).groups, importance: merger.importance).forward(calibration.inputs).values.last!
                return meanSquaredDifference(output, target)
            }!  // feasible: checked, so the uniform shape realizes
            return (merger.compression(found.allocation), found.evaluations)
        }
    }
}

/// Mean of (a_i − b_i)² (0 for empty arrays).
func meanSquaredDifference(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for (x, y) in zip(a, b) { s += (x - y) * (x - y) }
    return s / Double(max(a.count, 1))
}

extension Network {
    /// Per neuron of every neuron layer: ‖outgoing weights‖₂ × RMS activation on the
    /// calibration inputs (hidden layers; inputs and outputs 1), as dyadic rationals with 20
    /// significant bits — the weights of an importance-weighted merge.
    public func neuronImportance(_ calibration: CalibrationSet) -> [[Rational]] {
        let rms = calibrationRMS(calibration).rms
        return neuronCounts.indices.map { l in
            guard l > 0 && l < layers.count else { return Array(repeating: .one, count: neuronCounts[l]) }
            var outgoing = [Double](repeating: 0, count: neuronCounts[l])
            for row in layers[l].weights { for (j, w) in row.enumerated() { outgoing[j] += w.doubleValue * w.doubleValue } }
            return outgoing.indices.map { DistanceWeights.dyadic(outgoing[$0].squareRoot() * rms[l][$0]) }
        }
    }
}
