import Symbolic
import TestSupport  // SplitMix64: reproducible generated models

enum Generators {
    /// The multisite phosphorylation network of CLUE's `ProteinPhosphorylation[n].ode`, as
    /// `.ode` text in the reactions form.
    ///
    /// A substrate has `n` sites, each free (u), bound to the kinase E (E), phosphorylated (p)
    /// or bound to the phosphatase F (F): 4^n substrate species plus E (S0) and F (S1); the
    /// all-free substrate is S2, other species are numbered in breadth-first order of
    /// discovery. Per site: u + E → E-bound (kOnE), E-bound → u + E (kOffE), E-bound → p + E
    /// (kCatE), p + F → F-bound (kOnF), F-bound → p + F (kOffF), F-bound → u + F (kCatF). As in
    /// the CLUE files the rate constants are species that occur as catalysts
    /// (`S + E + kOnE -> S' + kOnE , 1`), and Etot, Ftot, Stot are declared species that never
    /// occur. Variables: 4^n + 2 + 9.
    static func proteinPhosphorylation(sites n: Int) -> String {
        precondition(n >= 1 && n <= 10)
        let stateCount = 1 << (2 * n)
        var id = [Int32](repeating: -1, count: stateCount)
        var order: [Int] = []
        order.reserveCapacity(stateCount)
        func idOf(_ s: Int) -> Int {
            if id[s] < 0 {
                id[s] = Int32(order.count + 2)
                order.append(s)
            }
            return Int(id[s])
        }
        _ = idOf(0)
        var reactions = ""
        reactions.reserveCapacity(stateCount * n * 3 / 2 * 40)
        var q = 0
        while q < order.count {
            let s = order[q]
            q += 1
            let me = Int(id[s])
            for site in 0..<n {
                let shift = 2 * site
                let base = s & ~(3 << shift)
                switch (s >> shift) & 3 {
                case 0:  // free: the kinase binds
                    let t = idOf(base | 1 << shift)
                    reactions += "  S0 + S\(me) + kOnE -> S\(t) + kOnE , 1\n"
                case 1:  // kinase-bound: unbinds or phosphorylates
                    let u = idOf(base), p = idOf(base | 2 << shift)
                    reactions += "  S\(me) + kOffE -> S0 + S\(u) + kOffE , 1\n"
                    reactions += "  S\(me) + kCatE -> S0 + S\(p) + kCatE , 1\n"
                case 2:  // phosphorylated: the phosphatase binds
                    let t = idOf(base | 3 << shift)
                    reactions += "  S1 + S\(me) + kOnF -> S\(t) + kOnF , 1\n"
                default:  // phosphatase-bound: unbinds or dephosphorylates
                    let p = idOf(base | 2 << shift), u = idOf(base)
                    reactions += "  S\(me) + kOffF -> S1 + S\(p) + kOffF , 1\n"
                    reactions += "  S\(me) + kCatF -> S1 + S\(u) + kCatF , 1\n"
                }
            }
        }
        var out = "begin model ProteinPhosphorylation_\(n)\n begin init\n  S0 = 300.0\n  S1 = 300.0\n  S2 = 3000.0\n"
        out.reserveCapacity(reactions.utf8.count + stateCount * 10 + 512)
        for i in 3..<(stateCount + 2) { out += "  S\(i)\n" }
        out += "  Etot = 300.0\n  Ftot = 300.0\n  Stot = 3000.0\n"
        out += "  kOnE = 0.7\n  kOffE = 3.0\n  kCatE = 5.0\n  kOnF = 0.7\n  kOffF = 3.0\n  kCatF = 5.1\n"
        out += " end init\n begin reactions\n"
        out += reactions
        out += " end reactions\n\nend model\n"
        return out
    }

    /// Shape of a random sparse polynomial system with a planted forward equivalence.
    struct Planted {
        var variables: Int
        var blockSize: Int
        /// Linear block-sum terms a·y_C in each block's aggregate G_H (each expands to |C| terms).
        var linearPerBlock: Int = 2
        /// Probability that G_H also gets a quadratic term c·y_C·y_D (expands to |C|·|D| terms).
        var quadraticProbability: Double = 0
        /// Cancelling noise pairs +c·m in f_i, −c·m in f_j (i, j in one block; m of degree 1–2).
        var noisePairs: Int
        var seed: UInt64 = 1
    }

    /// A random sparse system dx/dt = f(x) of degree ≤ 2 whose planted partition (x_i in block
    /// i mod B) is a forward equivalence.
    ///
    /// For each block H the aggregate f_H = Σ_{i∈H} f_i is a random polynomial G_H in the block
    /// sums y_C (linear terms, optionally one quadratic term), expanded into x-monomials whose
    /// terms are spread over random members of H; then noise pairs add +c·m to one member and
    /// −c·m to another member of the same block (m a random monomial of degree 1 or 2), which
    /// leaves every f_H unchanged. So each f_H is a polynomial in block sums — the FDE
    /// condition — and the coarsest FDE is the planted partition or coarser.
    static func planted(_ shape: Planted) -> ODEModel {
        let n = shape.variables, s = shape.blockSize
        precondition(s >= 2 && n % s == 0)
        let blocks = n / s
        var rng = SplitMix64(seed: shape.seed)
        func member(_ b: Int, _ k: Int) -> Int { b + k * blocks }  // block b = {b, b+B, b+2B, …}
        func randomMember(_ b: Int) -> Int { member(b, Int.random(in: 0..<s, using: &rng)) }
        func coefficient() -> Rational {
            let c = Int.random(in: 1...9, using: &rng)
            return Rational(Bool.random(using: &rng) ? c : -c)
        }
        let x = (0..<n).map { Monomial(symbol: Int32($0)) }
        var builders = [PolynomialBuilder](repeating: PolynomialBuilder(), count: n)
        for h in 0..<blocks {
            for _ in 0..<shape.linearPerBlock {
                let c = Int.random(in: 0..<blocks, using: &rng), a = coefficient()
                for k in 0..<s { builders[randomMember(h)].add(a, x[member(c, k)]) }
            }
            if shape.quadraticProbability > 0 && Double.random(in: 0..<1, using: &rng) < shape.quadraticProbability {
                let c = Int.random(in: 0..<blocks, using: &rng), d = Int.random(in: 0..<blocks, using: &rng)
                let a = coefficient()
                for k in 0..<s {
                    for l in 0..<s { builders[randomMember(h)].add(a, x[member(c, k)] * x[member(d, l)]) }
                }
            }
        }
        for _ in 0..<shape.noisePairs {
            let h = Int.random(in: 0..<blocks, using: &rng)
            let i = Int.random(in: 0..<s, using: &rng)
            var j = Int.random(in: 0..<(s - 1), using: &rng)
            if j >= i { j += 1 }
            let u = Int.random(in: 0..<n, using: &rng)
            let m = Bool.random(using: &rng) ? x[u] : x[u] * x[Int.random(in: 0..<n, using: &rng)]
            let c = coefficient()
            builders[member(h, i)].add(c, m)
            builders[member(h, j)].add(-c, m)
        }
        let equations = builders.map { $0.build() }
        return ODEModel(name: "planted_\(n)_\(s)", variableNames: (0..<n).map { "x\($0)" },
                        initialValues: (0..<n).map { Rational($0 % 7) }, equations: equations)
    }

    /// Shapes used by the benchmark, by approximate term count.
    static func plantedShape(terms: Int, blockSize: Int = 10, seed: UInt64 = 1) -> Planted {
        if blockSize >= 1000 {
            // Few big blocks: linear aggregates only (quadratic ones would expand to |C|² terms).
            let n = max(3 * blockSize, (terms * 3 / 10) / blockSize * blockSize)
            return Planted(variables: n, blockSize: blockSize, linearPerBlock: 2, noisePairs: max(0, (terms - 2 * n) / 2), seed: seed)
        }
        // Blocks of 10: ~20 linear + ~25 quadratic terms per block, the rest noise pairs.
        let n = terms / 10 / blockSize * blockSize
        let blockTerms = (n / blockSize) * (2 * blockSize + blockSize * blockSize / 4)
        return Planted(variables: n, blockSize: blockSize, linearPerBlock: 2, quadraticProbability: 0.25,
                       noisePairs: max(0, (terms - blockTerms) / 2), seed: seed)
    }
}
