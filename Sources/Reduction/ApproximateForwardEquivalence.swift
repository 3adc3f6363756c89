import Symbolic

/// Approximate forward differential equivalence (ε-FDE).
///
/// Under a partition P the distance of variables i and j is
/// D_P(i,j) = Σ_{H∈P} ‖∂f_H/∂x_i − ∂f_H/∂x_j‖₁, where f_H = Σ_{k∈H} f_k and ‖p‖₁ is the
/// sum of the absolute values of the coefficients; D_P(i,j) = 0 for all pairs in
/// blocks is exactly the FDE condition. The relative variant divides each term by
/// max(‖∂f_H/∂x_i‖₁, ‖∂f_H/∂x_j‖₁) (a term is 0 when both vanish). i ≈ε j iff the
/// distance is ≤ ε; every block is split into clusters of ≈ε and distances are
/// recomputed against the refined partition until nothing splits. With ε = 0 the
/// result is the exact FDE (``ForwardEquivalence``).
///
/// Working on the exact FDE's classes: if i and j are in one block of the coarsest
/// exact FDE Q refining the initial partition, D_P(i,j) = 0 for every P coarser than Q
/// (each ∂f_H is a sum of Q-blocks' equal derivatives), so every round keeps Q's
/// classes together. The refinement therefore runs on the exact quotient
/// g_C(y) = Σ_{i∈C} f_i, y_C = Σ_{i∈C} x_i. There ∂f_H/∂x_i = (∂G_H/∂y_{C(i)})(y(x)),
/// and since different y-monomials expand into disjoint sets of x-monomials with
/// coefficient sums Π_C |C|^{e_C}, ‖p(y(x))‖₁ = Σ_μ |c_μ|·Π_C |C|^{e_C}: distances are
/// computed exactly on the quotient with those weights.
public enum ApproximateForwardEquivalence {
    /// How the ≈ε relation is closed inside a block.
    public enum Linkage: Sendable, Hashable {
        /// Connected components of ≈ε (members may be further than ε apart through a chain).
        case single
        /// Deterministic agglomerative complete linkage: clusters of diameter ≤ ε.
        case complete
    }

    /// The coarsest ε-FDE refining `initial` (default: one block), by closure and refinement.
    ///
    /// Parameters are as they are in `model` (call
    /// ``Symbolic/ODEModel/substitutingParameterValues()`` first to use their values).
    ///
    /// - Complexity: one exact FDE (see ``ForwardEquivalence``) and one forward quotient,
    ///   then per round O(t'·d·log(t'·d)) to build the weighted signature vectors of the
    ///   t' quotient terms, plus per block of k classes O(k·log k + W·L) for W candidate
    ///   pairs of signature length L: candidates come from sorting by a 1-Lipschitz
    ///   projection (the coordinate sum) and sweeping a window of width ε (ε times the
    ///   largest per-splitter norm for `relative`), filtered by a second (random ±1)
    ///   projection; single linkage skips pairs already connected. Complete linkage adds
    ///   O(s·E) per connected component of s classes with E pairs within ε. Rounds: at
    ///   most the number of splits.
    public static func coarsest(_ model: ODEModel, epsilon: Rational, linkage: Linkage = .single,
                                relative: Bool = false, initial: Partition? = nil) -> Partition {
        coarsest(model, epsilon: epsilon, linkage: linkage, relative: relative, initial: initial, classes: nil)
    }

    /// As the public entry point, with explicit `classes` (a partition refining `initial` whose
    /// blocks are known to stay together; `nil` = the exact FDE). Tests pass the discrete
    /// partition to run the refinement on the full model.
    static func coarsest(_ model: ODEModel, epsilon: Rational, linkage: Linkage, relative: Bool,
                         initial: Partition?, classes: Partition?) -> Partition {
        precondition(epsilon.signum >= 0, "epsilon must be non-negative")
        let n = model.variables.count
        let initial = initial ?? .single(count: n)
        precondition(initial.elementCount == n, "initial partition must cover the variables")
        let classes = classes.map { $0.meet(initial) } ?? ForwardEquivalence.coarsest(model, initial: initial)
        let table = WeightedDerivativeTable(model: model, classes: classes)
        var previous: (set: SignatureSet, blockOf: [Int32])? = nil
        let result = ApproximateRefinement.run(
            elementCount: classes.blocks.count, initial: groupClasses(classes, by: initial),
            epsilon: epsilon, linkage: linkage, relative: relative
        ) { blockOf in
            let set = table.signatures(blockOf: blockOf, previous: previous)
            previous = (set, blockOf)
            return set
        }
        return expand(result, classes: classes)
    }

    /// D_P(i,j) (or its relative variant) straight from the definition, with generic
    /// polynomial operations: for inspection and as an independent check.
    /// - Complexity: O(t·d) expected plus sorting, for t terms of degree ≤ d.
    public static func distance(_ model: ODEModel, partition: Partition, _ i: Int, _ j: Int,
                                relative: Bool = false) -> Rational {
        let si = model.variables[i].symbol, sj = model.variables[j].symbol
        var total = Rational.zero
        for block in partition.blocks {
            var builder = PolynomialBuilder()
            for k in block { builder.add(model.equations[k]) }
            let fH = builder.build()
            let di = fH.derivative(withRespectTo: si), dj = fH.derivative(withRespectTo: sj)
            let difference = (di - dj).l1Norm
            if relative {
                let norm = max(di.l1Norm, dj.l1Norm)
                if !norm.isZero { total += difference / norm }
            } else {
                total += difference
            }
        }
        return total
    }
}

/// Derivative entries of the exact quotient over classes, weighted for x-space norms.
///
/// For class c, the entries (equation class B, monomial q of ∂g_B/∂y_c, value) with value
/// = coefficient of q in ∂g_B/∂y_c times w(q) = Π_C |C|^{e_C(q)}, grouped by c. With
/// s_μ = Σ of the coefficients of f_B's terms lumping to y^μ, g_B has coefficient
/// s_μ·Π_C |C|^{−e_C(μ)}, so for μ = q·y_c with exponent e of y_c the value is s_μ·e/|c|:
/// no powers are formed.
struct WeightedDerivativeTable {
    let classCount: Int
    var entryStart: [Int] = []
    var entryEquation: [Int32] = []
    var entryMonomial: [UInt32] = []
    var entryValue: [Rational] = []

    /// - Complexity: O(t·d) expected plus sorting, for t terms of degree ≤ d.
    init(model: ODEModel, classes: Partition) {
        classCount = classes.blocks.count
        var lumper = BlockLumper(model: model)
        let blockOf = classes.blockOf.map { Int32($0) }
        let n = Int32(model.variables.count)  // lumped symbols < n are classes
        var ids = MonomialInterner()
        var raw: [(variable: Int32, equation: Int32, monomial: UInt32, value: Rational)] = []
        for (b, block) in classes.blocks.enumerated() {
            // Sort-and-merge (PolynomialBuilder) rather than a dictionary: no monomial hashing,
            // and monomial ids come out in a deterministic order.
            var sums = PolynomialBuilder()
            for i in block {
                for t in lumper.termStart[i]..<lumper.termStart[i + 1] {
                    sums.add(lumper.coefficients[t], lumper.lumpedMonomial(term: t, blockOf: blockOf))
                }
            }
            for term in sums.build().terms {
                let s = term.coefficient
                for (position, f) in term.monomial.powers.enumerated() {
                    let c = f.symbol
                    guard c < n else { continue }
                    let e = f.exponent
                    let id = UInt32(ids.intern(term.monomial.removingOne(at: position)))
                    let size = classes.blocks[Int(c)].count
                    raw.append((c, Int32(b), id, s * Rational(Int(e), size)))
                }
            }
        }
        // Group by variable with a counting sort (stable, no element moves beyond one copy).
        var count = [Int](repeating: 0, count: classCount + 1)
        for r in raw { count[Int(r.variable) + 1] += 1 }
        for c in 0..<classCount { count[c + 1] += count[c] }
        entryStart = count
        var cursor = count
        entryEquation = [Int32](repeating: 0, count: raw.count)
        entryMonomial = [UInt32](repeating: 0, count: raw.count)
        entryValue = [Rational](repeating: .zero, count: raw.count)
        for r in raw {
            let x = cursor[Int(r.variable)]
            cursor[Int(r.variable)] += 1
            entryEquation[x] = r.equation
            entryMonomial[x] = r.monomial
            entryValue[x] = r.value
        }
    }

    /// Signature vectors under the partition `blockOf` of classes: key (H << 32 | q).
    ///
    /// With the set and partition of the previous round, a class none of whose entries'
    /// equations changed block keeps its previous signature (copied, not recomputed).
    func signatures(blockOf: [Int32], previous: (set: SignatureSet, blockOf: [Int32])? = nil) -> SignatureSet {
        var set = SignatureSet()
        set.reserveCapacity(elements: classCount, entries: entryValue.count)
        var entries: [KeyedValue] = []
        for c in 0..<classCount {
            if let previous, (entryStart[c]..<entryStart[c + 1]).allSatisfy({
                blockOf[Int(entryEquation[$0])] == previous.blockOf[Int(entryEquation[$0])]
            }) {
                set.appendCopy(of: c, from: previous.set)
                continue
            }
            entries.removeAll(keepingCapacity: true)
            for x in entryStart[c]..<entryStart[c + 1] {
                let h = UInt64(UInt32(blockOf[Int(entryEquation[x])]))
                entries.append(KeyedValue(key: h << 32 | UInt64(entryMonomial[x]), value: entryValue[x]))
            }
            entries.withUnsafeMutableBufferPointer { $0.introsort { $0.key < $1.key } }  // equal keys are summed: no need for stability
            set.appendCombining(entries)
        }
        return set
    }
}
