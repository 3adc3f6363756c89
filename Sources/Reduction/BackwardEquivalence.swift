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
