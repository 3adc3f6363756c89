import Symbolic

extension ODEModel {
    /// The backward (restricted) model of a partition: one variable z_B per block, named
    /// after the block's first-declared member, with dz_B/dt the mean over i∈B of
    /// f_i(x_k ↦ z_{B(k)}), initial value the mean of the members' initial values,
    /// parameters kept.
    ///
    /// For a BDE all members' right-hand sides coincide on the subspace, so the mean is
    /// each of them and z_B(t) = x_i(t) for every i∈B whenever the members start equal.
    /// - Complexity: O(t·d) plus sorting, for t terms of degree ≤ d.
    public func backwardQuotient(by partition: Partition) -> ODEModel {
        precondition(partition.elementCount == variables.count)
        let blockCount = partition.blocks.count
        var names: [String] = []
        var initial: [Rational] = []
        for block in partition.blocks {
            names.append(variables[block[0]].name)
            let sum = block.reduce(Rational.zero) { $0 + variables[$1].initialValue }
            initial.append(sum * Rational(1, block.count))
        }
        // New symbols: blocks 0..<B, then the parameters in order.
        var parameterTarget: [Int32: Int32] = [:]
        for (j, p) in parameters.enumerated() { parameterTarget[p.symbol] = Int32(blockCount + j) }
        let rename: (Int32) -> (symbol: Int32, scale: Rational)? = { s in
            if let i = self.variableIndex(ofSymbol: s) { return (Int32(partition.blockOf[i]), .one) }
            return (parameterTarget[s]!, .one)
        }
        var equations: [Polynomial] = []
        equations.reserveCapacity(blockCount)
        for block in partition.blocks {
            var builder = PolynomialBuilder()
            let mean = Rational(1, block.count)
            for i in block { builder.add(self.equations[i], times: mean) }
            equations.append(builder.build().renamingSymbols(rename))
        }
        var reduced = ODEModel(
            name: name + "_backward", variableNames: names, initialValues: initial,
            parameters: parameters.map { ($0.name, $0.value) }, equations: equations)
        for (j, p) in parameters.enumerated() { reduced.parameters[j].expression = p.expression }
        // On the subspace every member equals its block's variable.
        reduced.views = views.map { View(name: $0.name, polynomial: $0.polynomial.renamingSymbols(rename)) }
        return reduced
    }
}
