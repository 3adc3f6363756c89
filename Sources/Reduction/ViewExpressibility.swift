import Symbolic

/// Which views (observables) a reduced model can carry exactly.
///
/// Forward: a view v is a function of the block sums y_B = Σ_{i∈B} x_i exactly when
/// ∂v/∂x_i ≡ ∂v/∂x_j for every block and all i, j in it (the gradient of v lies in the row
/// space of the lumping matrix — the FDE condition applied to v). Then
/// v(x) = v(x_i ↦ y_{B(i)}/|B(i)|), which is what the forward quotient writes. For a linear
/// view Σ cᵢxᵢ this says cᵢ is constant on each block; a view whose coefficients differ inside
/// a block has no reading on the reduced model, and writing the block mean would be a wrong
/// observable (the mean equals the view only when the members happen to be equal).
///
/// Backward: the reduced model describes trajectories that start, and so stay, on the
/// subspace x_i = z_{B(i)}; there every view is exactly v(x_i ↦ z_{B(i)}), so every view is kept.
public enum ViewExpressibility {
    /// A view the forward quotient of a partition cannot express, with a witness.
    public struct Omission: Sendable, CustomStringConvertible {
        /// Index in ``ODEModel/views``.
        public var view: Int
        public var viewName: String
        /// Two variables of one block on which the view's partial derivatives differ.
        public var first: String
        public var second: String
        public var description: String {
            "view '\(LocatedInputError.excerpt(viewName))' is not a function of the block sums (∂/∂\(LocatedInputError.excerpt(first, limit: 40)) ≠ ∂/∂\(LocatedInputError.excerpt(second, limit: 40)) in one block); omitted from the reduced model"
        }
    }

    /// For each view of `model`, the partial derivatives by variable (zero ones left out).
    static func viewGradients(_ model: ODEModel) -> [[Int: Polynomial]] {
        model.views.map { view in
            var byVariable: [Int: Polynomial] = [:]
            for (s, d) in view.polynomial.gradient(withRespectTo: { model.variableIndex(ofSymbol: $0) != nil }) {
                byVariable[model.variableIndex(ofSymbol: s)!] = d
            }
            return byVariable
        }
    }

    /// The views of `model` the forward quotient by `partition` cannot express exactly.
    /// `model` must have the parameter values substituted the way the reduction used them.
    /// - Complexity: O(t·d log(t·d)) for the views' t terms of degree ≤ d, plus one
    ///   comparison per variable of a non-singleton block and view.
    public static func forwardOmissions(_ model: ODEModel, partition: Partition) -> [Omission] {
        precondition(partition.elementCount == model.variables.count)
        var result: [Omission] = []
        for (v, gradient) in viewGradients(model).enumerated() {
            search: for block in partition.blocks where block.count > 1 {
                let d0 = gradient[block[0]] ?? .zero
                for i in block.dropFirst() where (gradient[i] ?? .zero) != d0 {
                    result.append(Omission(view: v, viewName: model.views[v].name,
                                           first: model.variables[block[0]].name, second: model.variables[i].name))
                    break search
                }
            }
        }
        return result
    }

    /// The coarsest partition on which every view of `model` is a function of the block sums:
    /// variables grouped by the tuple of the views' partial derivatives with respect to them.
    /// Meeting the initial partition with it keeps every view expressible (CLUE's observables),
    /// since an FDE refining it only splits blocks further.
    public static func preservingPartition(_ model: ODEModel) -> Partition {
        let gradients = viewGradients(model)
        var groups: [[Polynomial]: Int] = [:]
        var blocks: [[Int]] = []
        for i in 0..<model.variables.count {
            let key = gradients.map { $0[i] ?? .zero }
            if let b = groups[key] { blocks[b].append(i) } else {
                groups[key] = blocks.count
                blocks.append([i])
            }
        }
        return Partition(canonicalizing: blocks, count: model.variables.count)
    }
}

extension ODEModel {
    /// The same model without the views at `indices`.
    public func removingViews(_ indices: some Sequence<Int>) -> ODEModel {
        let drop = Set(indices)
        var copy = self
        copy.views = views.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        return copy
    }
}
