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
        lumped(by: partition, averagingMembers: false, nameSuffix: "_reduced")
    }

    /// The backward (restricted) model of a partition: one variable z_B per block, named
    /// after the block's first-declared member, with dz_B/dt the mean over i∈B of
    /// f_i(x_k ↦ z_{B(k)}), initial value the mean of the members' initial values,
    /// parameters kept.
    ///
    /// For a BDE all members' right-hand sides coincide on the subspace, so the mean is
    /// each of them and z_B(t) = x_i(t) for every i∈B whenever the members start equal.
    /// - Complexity: O(t·d) plus sorting, for t terms of degree ≤ d.
    public func backwardQuotient(by partition: Partition) -> ODEModel {
        lumped(by: partition, averagingMembers: true, nameSuffix: "_backward")
    }

    /// The shared construction of both quotients. Forward: sum the members' equations and
    /// substitute x_i ↦ y_B/|B| (the block variable is a sum). Backward: average the members'
    /// equations and substitute x_i ↦ z_B (the block variable is the common value).
    private func lumped(by partition: Partition, averagingMembers: Bool, nameSuffix: String) -> ODEModel {
        precondition(partition.elementCount == variables.count)
        let blockCount = partition.blocks.count
        let sizes = partition.blocks.map { Rational(1, $0.count) }
        var names: [String] = []
        var initial: [Rational] = []
        for (b, block) in partition.blocks.enumerated() {
            names.append(variables[block[0]].name)
            let sum = block.reduce(Rational.zero) { $0 + variables[$1].initialValue }
            initial.append(averagingMembers ? sum * sizes[b] : sum)
        }
        // New symbols: blocks 0..<B, then the parameters in order (tables indexed by old symbol).
        var parameterTarget: [Int32: Int32] = [:]
        for (j, p) in parameters.enumerated() { parameterTarget[p.symbol] = Int32(blockCount + j) }
        var targets = [Int32](repeating: 0, count: symbols.count)
        var scales = [Rational](repeating: .one, count: symbols.count)
        for (s, symbol) in symbols.enumerated() {
            switch symbol.kind {
            case .variable(let i):
                let b = partition.blockOf[i]
                targets[s] = Int32(b)
                if !averagingMembers { scales[s] = sizes[b] }
            case .parameter:
                targets[s] = parameterTarget[Int32(s)]!
            }
        }
        var equations: [Polynomial] = []
        equations.reserveCapacity(blockCount)
        for (b, block) in partition.blocks.enumerated() {
            // Rename every member's terms into one builder: a single sort combines them.
            var builder = PolynomialBuilder()
            for i in block {
                builder.add(self.equations[i], renamingSymbols: targets, scales: scales, times: averagingMembers ? sizes[b] : .one)
            }
            equations.append(builder.build())
        }
        var reduced = ODEModel(
            name: name + nameSuffix, variableNames: names, initialValues: initial,
            parameters: parameters.map { ($0.name, $0.value) }, equations: equations)
        for (j, p) in parameters.enumerated() { reduced.copyValueDetails(from: p, toParameter: j, renamingSymbols: targets) }
        reduced.views = views.map { View(name: $0.name, polynomial: $0.polynomial.renamingSymbols(targets: targets, scales: scales)) }
        reduced.statedAsReactions = statedAsReactions
        return reduced
    }
}
