import Symbolic

/// Backward differential equivalence (BDE): the coarsest partition, refining a
/// given one, on whose blocks equal values stay equal.
///
/// For dx/dt = f(x) and a partition P, P is a BDE iff for all i, j in one block
/// f_i and f_j coincide as polynomials after substituting x_k ↦ z_{B(k)} (every
/// variable by the common value of its block). Then the subspace where members of
/// each block are equal is invariant, and z obeys the quotient of
/// ``Symbolic/ODEModel/backwardQuotient(by:)``. This is ERODE's backward equivalence
/// on the polynomial ODE (parameters as they are in the model: call
/// ``Symbolic/ODEModel/substitutingParameterValues()`` first to use their values).
public enum BackwardEquivalence {
    /// The coarsest BDE refining `initial` (default: one block).
    ///
    /// Round-based refinement: the signature of variable i is f_i with x_k ↦ z_{B(k)};
    /// every block whose members' signatures differ is split by signature (the largest
    /// group keeps the block id). Only equations mentioning a moved variable get a new
    /// signature, and only their blocks are regrouped in the next round.
    ///
    /// - Complexity: O(t·d·log(t·d)) per round for the t terms (degree ≤ d) whose
    ///   signatures are recomputed; since only moved variables (never the largest part of
    ///   a split) trigger recomputation, each equation is recomputed O(occurrences·log n)
    ///   times in total. Memory O(t·d).
    public static func coarsest(_ model: ODEModel, initial: Partition? = nil) -> Partition {
        let n = model.variables.count
        let initial = initial ?? .single(count: n)
        precondition(initial.elementCount == n, "initial partition must cover the variables")
        var lumper = BlockLumper(model: model)
        var partition = RefinablePartition(blocks: initial.blocks, count: n)
        // Which equations mention variable k (each once).
        var occurrences = [[Int32]](repeating: [], count: n)
        for i in 0..<n {
            var seen = Set<Int>()
            for t in model.equations[i].terms {
                for f in t.monomial.powers {
                    if let k = model.variableIndex(ofSymbol: f.symbol), seen.insert(k).inserted {
                        occurrences[k].append(Int32(i))
                    }
                }
            }
        }
        var signature = (0..<n).map { lumper.signature(of: $0, blockOf: partition.blockOf) }
        var dirtyBlocks = Set(0..<Int32(partition.blockCount))
        while !dirtyBlocks.isEmpty {
            var moved: [Int32] = []
            for b in dirtyBlocks.sorted() where partition.size(b) > 1 {
                var groups: [Polynomial: [Int32]] = [:]
                var order: [Polynomial] = []
                for i in partition.members(b) {
                    let s = signature[Int(i)]
                    if groups[s] == nil { order.append(s) }
                    groups[s, default: []].append(i)
                }
                if order.count < 2 { continue }
                // The largest group stays in `b`; the others move out.
                let keep = order.indices.max { groups[order[$0]]!.count < groups[order[$1]]!.count }!
                for (g, key) in order.enumerated() where g != keep {
                    let group = groups[key]!
                    _ = partition.split(b, moving: group)
                    moved.append(contentsOf: group)
                }
            }
            dirtyBlocks.removeAll()
            var recompute = Set<Int32>()
            for k in moved { recompute.formUnion(occurrences[Int(k)]) }
            for i in recompute {
                signature[Int(i)] = lumper.signature(of: Int(i), blockOf: partition.blockOf)
                dirtyBlocks.insert(partition.blockOf[Int(i)])
            }
        }
        return Partition(canonicalizing: partition.blocks(), count: n)
    }

    /// The partition into blocks of equal initial values (ERODE's `prePartition=IC`).
    /// - Complexity: O(n) expected.
    public static func initialValuePartition(_ model: ODEModel) -> Partition {
        var blockOfValue: [Rational: Int] = [:]
        var blocks: [[Int]] = []
        for (i, v) in model.variables.enumerated() {
            if let b = blockOfValue[v.initialValue] {
                blocks[b].append(i)
            } else {
                blockOfValue[v.initialValue] = blocks.count
                blocks.append([i])
            }
        }
        return Partition(canonicalizing: blocks, count: model.variables.count)
    }
}

/// Computes f_i with x_k ↦ z_{B(k)} over new symbols: block ids `0..<n`, and `n + s`
/// for a non-variable symbol s (so parameters never collide with blocks).
struct BlockLumper {
    /// Per equation, per term: coefficient and factors (variable index or -1 - symbol, exponent).
    let termStart: [Int]
    let coefficients: [Rational]
    private let factorStart: [Int]
    private let factorSource: [Int32]
    private let factorExponent: [Int32]
    let variableCount: Int
    private var scratch: [UInt64] = []

    init(model: ODEModel) {
        variableCount = model.variables.count
        let variableOf = model.variableIndexTable()
        let termCount = model.equations.reduce(0) { $0 + $1.count }
        var termStart = [0], coefficients: [Rational] = [], factorStart = [0]
        var factorSource: [Int32] = [], factorExponent: [Int32] = []
        termStart.reserveCapacity(model.equations.count + 1)
        coefficients.reserveCapacity(termCount)
        factorStart.reserveCapacity(termCount + 1)
        factorSource.reserveCapacity(2 * termCount)
        factorExponent.reserveCapacity(2 * termCount)
        for e in model.equations {
            for t in e.terms {
                coefficients.append(t.coefficient)
                for f in t.monomial.powers {
                    let k = variableOf[Int(f.symbol)]
                    factorSource.append(k >= 0 ? k : -1 - f.symbol)
                    factorExponent.append(Int32(f.exponent))
                }
                factorStart.append(factorSource.count)
            }
            termStart.append(coefficients.count)
        }
        self.termStart = termStart
        self.coefficients = coefficients
        self.factorStart = factorStart
        self.factorSource = factorSource
        self.factorExponent = factorExponent
    }

    /// The lumped monomial of term `t` under `blockOf`.
    @inline(__always)
    mutating func lumpedMonomial(term t: Int, blockOf: [Int32]) -> Monomial {
        scratch.removeAll(keepingCapacity: true)
        for f in factorStart[t]..<factorStart[t + 1] {
            let source = factorSource[f]
            let target: Int32 = source >= 0 ? blockOf[Int(source)] : Int32(variableCount) + (-1 - source)
            scratch.append(Monomial.sortableWord(symbol: target, exponent: Int(factorExponent[f])))
        }
        return Monomial(mergingSortableWords: &scratch)
    }

    /// f_i with x_k ↦ z_{B(k)}.
    mutating func signature(of i: Int, blockOf: [Int32]) -> Polynomial {
        var builder = PolynomialBuilder(minimumCapacity: termStart[i + 1] - termStart[i])
        for t in termStart[i]..<termStart[i + 1] {
            builder.add(coefficients[t], lumpedMonomial(term: t, blockOf: blockOf))
        }
        return builder.build()
    }
}

/// Approximate backward differential equivalence (ε-BDE).
///
/// Under a partition P, the distance of variables i and j is ‖f_i − f_j‖₁ after
/// substituting x_k ↦ z_{B(k)} (‖p‖₁ = sum of absolute coefficients); `relative`
/// divides it by max(‖f_i‖₁, ‖f_j‖₁) on that subspace (0 when both vanish). Blocks
/// are split into clusters of the ≈ε relation (see
/// ``ApproximateForwardEquivalence/Linkage``) and the distances are recomputed
/// against the refined partition until nothing splits.
///
/// Pairs that are exactly backward equivalent (in the coarsest exact BDE refining
/// `initial`) have distance 0 under every coarser partition, so the exact BDE is
/// computed first and the refinement runs on its classes. With ε = 0 the result is
/// the exact BDE.
public enum ApproximateBackwardEquivalence {
    public typealias Linkage = ApproximateForwardEquivalence.Linkage

    /// The coarsest ε-BDE refining `initial` (default: one block).
    ///
    /// - Complexity: one exact BDE, then per round O(t'·d·log(t'·d)) for the t' terms of
    ///   the exact quotient plus the candidate pairs examined (see
    ///   ``ApproximateForwardEquivalence/coarsest(_:epsilon:linkage:relative:initial:)``).
    public static func coarsest(_ model: ODEModel, epsilon: Rational, linkage: Linkage = .single,
                                relative: Bool = false, initial: Partition? = nil) -> Partition {
        precondition(epsilon.signum >= 0, "epsilon must be non-negative")
        let n = model.variables.count
        let initial = initial ?? .single(count: n)
        let classes = BackwardEquivalence.coarsest(model, initial: initial)
        if epsilon.isZero { return classes }
        let reduced = model.backwardQuotient(by: classes)
        let classCount = classes.blocks.count
        var lumper = BlockLumper(model: reduced)
        let startBlocks = groupClasses(classes, by: initial)
        let result = ApproximateRefinement.run(
            elementCount: classCount, initial: startBlocks, epsilon: epsilon, linkage: linkage, relative: relative
        ) { blockOf in
            var set = SignatureSet()
            var ids: [Monomial: UInt64] = [:]
            var entries: [KeyedValue] = []
            for c in 0..<classCount {
                entries.removeAll(keepingCapacity: true)
                for t in lumper.signature(of: c, blockOf: blockOf).terms {
                    let next = UInt64(ids.count)
                    let id = ids[t.monomial, default: next]
                    if id == next { ids[t.monomial] = id }
                    entries.append(KeyedValue(key: id, value: t.coefficient))
                }
                entries.sort { $0.key < $1.key }
                set.append(entries)
            }
            return set
        }
        return expand(result, classes: classes)
    }
}

/// Blocks of class indices: classes grouped by the `initial` block of their first member.
func groupClasses(_ classes: Partition, by initial: Partition) -> [[Int]] {
    var blockIndex: [Int: Int] = [:]
    var blocks: [[Int]] = []
    for (c, members) in classes.blocks.enumerated() {
        let b = initial.blockOf[members[0]]
        if let x = blockIndex[b] {
            blocks[x].append(c)
        } else {
            blockIndex[b] = blocks.count
            blocks.append([c])
        }
    }
    return blocks
}

/// A partition of variables from blocks of class indices.
func expand(_ blocks: [[Int]], classes: Partition) -> Partition {
    Partition(canonicalizing: blocks.map { $0.flatMap { classes.blocks[$0] } }, count: classes.elementCount)
}
