import Symbolic

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
