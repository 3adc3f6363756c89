import Symbolic

/// A monomial x^α of degree ≤ k in the inputs (sparse exponents).
struct InputMonomial: Sendable, Equatable {
    /// (input, exponent ≥ 1), inputs increasing.
    var powers: [(Int, Int)]
    var degree: Int { powers.reduce(0) { $0 + $1.1 } }

    static func == (a: InputMonomial, b: InputMonomial) -> Bool { a.powers.elementsEqual(b.powers) { $0 == $1 } }

    /// The coefficient of x^α in (w·x + b)^m, divided by w^α b^(m−|α|): m! ÷ (α!·(m − |α|)!).
    func multinomial(_ m: Int) -> Int {
        var result = 1, left = m
        for (_, e) in powers {  // C(left, e), then the rest
            result *= Self.binomial(left, e)
            left -= e
        }
        return result
    }

    /// √(β!/k!) for β = (α, k − |α|): the Bombieri weight of the monomial as a degree-k form on (x, 1).
    func bombieriWeight(_ k: Int) -> Double {
        var factorials = 1.0
        for (_, e) in powers { factorials *= Self.factorial(e) }
        factorials *= Self.factorial(k - degree)
        return (factorials / Self.factorial(k)).squareRoot()
    }

    static func binomial(_ n: Int, _ k: Int) -> Int {
        var r = 1
        for i in 0..<k { r = r * (n - i) / (i + 1) }
        return r
    }

    static func factorial(_ n: Int) -> Double { n <= 1 ? 1 : (2...n).reduce(1.0) { $0 * Double($1) } }
}

extension FirstLayerLumping {
    /// The monomials of degree ≤ k in `variables` inputs, by degree and then as the sort below
    /// says (an order the benchmark's results depend on, through rounding), or `nil` when there
    /// are more than `limit`.
    /// - Complexity: O(C(variables + k, k)).
    static func monomials(variables d: Int, degree k: Int, limit: Int) -> [InputMonomial]? {
        var count = 1.0  // C(d + k, k), in floating point against overflow
        for i in 0..<k { count = count * Double(d + k - i) / Double(i + 1) }
        guard count <= Double(limit) else { return nil }
        var out: [InputMonomial] = []
        func extend(_ prefix: [(Int, Int)], from v: Int, left: Int) {
            for u in v..<d {
                for e in 1...max(1, left) where e <= left {
                    let m = prefix + [(u, e)]
                    out.append(InputMonomial(powers: m))
                    extend(m, from: u + 1, left: left - e)
                }
            }
        }
        out.append(InputMonomial(powers: []))
        extend([], from: 0, left: k)
        // By degree, then by the exponent lists, (input, exponent) pairs compared by input
        // and then by the higher exponent first: x₀² before x₀x₁ before x₁².
        out.sort { a, b in
            if a.degree != b.degree { return a.degree < b.degree }
            return a.powers.lexicographicallyPrecedes(b.powers) { p, q in p.0 != q.0 ? p.0 < q.0 : p.1 > q.1 }
        }
        return out
    }

    /// The neurons in the order of QR with column pivoting (largest remaining norm first;
    /// ties: the lower index) on their coordinates (neuron-major, `dimension` each).
    /// - Complexity: O(D·n·min(n, D)).
    static func pivotedOrder(_ features: [Double], dimension D: Int, count n: Int) -> [Int] {
        var v = features
        var norms = (0..<n).map { j in (0..<D).reduce(0.0) { $0 + v[j * D + $1] * v[j * D + $1] } }
        var order: [Int] = []
        var left = Array(0..<n)
        while !left.isEmpty {
            let pick = left.indices.max { norms[left[$0]] < norms[left[$1]] || (norms[left[$0]] == norms[left[$1]] && left[$0] > left[$1]) }!
            let j = left.remove(at: pick)
            order.append(j)
            let norm = norms[j].squareRoot()
            guard norm > 0, order.count < D else { continue }
            for k in left {
                var dot = 0.0
                for a in 0..<D { dot += v[j * D + a] * v[k * D + a] }
                let s = dot / (norm * norm)
                for a in 0..<D { v[k * D + a] -= s * v[j * D + a] }
                norms[k] = (0..<D).reduce(0.0) { $0 + v[k * D + $1] * v[k * D + $1] }
            }
        }
        return order
    }

    /// The neurons' coefficients (neuron-major) modulo p, or `nil` when p divides a denominator.
    static func residues(_ layer: Layer, _ c: [Rational], _ monomials: [InputMonomial], _ p: UInt64) -> [UInt64]? {
        var cm: [UInt64] = []
        for x in c { guard let r = x.residue(modulo: p) else { return nil }; cm.append(r) }
        let k = c.count - 1
        var out: [UInt64] = []
        out.reserveCapacity(layer.outputCount * monomials.count)
        for j in 0..<layer.outputCount {
            var w: [UInt64] = []
            for x in layer.weights[j] { guard let r = x.residue(modulo: p) else { return nil }; w.append(r) }
            guard let b = layer.bias[j].residue(modulo: p) else { return nil }
            for m in monomials {
                var wa: UInt64 = 1
                for (v, e) in m.powers { for _ in 0..<e { wa = Modular.multiply(wa, w[v], p) } }
                var s: UInt64 = 0, bp: UInt64 = 1
                for deg in m.degree...max(m.degree, k) where deg <= k {
                    let term = Modular.multiply(Modular.multiply(cm[deg], UInt64(m.multinomial(deg)) % p, p), Modular.multiply(wa, bp, p), p)
                    s = Modular.add(s, term, p)
                    bp = Modular.multiply(bp, b, p)
                }
                out.append(s)
            }
        }
        return out
    }

    /// The neurons' exact coefficients, neuron-major.
    static func exactCoefficients(_ layer: Layer, _ c: [Rational], _ monomials: [InputMonomial]) -> [[Rational]] {
        let k = c.count - 1
        return (0..<layer.outputCount).map { j in
            let w = layer.weights[j], b = layer.bias[j]
            return monomials.map { m in
                var wa = Rational.one
                for (v, e) in m.powers { wa *= w[v].power(e) }
                var s = Rational.zero, bp = Rational.one
                for deg in m.degree...max(m.degree, k) where deg <= k {
                    if !c[deg].isZero { s += c[deg] * Rational(m.multinomial(deg)) * wa * bp }
                    bp *= b
                }
                return s
            }
        }
    }

    /// A basis modulo p taken greedily in `order` (a neuron joins when it is independent of the
    /// earlier ones), and a row (coordinate) per basis vector on which the basis is nonsingular:
    /// incremental echelon form, each new vector reduced by the earlier ones, its first nonzero
    /// coordinate its row.
    /// - Complexity: O(D·n·r).
    static func basisModulo(_ mod: [UInt64], dimension D: Int, order: [Int], _ p: UInt64) -> (basis: [Int], rows: [Int]) {
        var reduced: [[UInt64]] = [], rows: [Int] = [], basis: [Int] = []
        for j in order {
            guard basis.count < D else { break }
            var v = Array(mod[(j * D)..<((j + 1) * D)])
            for (t, u) in reduced.enumerated() where v[rows[t]] != 0 {
                let s = v[rows[t]]
                for a in 0..<D where u[a] != 0 { v[a] = Modular.subtract(v[a], Modular.multiply(s, u[a], p), p) }
            }
            guard let q = v.firstIndex(where: { $0 != 0 }) else { continue }
            let inv = Modular.inverse(v[q], p)
            reduced.append(v.map { Modular.multiply($0, inv, p) })
            rows.append(q)
            basis.append(j)
        }
        return (basis, rows)
    }

    /// Each coordinate of the exact coefficients (neuron-major) scaled by a common multiple of
    /// its denominators, so that every entry is an integer; scaling a coordinate of every
    /// neuron changes no linear dependency among them.
    static func integerScaled(_ exact: [[Rational]], dimension D: Int) -> [[Rational]] {
        var out = exact
        for a in 0..<D {
            var scale = Rational.one
            for j in exact.indices where !(exact[j][a] * scale).isInteger { scale *= (exact[j][a] * scale).denominatorValue }
            if scale.isOne { continue }
            for j in exact.indices { out[j][a] = exact[j][a] * scale }
        }
        return out
    }

    /// The exact coefficients of each of `others` on `basis`, as integer numerators over one
    /// positive common denominator: fraction-free Gauss–Jordan elimination (Bareiss 1968,
    /// "Sylvester's identity and multistep integer-preserving Gaussian elimination"; every
    /// entry stays an integer minor and every division is exact) on the `rows` × `basis` part
    /// (nonsingular) of the integer coordinates, then checked on every coordinate; `nil` when an
    /// other is not in the span (it was dependent only modulo p).
    /// - Requires: `integers` from ``integerScaled(_:dimension:)``.
    /// - Complexity: O(r²·(r + m)) exact integer operations for the solve, O(D·r·m) for the check.
    static func solve(_ integers: [[Rational]], dimension D: Int, basis: [Int], rows: [Int], others: [Int]) -> (numerators: [[Rational]], denominator: Rational)? {
        let r = basis.count, m = others.count, width = r + m
        var a: [[Rational]] = rows.map { row in basis.map { integers[$0][row] } + others.map { integers[$0][row] } }
        var previous = Rational.one
        for k in 0..<r {
            guard let pivot = (k..<r).first(where: { !a[$0][k].isZero }) else { return nil }  // nonsingular: not reached
            a.swapAt(k, pivot)
            let p = a[k][k]
            for i in 0..<r where i != k {
                let s = a[i][k]
                for j in 0..<width where j != k {
                    guard let q = (p * a[i][j] - s * a[k][j]).exactIntegerQuotient(previous) else { return nil }
                    a[i][j] = q
                }
                a[i][k] = .zero
            }
            previous = p
        }
        // Every diagonal entry is now the determinant (up to the sign of the swaps): one denominator.
        guard (0..<r).allSatisfy({ a[$0][$0] == previous }), !previous.isZero else { return nil }
        let sign: Rational = previous.signum < 0 ? -1 : 1
        let numerators = (0..<m).map { o in (0..<r).map { sign * a[$0][r + o] } }
        let denominator = sign * previous
        for (o, k) in others.enumerated() {
            for coordinate in 0..<D {
                var s = Rational.zero
                for i in 0..<r where !numerators[o][i].isZero { s += integers[basis[i]][coordinate] * numerators[o][i] }
                if s != denominator * integers[k][coordinate] { return nil }
            }
        }
        return (numerators, denominator)
    }
}
