import Symbolic

// Linear lumping of the first hidden layer. With a polynomial activation σ(z) = Σ_m c_m z^m of
// degree k, first-layer neuron j computes p_j(x) = σ(w_j·x + b_j), a polynomial of degree ≤ k
// in the d inputs: a vector in a space of dimension D = C(d + k, k), whatever the layer's
// width n. When n > D (or the neurons are dependent for another reason), some neurons are
// exact linear combinations of others, p_k = Σ_i C_ki p_i, and layer 2 sees
// Σ_j V_j p_j = Σ_i (V_i + Σ_k V_k C_ki) p_i: the removed neurons' outgoing weights fold into
// the kept ones'. That is a linear lumping of the network ODE (the lumped variables are the kept
// neurons, the lumping matrix [I C]), exact and proven by a certificate
// (FirstLayerLumping+Certificate.swift). Below the rank the same construction is a least-squares
// approximation from the weights alone (no data): the combinations minimize the removed
// polynomials' residual in the Bombieri norm (Beauzamy, Bombieri, Enflo, Montgomery 1990, "Products of
// polynomials in many variables"; the norm of the degree-k form on (x, 1) in which every
// monomial x^β has weight β!/k!, invariant under rotations of (x, 1)).
//
// The neurons are ordered by QR with column pivoting (Businger, Golub 1965) on their Bombieri
// coordinates, so that every kept set is a prefix of one order; the exact rank and a basis in
// that order come from elimination modulo a prime (independence modulo p implies independence
// over ℚ), the combinations of the others from fraction-free Gauss–Jordan elimination on a
// nonsingular square part, then checked exactly on every coordinate.

/// What a linear lumping of the first hidden layer did (``FirstLayerLumping``).
public struct LinearFirstLayer: Sendable, Equatable {
    /// Neurons of hidden layer 1 in the original network.
    public var neurons: Int
    /// The exact rank of their polynomials: the width of the exact lumping.
    public var rank: Int
    /// Neurons kept.
    public var kept: Int
    /// ‖removed − combination‖ ÷ ‖removed‖ in the Bombieri norm (0 when exact).
    public var relativeResidual: Double
    /// Whether the lumping is exact: kept up to the rank with the exact combinations (which
    /// the compression checks by their certificate before reporting).
    public var isExact: Bool
    /// Exact operations the exact fold would have needed, when it was beyond
    /// ``FirstLayerLumping/maximumExactOperations`` (the lumping at the rank is then least squares).
    public var exactOperationsRefused: Int?
}

/// The linear lumpings of a network's first hidden layer at every width (see the file comment).
public struct FirstLayerLumping: Sendable {
    /// The most space coordinates × neurons the lumping computes with.
    public static let maximumEntries = 4_000_000
    /// The most exact operations (estimated: the elimination, its check and the fold) the
    /// exact lumping may take; above it the rank is still exact (modulo a prime, a lower
    /// bound proven by independence) but the combinations at the rank are least squares.
    public static let maximumExactOperations = 8_000_000

    public let original: Network
    /// The exact rank of the first-layer neurons' polynomials.
    public let rank: Int
    /// A basis in the QR order (original indices), then the other neurons.
    public let order: [Int]
    /// For every neuron of `order[rank...]`, its exact coefficients on `order[..<rank]`, as
    /// integer numerators over ``denominator``.
    public let numerators: [[Rational]]
    /// The positive common denominator of ``numerators``.
    public let denominator: Rational
    /// The exact lumping: the network with hidden layer 1 lumped to the rank (`nil` when
    /// beyond ``maximumExactOperations``).
    public let exactNetwork: Network?
    /// The estimate of the exact operations, when beyond ``maximumExactOperations``.
    public let exactOperationsRefused: Int?
    /// Bombieri coordinates, neuron-major: `features[j * dimension + a]`.
    let features: [Double]
    let dimension: Int

    /// - Throws: when the first layer's activation is not a polynomial, the network has no
    ///   hidden layer, or the polynomial space is beyond ``maximumEntries``.
    /// - Complexity: O(D·n·r) floating point and modular for D coordinates, n neurons and rank
    ///   r, plus, when r < n, O(r²·n) exact operations and the exact check O(D·r·(n − r)).
    public init(_ net: Network) throws(NetworkError) {
        guard net.hiddenLayerCount >= 1 else { throw NetworkError("a linear lumping of the first hidden layer needs a hidden layer") }
        let layer = net.layers[0]
        guard let c = layer.activation.polynomialCoefficients else {
            throw NetworkError("a linear lumping of the first hidden layer needs a polynomial activation there, not \(layer.activation.name)")
        }
        let d = net.inputCount, n = layer.outputCount
        let k = c.lastIndex { !$0.isZero } ?? 0
        guard k <= 12 else { throw NetworkError("a linear lumping of the first hidden layer takes activations of degree ≤ 12, not \(k)") }
        let monomials = FirstLayerLumping.monomials(variables: d, degree: k, limit: FirstLayerLumping.maximumEntries / max(1, n))
        guard let monomials else {
            throw NetworkError("a linear lumping of the first hidden layer works in the space of polynomials of degree \(k) in \(d) inputs, too large for \(n) neurons (over \(FirstLayerLumping.maximumEntries) coordinates in all)")
        }
        let D = monomials.count
        original = net
        dimension = D
        // Bombieri coordinates in floating point.
        var f = [Double](repeating: 0, count: n * D)
        let cd = c.map(\.doubleValue)
        for j in 0..<n {
            let w = layer.weights[j].map(\.doubleValue), b = layer.bias[j].doubleValue
            for (a, m) in monomials.enumerated() {
                var wa = 1.0
                for (v, e) in m.powers { for _ in 0..<e { wa *= w[v] } }
                var s = 0.0, bp = 1.0
                for deg in m.degree...max(m.degree, k) {
                    if deg > k { break }
                    s += cd[deg] * Double(m.multinomial(deg)) * wa * bp
                    bp *= b
                }
                f[j * D + a] = s * m.bombieriWeight(k)
            }
        }
        features = f
        guard f.allSatisfy(\.isFinite) else {
            throw NetworkError("a linear lumping of the first hidden layer: the neurons' polynomial coefficients overflow double precision")
        }
        let qrOrder = FirstLayerLumping.pivotedOrder(f, dimension: D, count: n)
        // Exact: a basis modulo p in the QR order, then combinations over ℚ, checked.
        var failure: NetworkError?
        for p in [Modular.prime, 9_223_372_036_854_775_643] {
            guard let mod = FirstLayerLumping.residues(layer, c, monomials, p) else { continue }
            let (basis, rows) = FirstLayerLumping.basisModulo(mod, dimension: D, order: qrOrder, p)
            let others = qrOrder.filter { !basis.contains($0) }
            if others.isEmpty {
                rank = n
                order = basis
                numerators = []
                denominator = .one
                exactNetwork = net
                exactOperationsRefused = nil
                return
            }
            let r = basis.count, m = others.count
            let operations = r * r * (r + m) + D * r * m + net.layers[1].outputCount * r * m
            if operations > FirstLayerLumping.maximumExactOperations {
                rank = r
                order = basis + others
                numerators = []
                denominator = .one
                exactNetwork = nil
                exactOperationsRefused = operations
                return
            }
            let integers = FirstLayerLumping.integerScaled(FirstLayerLumping.exactCoefficients(layer, c, monomials), dimension: D)
            if let (x, delta) = FirstLayerLumping.solve(integers, dimension: D, basis: basis, rows: rows, others: others) {
                rank = basis.count
                order = basis + others
                numerators = x
                denominator = delta
                exactNetwork = FirstLayerLumping.fold(net, kept: basis, removed: others, numerators: x, denominator: delta)
                exactOperationsRefused = nil
                return
            }
            failure = NetworkError("a linear lumping of the first hidden layer: the neurons' dependencies modulo \(p) do not hold over ℚ")
        }
        throw failure ?? NetworkError("a linear lumping of the first hidden layer: a weight's denominator is divisible by both moduli")
    }

    /// The summary at `width` kept neurons (clamped to 1…rank).
    public func summary(width: Int) -> LinearFirstLayer {
        let r = min(max(1, width), rank)
        let exact = r >= rank && exactNetwork != nil
        return LinearFirstLayer(neurons: original.layers[0].outputCount, rank: rank, kept: r,
                                relativeResidual: exact || r == original.layers[0].outputCount ? 0 : approximate(r).residual,
                                isExact: exact || r == original.layers[0].outputCount, exactOperationsRefused: exactOperationsRefused)
    }

    /// The network with hidden layer 1 lumped to `width` neurons (clamped to 1…rank): exact at
    /// the rank, the least-squares combinations below it.
    /// - Throws: when a folded weight overflows double precision (approximate widths only).
    public func network(width: Int) throws(NetworkError) -> Network {
        let r = min(max(1, width), rank)
        if r == original.layers[0].outputCount { return original }
        if r >= rank, let exactNetwork { return exactNetwork }
        let (comb, _) = approximate(r)
        let kept = Array(order[..<r])
        let removed = (0..<original.layers[0].outputCount).filter { !kept.contains($0) }
        // In floating point: the combinations are least-squares estimates, so each folded
        // weight V_j,kept_i + Σ_t V_j,removed_t·C_ti is computed and stored as a double.
        var net = original
        let l1 = original.layers[0], l2 = original.layers[1]
        net.layers[0] = Layer(weights: kept.map { l1.weights[$0] }, bias: kept.map { l1.bias[$0] }, activation: l1.activation)
        var w2: [[Rational]] = []
        for row in l2.weights {
            let v = row.map(\.doubleValue)
            var out: [Rational] = []
            for (i, k) in kept.enumerated() {
                var w = v[k]
                for (t, j) in removed.enumerated() { w += v[j] * comb[t][i] }
                guard let q = Rational(exactly: w) else {
                    throw NetworkError("a linear lumping of the first hidden layer to \(r) neurons: a folded weight is not finite")
                }
                out.append(q)
            }
            w2.append(out)
        }
        net.layers[1] = Layer(weights: w2, bias: l2.bias, activation: l2.activation)
        return net
    }

    /// The certificate of the exact lumping (at the rank), for ``LinearLumpingCertificate/check(original:reduced:)``.
    public var certificate: LinearLumpingCertificate {
        LinearLumpingCertificate(kept: Array(order[..<rank]), removed: Array(order[rank...]), numerators: numerators, denominator: denominator)
    }

    /// Layer 1 keeps `kept` (in that order), layer 2's columns become V_kept + V_removed·Cᵀ
    /// with C = numerators ÷ denominator (one division per weight), exactly.
    static func fold(_ original: Network, kept: [Int], removed: [Int], numerators: [[Rational]], denominator: Rational) -> Network {
        var net = original
        let l1 = original.layers[0], l2 = original.layers[1]
        net.layers[0] = Layer(weights: kept.map { l1.weights[$0] }, bias: kept.map { l1.bias[$0] }, activation: l1.activation)
        var w2: [[Rational]] = []
        for row in l2.weights {
            var sums = [Rational](repeating: .zero, count: kept.count)
            for (t, k) in removed.enumerated() where !row[k].isZero {
                for i in kept.indices where !numerators[t][i].isZero { sums[i] += row[k] * numerators[t][i] }
            }
            w2.append(kept.indices.map { row[kept[$0]] + (denominator.isOne ? sums[$0] : sums[$0] / denominator) })
        }
        net.layers[1] = Layer(weights: w2, bias: l2.bias, activation: l2.activation)
        return net
    }

    /// The least-squares combinations of all other neurons on `order[..<r]` (rows: the other
    /// neurons in index order; columns: the kept), and the relative residual, from a
    /// Gram–Schmidt QR (twice, for orthogonality) of the kept coordinates.
    func approximate(_ r: Int) -> (combination: [[Double]], residual: Double) {
        let D = dimension, n = original.layers[0].outputCount
        let kept = Array(order[..<r])
        let removed = (0..<n).filter { !kept.contains($0) }
        var q = [[Double]]()
        var R = [[Double]](repeating: [Double](repeating: 0, count: r), count: r)
        for (i, j) in kept.enumerated() {
            var v = Array(features[(j * D)..<((j + 1) * D)])
            for _ in 0..<2 {
                for t in 0..<i {
                    var dot = 0.0
                    for a in 0..<D { dot += q[t][a] * v[a] }
                    R[t][i] += dot
                    for a in 0..<D { v[a] -= dot * q[t][a] }
                }
            }
            var norm = 0.0
            for a in 0..<D { norm += v[a] * v[a] }
            norm = norm.squareRoot()
            R[i][i] = norm
            q.append(norm > 0 ? v.map { $0 / norm } : v)
        }
        var residual = 0.0, total = 0.0
        var combination: [[Double]] = []
        for k in removed {
            let v = features[(k * D)..<((k + 1) * D)]
            var y = (0..<r).map { t in zip(q[t], v).reduce(0.0) { $0 + $1.0 * $1.1 } }
            for i in stride(from: r - 1, through: 0, by: -1) {  // R x = Qᵀ v
                var s = y[i]
                for t in (i + 1)..<max(i + 1, r) { s -= R[i][t] * y[t] }
                y[i] = R[i][i] > 0 ? s / R[i][i] : 0
            }
            var res = 0.0
            for a in 0..<D {
                var fit = 0.0
                for i in 0..<r { fit += features[kept[i] * D + a] * y[i] }
                res += (v[v.startIndex + a] - fit) * (v[v.startIndex + a] - fit)
                total += v[v.startIndex + a] * v[v.startIndex + a]
            }
            residual += res
            combination.append(y)
        }
        return (combination, total > 0 ? (residual / total).squareRoot() : 0)
    }
}
