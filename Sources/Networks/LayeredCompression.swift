import Symbolic
import Reduction

/// The outcome of a layered compression.
public struct LayeredCompression: Sendable {
    public var network: Network
    public var report: CompressionReport
    public var lumping: LayeredLumping
    /// The tolerance used per hidden layer.
    public var epsilons: [Rational]
}

extension Compression {
    /// Compresses `net` with the layered ε-FDE (``Network/layeredLumping(epsilons:linkage:relative:weights:)``)
    /// and decodes the merge with block means (``Network/reduced(groups:)``).
    public static func compress(_ net: Network, epsilons: [Rational], linkage: ApproximateForwardEquivalence.Linkage = .single,
                                relative: Bool = false, weights: DistanceWeights? = nil) -> LayeredCompression {
        let lumping = net.layeredLumping(epsilons: epsilons, linkage: linkage, relative: relative, weights: weights)
        let small = net.reduced(groups: lumping.groups)
        let eps = epsilons.count == net.hiddenLayerCount ? epsilons : Array(repeating: epsilons.first ?? .zero, count: net.hiddenLayerCount)
        return LayeredCompression(network: small, report: CompressionReport(before: net, after: small), lumping: lumping, epsilons: eps)
    }

    /// Parameters of a network with the given neuron counts per neuron layer.
    public static func parameterCount(neuronCounts w: [Int]) -> Int {
        (1..<w.count).reduce(0) { $0 + w[$1 - 1] * w[$1] + w[$1] }
    }

    /// One ε for every hidden layer: the smallest one whose compression has at most
    /// `maxParameters` parameters (the least compression meeting the budget), by bisection
    /// over ε, then snapped down to the largest merge distance actually used (a pairwise
    /// distance; with single linkage it gives the same partition). `nil` when even merging
    /// every hidden layer into one neuron does not meet the budget.
    public static func compressToBudget(_ net: Network, maxParameters: Int, linkage: ApproximateForwardEquivalence.Linkage = .single,
                                        relative: Bool = false, weights: DistanceWeights? = nil) -> LayeredCompression? {
        func run(_ e: Rational) -> LayeredCompression {
            compress(net, epsilons: [e], linkage: linkage, relative: relative, weights: weights)
        }
        let exact = run(.zero)
        if exact.report.parametersAfter <= maxParameters { return exact }
        // Bracket: double ε until the budget is met or every hidden layer is one neuron.
        var hi = 1.0
        var best = run(Rational(exactly: hi)!)
        while best.report.parametersAfter > maxParameters {
            if best.network.layers.dropLast().allSatisfy({ $0.outputCount == 1 }) { return nil }
            hi *= 4
            guard hi < 1e300 else { return nil }
            best = run(Rational(exactly: hi)!)
        }
        var lo = 0.0
        for _ in 0..<48 {
            let mid = (lo + hi) / 2
            if !(mid > lo && mid < hi) { break }
            let r = run(Rational(exactly: mid)!)
            if r.report.parametersAfter <= maxParameters {
                hi = mid
                best = r
            } else {
                lo = mid
            }
        }
        // Snap to the largest distance that merged something (an actual pairwise distance).
        let snapped = best.lumping.largestMergeDistance.max() ?? .zero
        if snapped < best.epsilons[0] {
            let r = run(snapped)
            if r.lumping.groups == best.lumping.groups { best = r }
        }
        return best
    }

    /// The per-layer widths, and for each the ε (bisection, single-pass clustering of the layer under the
    /// merged upstream) that yields them, minimizing the calibration MSE between the compressed
    /// and the original network's outputs subject to the budget.
    ///
    /// Candidate widths per hidden layer are the fractions 1, 3/4, 1/2, 3/8, 1/4, 3/16, 1/8, 1/16, 1/32
    /// of the layer's exact-FDE width (at least 1); allocations whose parameter count meets the budget
    /// and that cannot raise any one layer to its next larger width are tried.
    /// - Returns: `nil` when no allocation meets the budget.
    public static func compressCalibrated(_ net: Network, maxParameters: Int, calibration: CalibrationSet,
                                          linkage: ApproximateForwardEquivalence.Linkage = .single, relative: Bool = false,
                                          weights: DistanceWeights?) -> (result: LayeredCompression, mse: Double, allocationsTried: Int)? {
        let hidden = net.hiddenLayerCount
        let exact = compress(net, epsilons: [.zero], weights: weights)
        if exact.report.parametersAfter <= maxParameters || hidden == 0 {
            return exact.report.parametersAfter <= maxParameters
                ? (exact, exact.network.calibrationMSE(against: net, calibration), 1) : nil
        }
        let fractions = [1.0, 0.75, 0.5, 0.375, 0.25, 0.1875, 0.125, 0.0625, 0.03125]
        let choices: [[Int]] = (1...hidden).map { l in
            let e = exact.lumping.groups[l].count
            var ws: [Int] = []
            for f in fractions { let w = max(1, Int((f * Double(e)).rounded())); if !ws.contains(w) { ws.append(w) } }
            return ws  // descending
        }
        func params(_ idx: [Int]) -> Int {
            Compression.parameterCount(neuronCounts: [net.inputCount] + idx.enumerated().map { choices[$0][$1] } + [net.outputCount])
        }
        // Enumerate index tuples (index into choices; 0 = widest).
        var allocations: [[Int]] = []
        var idx = [Int](repeating: 0, count: hidden)
        let total = choices.reduce(1) { $0 * $1.count }
        guard total <= 100_000 else { return nil }
        for _ in 0..<total {
            if params(idx) <= maxParameters {
                let maximal = (0..<hidden).allSatisfy { l in
                    idx[l] == 0 || { var up = idx; up[l] -= 1; return params(up) > maxParameters }()
                }
                if maximal { allocations.append(idx) }
            }
            var l = 0
            while l < hidden { idx[l] += 1; if idx[l] < choices[l].count { break }; idx[l] = 0; l += 1 }
        }
        if allocations.isEmpty { return nil }
        // Memoized per prefix of target widths: the groups and ε of each layer.
        var memo: [[Int]: (groups: [[Int]], epsilon: Rational)] = [:]
        var best: (LayeredCompression, Double)?
        for alloc in allocations {
            var groups: [[[Int]]] = net.neuronCounts.map { n in (0..<n).map { [$0] } }
            var eps: [Rational] = []
            for l in 1...hidden {
                let key = (0..<l).map { choices[$0][alloc[$0]] }
                if let hit = memo[key] {
                    groups[l] = hit.groups; eps.append(hit.epsilon); continue
                }
                let sig = LayerSignatures(net, layer: l, upstream: groups[l - 1], weights: weights)
                let (g, e) = widthTarget(sig, count: net.neuronCounts[l], width: key.last!, linkage: linkage, relative: relative)
                memo[key] = (g, e)
                groups[l] = g
                eps.append(e)
            }
            let lumping = LayeredLumping(groups: groups, largestMergeDistance: eps)
            let small = net.reduced(groups: groups)
            let mse = small.calibrationMSE(against: net, calibration)
            let candidate = LayeredCompression(network: small, report: CompressionReport(before: net, after: small),
                                               lumping: lumping, epsilons: eps)
            if small.parameterCount <= maxParameters, best == nil || mse < best!.1 { best = (candidate, mse) }
        }
        return best.map { ($0.0, $0.1, allocations.count) }
    }

    /// The blocks of one layer with at most `width` blocks for the smallest ε found by bisection,
    /// with ε snapped to the largest link used.
    static func widthTarget(_ sig: LayerSignatures, count: Int, width: Int, linkage: ApproximateForwardEquivalence.Linkage,
                            relative: Bool) -> (groups: [[Int]], epsilon: Rational) {
        let all = Array(0..<count)
        func run(_ e: Rational) -> ([[Int]], Rational) {
            let (b, d) = sig.cluster(all, epsilon: e, linkage: linkage, relative: relative)
            return (canonical(b), d)
        }
        let exact = run(.zero)
        if exact.0.count <= width { return (exact.0, .zero) }
        // Upper bound: D ≤ ‖a‖₁ + ‖b‖₁ (relative: every term ≤ 2).
        var norm = 0.0
        for j in 0..<count {
            var s = sig.bias[j].magnitude.doubleValue
            for x in sig.rows[j] { s += x.magnitude.doubleValue }
            norm = max(norm, s)
        }
        var hi = relative ? 2.0 * Double((sig.rows.first?.count ?? 0) + 1) + 2 : 2 * norm * (1 + 1e-9) + 1e-300
        var best = run(Rational(exactly: hi)!)
        while best.0.count > width && hi < 1e300 { hi *= 2; best = run(Rational(exactly: hi)!) }
        var lo = 0.0
        for _ in 0..<52 {
            let mid = (lo + hi) / 2
            if !(mid > lo && mid < hi) { break }
            let r = run(Rational(exactly: mid)!)
            if r.0.count <= width { hi = mid; best = r } else { lo = mid }
        }
        if linkage == .single { return (best.0, best.1) }
        return (best.0, Rational(exactly: hi)!)
    }
}
