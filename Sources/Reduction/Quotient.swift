import Symbolic

extension ODEModel {
    /// The forward (lumped) model of a partition: one variable y_B per block, named
    /// after the block's first-declared member, with dy_B/dt = Σ_{i∈B} f_i evaluated at
    /// x_i = y_{B(i)}/|B(i)|, initial value Σ_{i∈B} x_i(0), parameters kept.
    ///
    /// For an FDE this is exact: y_B(t) = Σ_{i∈B} x_i(t). For an approximate partition the
    /// members are averaged (see ``ApproximateForwardEquivalence/residuals(_:partition:)``).
    /// - Complexity: O(t·d) plus sorting, for t terms of degree ≤ d.
    public func forwardQuotient(by partition: Partition) -> ODEModel {
        precondition(partition.elementCount == variables.count)
        let blockCount = partition.blocks.count
        var names: [String] = []
        var initial: [Rational] = []
        for block in partition.blocks {
            names.append(variables[block[0]].name)
            initial.append(block.reduce(Rational.zero) { $0 + variables[$1].initialValue })
        }
        // New symbols: blocks 0..<B, then the parameters in order.
        var parameterTarget: [Int32: Int32] = [:]
        for (j, p) in parameters.enumerated() { parameterTarget[p.symbol] = Int32(blockCount + j) }
        // x_i ↦ y_{B(i)} / |B(i)|, parameters to their new ids (tables indexed by old symbol).
        var targets = [Int32](repeating: 0, count: symbols.count)
        var scales = [Rational](repeating: .one, count: symbols.count)
        for (s, symbol) in symbols.enumerated() {
            switch symbol.kind {
            case .variable(let i):
                let b = partition.blockOf[i]
                targets[s] = Int32(b)
                scales[s] = Rational(1, partition.blocks[b].count)
            case .parameter:
                targets[s] = parameterTarget[Int32(s)]!
            }
        }
        var equations: [Polynomial] = []
        equations.reserveCapacity(blockCount)
        for block in partition.blocks {
            var builder = PolynomialBuilder()
            for i in block { builder.add(self.equations[i]) }
            equations.append(builder.build().renamingSymbols(targets: targets, scales: scales))
        }
        var reduced = ODEModel(
            name: name + "_reduced", variableNames: names, initialValues: initial,
            parameters: parameters.map { ($0.name, $0.value) }, equations: equations)
        for (j, p) in parameters.enumerated() { reduced.parameters[j].expression = p.expression }
        // Views become expressions of the block variables where they are block sums; others are averaged.
        reduced.views = views.map { View(name: $0.name, polynomial: $0.polynomial.renamingSymbols(targets: targets, scales: scales)) }
        return reduced
    }
}
