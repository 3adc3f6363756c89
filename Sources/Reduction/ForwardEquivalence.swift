import Symbolic

/// Forward differential equivalence (FDE): the coarsest partition, refining a
/// given one, whose block sums obey a self-contained ODE.
///
/// For dx/dt = f(x) and a partition P, let f_H = Σ_{i∈H} f_i. P is an FDE iff
/// for every block H and all i, j in one block, ∂f_H/∂x_i ≡ ∂f_H/∂x_j as
/// polynomials. Then y_B = Σ_{i∈B} x_i satisfies dy_B/dt = f_B(x_i ↦ y_{B(i)}/|B(i)|).
/// This is ERODE's forward equivalence on the mass-action encoding of the ODE.
public enum ForwardEquivalence {
    /// Statistics of one refinement run.
    public struct Statistics: Sendable {
        /// Splitters processed.
        public var splitters = 0
        /// Derivative entries gathered over all splitters.
        public var entries = 0
        /// Block splits performed.
        public var splits = 0
    }

    /// The coarsest FDE refining `initial`.
    ///
    /// Splitter-based refinement: for a splitter block H, the signature of
    /// variable k is the polynomial ∂f_H/∂x_k, assembled from precomputed
    /// derivative entries of the equations in H, combined exactly, hashed, and
    /// compared exactly; every block touched is split by signature (untouched
    /// members have signature 0). Signatures are additive in H, so when a block
    /// that already served as a splitter is split, its largest part is not
    /// re-queued (Hopcroft / Paige–Tarjan).
    ///
    /// - Complexity: O(m·d·log n · log(m·d)) for m terms of degree ≤ d and n
    ///   variables: each equation is gathered in O(log n) splitters, each
    ///   gathering sorts its entries. Memory O(m·d).
    /// - Parameters:
    ///   - equations: one right-hand side per variable.
    ///   - variableOfSymbol: maps a symbol id to its variable index (`nil` for parameters).
    ///   - initial: the partition to refine (default: one block).
    ///   - progress: called now and then with (splitters processed, blocks so far).
    public static func coarsest(
        equations: [Polynomial],
        variableOfSymbol: (Int32) -> Int?,
        initial: Partition? = nil,
        statistics: UnsafeMutablePointer<Statistics>? = nil,
        progress: ((Int, Int) -> Void)? = nil
    ) -> Partition {
        let n = equations.count
        let initial = initial ?? .single(count: n)
        precondition(initial.elementCount == n, "initial partition must cover the variables")
        let table = DerivativeTable(equations: equations, variableOfSymbol: variableOfSymbol)
        var refiner = Refiner(table: table, partition: RefinablePartition(blocks: initial.blocks, count: n))
        refiner.progress = progress
        refiner.run()
        statistics?.pointee = refiner.statistics
        return Partition(canonicalizing: refiner.partition.blocks(), count: n)
    }

    /// The coarsest FDE of a model refining `initial` (parameters as they are in `model`:
    /// call ``ODEModel/substitutingParameterValues()`` first to use their values).
    public static func coarsest(_ model: ODEModel, initial: Partition? = nil,
                                progress: ((Int, Int) -> Void)? = nil) -> Partition {
        let variableOf = model.variableIndexTable()
        return coarsest(equations: model.equations, variableOfSymbol: { variableOf[Int($0)] < 0 ? nil : Int(variableOf[Int($0)]) },
                 initial: initial, progress: progress)
    }
}
