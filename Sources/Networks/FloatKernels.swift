// The two double-precision loops the budget searches spend their time in: a layer applied to
// a batch of calibration rows, and the sums over all pairs of neurons behind a distance matrix.
//
// Both keep the reference loops' order of operations for every output (one running sum per
// entry, added to in increasing index order, no fused multiply-add), so their results are
// bit-for-bit those of ``affineReference`` and ``pairwiseSumsReference`` (tested): a faster
// kernel must not change which neurons a search merges. The speed comes from independent
// sums side by side — 4 × 4 outputs of `affine`, 8 pairs of `pairwiseSums` in SIMD registers —
// instead of one chain of dependent additions.

/// Z = X Wᵀ + b for `rows` samples: X is rows × inputs, W outputs × inputs (outputs =
/// bias.count), both row-major; the result is rows × outputs. Bit-for-bit ``affineReference``.
/// - Complexity: O(rows · inputs · outputs), plus O(inputs · outputs) for a transposed copy of W.
func affine(_ x: [Double], rows n: Int, inputs m: Int, weights: [Double], bias: [Double]) -> [Double] {
    let w = bias.count
    precondition(x.count == n * m && weights.count == w * m, "affine: shapes")
    var z = [Double](repeating: 0, count: n * w)
    guard n > 0, w > 0 else { return z }
    // Input-major weights (m × w): the weights from input k into outputs j…j+3 are adjacent.
    var t = [Double](repeating: 0, count: m * w)
    for j in 0..<w { for k in 0..<m { t[k * w + j] = weights[j * m + k] } }
    let w4 = w & ~3
    t.withUnsafeBufferPointer { tb in
        x.withUnsafeBufferPointer { xb in
            bias.withUnsafeBufferPointer { bb in
                z.withUnsafeMutableBufferPointer { zb in
                    // Output (r, j) alone, as the reference computes it.
                    func single(_ r: Int, _ j: Int) {
                        var acc = bb[j]
                        for k in 0..<m { acc += tb[k * w + j] * xb[r * m + k] }
                        zb[r * w + j] = acc
                    }
                    var s = 0
                    while s + 4 <= n {
                        let x0 = s * m, x1 = x0 + m, x2 = x1 + m, x3 = x2 + m
                        var j = 0
                        while j < w4 {
                            let b = load4(bb, j)
                            var a0 = b, a1 = b, a2 = b, a3 = b
                            for k in 0..<m {
                                let v = load4(tb, k * w + j)
                                a0 += v * SIMD4(repeating: xb[x0 + k])
                                a1 += v * SIMD4(repeating: xb[x1 + k])
                                a2 += v * SIMD4(repeating: xb[x2 + k])
                                a3 += v * SIMD4(repeating: xb[x3 + k])
                            }
                            store4(a0, zb, s * w + j)
                            store4(a1, zb, (s + 1) * w + j)
                            store4(a2, zb, (s + 2) * w + j)
                            store4(a3, zb, (s + 3) * w + j)
                            j += 4
                        }
                        for r in s..<(s + 4) { for j in w4..<w { single(r, j) } }
                        s += 4
                    }
                    while s < n {
                        var j = 0
                        while j < w4 {
                            var a = load4(bb, j)
                            for k in 0..<m { a += load4(tb, k * w + j) * SIMD4(repeating: xb[s * m + k]) }
                            store4(a, zb, s * w + j)
                            j += 4
                        }
                        for j in w4..<w { single(s, j) }
                        s += 1
                    }
                }
            }
        }
    }
    return z
}

/// The plain loop ``affine`` must equal bit for bit: z_sj = b_j, then z_sj += W_jk·x_sk for
/// k = 0, 1, … in order.
func affineReference(_ x: [Double], rows n: Int, inputs m: Int, weights: [Double], bias: [Double]) -> [Double] {
    let w = bias.count
    var z = [Double](repeating: 0, count: n * w)
    for s in 0..<n {
        for j in 0..<w {
            var acc = bias[j]
            for k in 0..<m { acc += weights[j * m + k] * x[s * m + k] }
            z[s * w + j] = acc
        }
    }
    return z
}

/// What ``pairwiseSums(_:count:length:_:)`` adds up per coordinate of a pair.
enum PairwiseTerm {
    /// |x_a − x_b| (L1 distances).
    case absoluteDifference
    /// (x_a − x_b)² (squared L2 distances).
    case squaredDifference
}

/// For all pairs a < b of `n` vectors of `length` coordinates, Σ_k term(x_ak, x_bk), summed in
/// increasing k; the result is n × n row-major, symmetric, zero diagonal. Bit-for-bit
/// ``pairwiseSumsReference``.
///
/// The coordinates are taken in chunks of 32: within a chunk, the rows of 32 coordinates it
/// reads for 8 vectors b at a time stay in the first-level cache (a coordinate-major array is
/// read with a stride of n doubles), and each pair's running sum continues from the output
/// between chunks — the same additions in the same order.
/// - Parameter data: coordinate-major, `length` × `n`: coordinate k of vector j at `k·n + j`.
/// - Complexity: O(n² · length).
func pairwiseSums(_ data: UnsafeBufferPointer<Double>, count n: Int, length m: Int, _ term: PairwiseTerm) -> [Double] {
    switch term {
    case .absoluteDifference: return pairwiseSums(data, n, m, AbsoluteDifference.self)
    case .squaredDifference: return pairwiseSums(data, n, m, SquaredDifference.self)
    }
}

private protocol PairTerm {
    static func of(_ d: SIMD4<Double>) -> SIMD4<Double>
    static func of(_ d: Double) -> Double
}

private enum AbsoluteDifference: PairTerm {
    @inline(__always) static func of(_ d: SIMD4<Double>) -> SIMD4<Double> { d.replacing(with: -d, where: d .< 0) }
    @inline(__always) static func of(_ d: Double) -> Double { d.magnitude }
}

private enum SquaredDifference: PairTerm {
    @inline(__always) static func of(_ d: SIMD4<Double>) -> SIMD4<Double> { d * d }
    @inline(__always) static func of(_ d: Double) -> Double { d * d }
}

private func pairwiseSums<Term: PairTerm>(_ data: UnsafeBufferPointer<Double>, _ n: Int, _ m: Int, _: Term.Type) -> [Double] {
    precondition(data.count >= n * m, "pairwiseSums: shapes")
    var out = [Double](repeating: 0, count: n * n)
    out.withUnsafeMutableBufferPointer { o in
        var k0 = 0
        while k0 < m {
            let k1 = min(m, k0 + 32)
            for a in 0..<n {
                let row = a * n
                var b = a + 1
                while b + 8 <= n {
                    var s0 = load4(UnsafeBufferPointer(o), row + b), s1 = load4(UnsafeBufferPointer(o), row + b + 4)
                    for k in k0..<k1 {
                        let x = SIMD4(repeating: data[k * n + a])
                        s0 += Term.of(x - load4(data, k * n + b))
                        s1 += Term.of(x - load4(data, k * n + b + 4))
                    }
                    store4(s0, o, row + b)
                    store4(s1, o, row + b + 4)
                    b += 8
                }
                while b < n {
                    var s = o[row + b]
                    for k in k0..<k1 { s += Term.of(data[k * n + a] - data[k * n + b]) }
                    o[row + b] = s
                    b += 1
                }
            }
            k0 = k1
        }
        for a in 0..<n { for b in (a + 1)..<max(a + 1, n) { o[b * n + a] = o[a * n + b] } }
    }
    return out
}

/// The plain loop ``pairwiseSums(_:count:length:_:)`` must equal bit for bit.
func pairwiseSumsReference(_ data: UnsafeBufferPointer<Double>, count n: Int, length m: Int, _ term: PairwiseTerm) -> [Double] {
    var out = [Double](repeating: 0, count: n * n)
    for a in 0..<n {
        for b in (a + 1)..<max(a + 1, n) {
            let s = pairSum(data, n, m, a, b, term)
            out[a * n + b] = s
            out[b * n + a] = s
        }
    }
    return out
}

@inline(__always)
private func pairSum(_ data: UnsafeBufferPointer<Double>, _ n: Int, _ m: Int, _ a: Int, _ b: Int, _ term: PairwiseTerm) -> Double {
    var s = 0.0
    switch term {
    case .absoluteDifference: for k in 0..<m { s += (data[k * n + a] - data[k * n + b]).magnitude }
    case .squaredDifference: for k in 0..<m { let d = data[k * n + a] - data[k * n + b]; s += d * d }
    }
    return s
}

@inline(__always)
private func load4(_ p: UnsafeBufferPointer<Double>, _ i: Int) -> SIMD4<Double> {
    SIMD4(p[i], p[i + 1], p[i + 2], p[i + 3])
}

@inline(__always)
private func store4(_ v: SIMD4<Double>, _ p: UnsafeMutableBufferPointer<Double>, _ i: Int) {
    p[i] = v[0]; p[i + 1] = v[1]; p[i + 2] = v[2]; p[i + 3] = v[3]
}
