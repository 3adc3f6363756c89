import Symbolic

/// The exact, independent check of a claimed forward differential equivalence.
///
/// It uses only the generic ``Polynomial`` operations (not the refinement's
/// tables): for every block H it forms f_H = Σ_{i∈H} f_i, takes all partial
/// derivatives in one pass and compares them exactly across each block.
public enum ForwardCertificate {
    /// A witness that a partition is not an FDE; ``CertificateViolation/block`` is the block H
    /// whose sum f_H distinguishes the two variables.
    public typealias Violation = CertificateViolation

    /// The outcome of a check: for an FDE, `reduced` holds g_B with Σ_{i∈B} f_i(x) = g_B(block sums),
    /// over symbols 0..<blocks (block sums) followed by the parameters.
    public typealias Result = CertificateResult

    /// Checks `partition` against `model` (use ``ODEModel/substitutingParameterValues()`` first
    /// to check for the given parameter values).
    /// - Complexity: O(t·d) expected plus sorting, for t terms of degree ≤ d.
    public static func check(_ model: ODEModel, partition: Partition) -> Result {
        if let v = firstViolation(model, partition: partition) { return .violation(v) }
        return .equivalence(reduced: model.forwardQuotient(by: partition))
    }

    /// The first violation of the FDE condition, or `nil` when `partition` is an FDE
    /// (the verdict of ``check(_:partition:)`` without building the reduced model).
    /// - Parameter progress: called every 1024 blocks with (blocks checked, blocks).
    public static func firstViolation(_ model: ODEModel, partition: Partition,
                                      progress: ((Int, Int) -> Void)? = nil) -> Violation? {
        let variableOf = model.variableIndexTable()
        let isVariable: (Int32) -> Bool = { variableOf[Int($0)] >= 0 }
        // Per variable: its derivative's position in the current gradient (-1 = zero).
        var slot = [Int](repeating: -1, count: model.variables.count)
        for (h, block) in partition.blocks.enumerated() {
            if let progress, h & 1023 == 0 { progress(h, partition.blocks.count) }
            // ∂f_H/∂x_k for all k. f_H = Σ_{i∈H} f_i is formed first: flux within H cancels there.
            var builder = PolynomialBuilder()
            for i in block { builder.add(model.equations[i]) }
            let gradient = builder.build().gradient(withRespectTo: isVariable)
            for (position, entry) in gradient.enumerated() { slot[Int(variableOf[Int(entry.symbol)])] = position }
            defer { for entry in gradient { slot[Int(variableOf[Int(entry.symbol)])] = -1 } }
            func derivative(_ k: Int) -> Polynomial { slot[k] < 0 ? .zero : gradient[slot[k]].derivative }
            // Only blocks containing a variable with a nonzero derivative can be violated;
            // compare each member's derivative with the block's first member.
            var blocksToCheck = gradient.map { partition.blockOf[Int(variableOf[Int($0.symbol)])] }
            blocksToCheck.sort()
            var previous = -1
            for b in blocksToCheck where b != previous {
                previous = b
                let members = partition.blocks[b]
                let reference = derivative(members[0])
                for j in members.dropFirst() {
                    let other = derivative(j)
                    if other != reference {
                        return violation(model, h, partition.blocks[h], members[0], j, reference, other)
                    }
                }
            }
        }
        return nil
    }

    static func violation(_ model: ODEModel, _ h: Int, _ block: [Int], _ i: Int, _ j: Int, _ a: Polynomial, _ b: Polynomial) -> Violation {
        let difference = a - b
        let m = difference.terms[0].monomial
        let ca = a.coefficient(of: m), cb = b.coefficient(of: m)
        let name = { (s: Int32) in model.symbols[Int(s)].name }
        let monomialText = Polynomial(.one, m).formatted(name)
        let vi = model.variables[i].name, vj = model.variables[j].name
        return Violation(
            block: h, first: i, second: j, monomial: m, firstCoefficient: ca, secondCoefficient: cb,
            text: "\(vi) and \(vj) are in one block but d f_H/d \(vi) and d f_H/d \(vj) differ at monomial \(monomialText): coefficient \(ca) vs \(cb), where H is the block \(CertificateViolation.blockText(model, block))")
    }
}
