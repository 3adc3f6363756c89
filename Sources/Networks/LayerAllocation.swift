/// How a parameter budget is split across layers: the one allocation search that merging
/// (`compress --target-…`) and every pruning baseline share.
public enum LayerAllocation: String, Sendable, CaseIterable {
    /// One ranking over all layers: magnitude pruning, one threshold on |W|; merging, one
    /// threshold on the merge distance; neuron pruning, one threshold on the neuron score
    /// (``WidthSpace/globalWidths(removals:)``). Not for Wanda, whose scores compare only
    /// within an output row.
    case global
    /// The same fraction of every layer.
    case uniform
    /// Per-layer sizes chosen by minimizing the calibration MSE against the original outputs
    /// (``AllocationSearch``); needs calibration inputs.
    case tuned
}

/// Hidden-layer widths under a dense parameter budget: the allocation space of merging and of
/// structured (neuron) pruning.
struct WidthSpace {
    var inputs: Int
    var outputs: Int
    /// Widest useful width per hidden layer (merging: the exact-FDE width; pruning: the layer).
    var maximum: [Int]
    /// Narrowest allowed width per hidden layer (≥ 1, ≤ `maximum`).
    var minimum: [Int]
    var limit: Int

    /// The default narrowest width of a hidden layer of `width` neurons: ⌈width/8⌉, so that no
    /// layer collapses to a handful of neurons unless asked (`--min-width`).
    static func defaultMinimum(_ width: Int) -> Int { max(1, (width + 7) / 8) }

    init(inputs: Int, outputs: Int, maximum: [Int], minimum: [Int], limit: Int) {
        self.inputs = inputs
        self.outputs = outputs
        self.maximum = maximum
        self.minimum = zip(minimum, maximum).map { min(max(1, $0), $1) }
        self.limit = limit
    }

    /// The hidden widths of `net` within `limit` parameters: each layer from its minimum
    /// (`minimumWidth`, default ``defaultMinimum(_:)`` of its width) to `maximum`.
    /// - Throws: when `net` has no hidden layer or even the minimum widths are over the limit.
    static func budget(_ net: Network, maximum: [Int], minimumWidth: Int?, limit: Int) throws(NetworkError) -> WidthSpace {
        let original = Array(net.neuronCounts.dropFirst().dropLast())
        let space = WidthSpace(inputs: net.inputCount, outputs: net.outputCount, maximum: maximum,
                               minimum: original.map { minimumWidth ?? defaultMinimum($0) }, limit: limit)
        guard !original.isEmpty, space.isFeasible else {
            throw NetworkError("the budget of \(limit) parameters is below the network at its narrowest allowed hidden widths \(space.minimum.map(String.init).joined(separator: ",")) (\(space.cost(space.minimum)) parameters; the minimum width of a layer is ⌈width/8⌉ unless given)")
        }
        return space
    }

    /// Weights plus biases of the dense network with these hidden widths.
    func cost(_ widths: [Int]) -> Int {
        Compression.parameterCount(neuronCounts: [inputs] + widths + [outputs])
    }

    /// Whether any allocation meets the limit.
    var isFeasible: Bool { cost(minimum) <= limit }

    /// The global allocation: from the maximum widths, one neuron is removed per entry of
    /// `removals` (hidden layer index, score), lowest score first (ties: earlier entry), skipping
    /// layers at their minimum, until the count is within the limit. Within a layer the
    /// removals must come in the order the layer would make them (its merges by height, its
    /// neurons by score). `nil` when even the minimum is over the limit.
    /// - Complexity: O(R log R) for R removals, O(H) per removal.
    func globalWidths(removals: [(layer: Int, score: Double)]) -> [Int]? {
        guard isFeasible else { return nil }
        var widths = maximum
        let order = removals.indices.sorted { (removals[$0].score, $0) < (removals[$1].score, $1) }
        var next = order.makeIterator()
        while cost(widths) > limit {
            guard let k = next.next() else { return minimum }   // feasible: the minimum fits
            let l = removals[k].layer
            if widths[l] > minimum[l] { widths[l] -= 1 }
        }
        return widths
    }

    /// The allocation of `shape` (one positive multiplier per layer; all 1: uniform): widths
    /// ⌊t·shape_ℓ·maximum_ℓ⌋ clamped to [minimum, maximum] for the largest t within the limit,
    /// then single neurons to the layer furthest below its share while they fit, then, while the count is
    /// still more than 1 % below the limit, the in-budget neighbour with the largest count
    /// (``tightened(_:)``). `nil` when even the minimum is over the limit.
    /// - Complexity: O(H·64) count evaluations for the bisection, plus O(H·7^(H−1)·log W) for H ≤ 4 when tightening.
    func realize(_ shape: [Double]) -> [Int]? {
        guard isFeasible else { return nil }
        if cost(maximum) <= limit { return maximum }
        let h = maximum.count
        var widths = fill(largestScaledShare(shape, maximum: maximum, minimum: minimum) { cost($0) <= limit }, shape)
        // Tighten while more than 1 % of the limit is left and a neighbour gets closer.
        for _ in 0..<8 where h <= 4 && Double(limit - cost(widths)) > Double(limit) / 100 {
            let next = fill(tightened(widths), shape)
            if cost(next) <= cost(widths) { break }
            widths = next
        }
        return widths
    }

    /// Adds one neuron at a time to the layer with the smallest width ÷ (shape·maximum)
    /// (ties: the earlier layer) while the count stays within the limit.
    private func fill(_ start: [Int], _ shape: [Double]) -> [Int] {
        var w = start
        while true {
            var pick = -1
            var share = Double.infinity
            for l in w.indices where w[l] < maximum[l] {
                var up = w
                up[l] += 1
                guard cost(up) <= limit else { continue }
                let s = Double(w[l]) / (shape[l] * Double(maximum[l]))
                if s < share { share = s; pick = l }
            }
            if pick < 0 { return w }
            w[pick] += 1
        }
    }

    /// The allocation near `w` with the largest count within the limit: every layer but one
    /// moved by at most ±3, the remaining one as wide as then fits (ties: the smallest total
    /// change, then the first found).
    /// - Complexity: O(H·7^(H−1)·log W) count evaluations.
    private func tightened(_ w: [Int]) -> [Int] {
        var best = w
        var bestCost = cost(w), bestChange = 0
        let h = w.count
        for free in 0..<h {
            var delta = [Int](repeating: -3, count: h)
            delta[free] = 0
            while true {
                var c = zip(w, delta).map { $0 + $1 }
                if c.indices.allSatisfy({ $0 == free || (c[$0] >= minimum[$0] && c[$0] <= maximum[$0]) }) {
                    // The widest free width that fits: bisect over minimum…maximum.
                    c[free] = minimum[free]
                    if cost(c) <= limit {
                        var lo = minimum[free], hi = maximum[free] + 1
                        while hi - lo > 1 {
                            let mid = (lo + hi) / 2
                            c[free] = mid
                            if cost(c) <= limit { lo = mid } else { hi = mid }
                        }
                        c[free] = lo
                        let k = cost(c), change = zip(c, w).reduce(0) { $0 + abs($1.0 - $1.1) }
                        if k > bestCost || (k == bestCost && change < bestChange) { best = c; bestCost = k; bestChange = change }
                    }
                }
                var l = 0
                while l < h {
                    if l == free { l += 1; continue }
                    delta[l] += 1
                    if delta[l] <= 3 { break }
                    delta[l] = -3
                    l += 1
                }
                if l >= h { break }
            }
        }
        return best
    }
}

/// Nonzero weights per layer under an unstructured budget: the allocation space of
/// magnitude pruning and Wanda.
struct WeightSpace {
    /// Nonzero weights per layer (every layer, the output layer included).
    var sizes: [Int]
    /// The fewest weights a tuned allocation leaves a layer: ⌈size/16⌉ (all, if the budget
    /// is below their sum).
    var minimum: [Int]
    /// Weights to keep in all.
    var keep: Int

    init(sizes: [Int], keep: Int) {
        self.sizes = sizes
        self.keep = min(keep, sizes.reduce(0, +))
        let floors = sizes.map { ($0 + 15) / 16 }
        minimum = floors.reduce(0, +) <= self.keep ? floors : sizes.map { _ in 0 }
    }

    /// The allocation of `shape`: ⌊t·shape_ℓ·size_ℓ⌋ clamped to [minimum, size] for the
    /// largest t keeping at most `keep`, the rest one weight at a time to the layers furthest
    /// below their share; the counts sum to `keep` exactly.
    func realize(_ shape: [Double]) -> [Int] {
        let n = sizes.count
        var counts = largestScaledShare(shape, maximum: sizes, minimum: minimum) { $0.reduce(0, +) <= keep }
        var left = keep - counts.reduce(0, +)
        while left > 0 {
            var pick = -1
            var share = Double.infinity
            for l in 0..<n where counts[l] < sizes[l] {
                let s = Double(counts[l]) / (shape[l] * Double(sizes[l]))
                if s < share { share = s; pick = l }
            }
            if pick < 0 { break }
            counts[pick] += 1
            left -= 1
        }
        return counts
    }
}

/// Per-layer sizes ⌊t·shape_ℓ·maximum_ℓ⌋ clamped to [minimum, maximum] for the largest t
/// (bisection, 64 steps) whose sizes `fit`; t = 0 gives the minimum, which must fit.
/// - Complexity: O(64) calls of `fit`.
private func largestScaledShare(_ shape: [Double], maximum: [Int], minimum: [Int], fit: ([Int]) -> Bool) -> [Int] {
    func at(_ t: Double) -> [Int] {
        maximum.indices.map { l in
            let x = (t * shape[l] * Double(maximum[l]) + 1e-9).rounded(.down)
            return x >= Double(maximum[l]) ? maximum[l] : max(minimum[l], Int(max(0, x)))
        }
    }
    var lo = 0.0, hi = 1.0 / (shape.min() ?? 1) + 1
    for _ in 0..<64 {
        let mid = (lo + hi) / 2
        if !(mid > lo && mid < hi) { break }
        if fit(at(mid)) { lo = mid } else { hi = mid }
    }
    return at(lo)
}

/// The tuned allocation search: a pattern search over per-layer shape multipliers (in
/// log space; the budget fixes the overall scale), minimizing a calibration error.
///
/// A coarse pass tries each layer at ¼, ½, 2 and 4 times its uniform share; then compass
/// search (Kolda, Lewis, Torczon 2003, "Optimization by direct search") moves one layer's
/// multiplier by ×2^{±h} while that improves, halving h from ½ down to 1/64. Allocations are
/// memoized, so shapes that realize the same sizes cost one evaluation.
enum AllocationSearch {
    /// - Parameters:
    ///   - layers: number of multipliers.
    ///   - realize: the allocation of a shape (`nil`: none meets the budget).
    ///   - evaluate: the error of an allocation (smaller is better; NaN counts as worst).
    ///   - baseline: an allocation to evaluate too (the uniform one, when it is not the
    ///     realization of the all-ones shape), so the result is never worse than it.
    ///   - maximumEvaluations: a cap on distinct allocations evaluated.
    /// - Returns: the best allocation found, its error and the number of distinct allocations evaluated.
    static func tune(layers: Int, realize: ([Double]) -> [Int]?, evaluate: ([Int]) -> Double, baseline: [Int]? = nil,
                     maximumEvaluations: Int = 160) -> (allocation: [Int], error: Double, evaluations: Int)? {
        var memo: [[Int]: Double] = [:]
        func score(_ a: [Int]) -> Double { let e = evaluate(a); return e.isNaN ? .infinity : e }
        func value(_ x: [Double]) -> (allocation: [Int], error: Double)? {
            guard let a = realize(x.map { Double.exp2($0) }) else { return nil }
            if let e = memo[a] { return (a, e) }
            if memo.count >= maximumEvaluations { return nil }
            let error = score(a)
            memo[a] = error
            return (a, error)
        }
        var x = [Double](repeating: 0, count: layers)
        guard var best = value(x) else { return nil }
        if let baseline, memo[baseline] == nil {
            let e = score(baseline)
            memo[baseline] = e
            if e < best.error { best = (baseline, e) }
        }
        if layers > 1 {
            let start = x
            for l in 0..<layers {
                for a in [-2.0, -1, 1, 2] {
                    var c = start
                    c[l] = a
                    if let v = value(c), v.error < best.error { best = v; x = c }
                }
            }
            var h = 0.5
            while h >= 1.0 / 64 {
                var moved = false
                for l in 0..<layers {
                    for sign in [-1.0, 1] {
                        var c = x
                        c[l] += sign * h
                        if let v = value(c), v.error < best.error { best = v; x = c; moved = true }
                    }
                }
                if !moved { h /= 2 }
                if memo.count >= maximumEvaluations { break }
            }
        }
        return (best.allocation, best.error, memo.count)
    }
}

extension Double {
    static func exp2(_ x: Double) -> Double { libmExp(x * 0.6931471805599453) }
}
