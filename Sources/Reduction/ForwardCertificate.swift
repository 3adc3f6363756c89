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

    /// The outcome of a check.
    public enum Result: Sendable {
        /// The partition is an FDE; `reduced[b]` is g_B with Σ_{i∈B} f_i(x) = g_B(block sums),
        /// over symbols 0..<blocks (block sums) followed by the parameters.
        case equivalence(reduced: ODEModel)
        case violation(Violation)
    }

    /// Checks `partition` against `model` (use ``ODEModel/substitutingParameterValues()`` first
    /// to check for the given parameter values).
    /// - Complexity: O(t·d) expected plus sorting, for t terms of degree ≤ d.
    public static func check(_ model: ODEModel, partition: Partition) -> Result {
        if let v = firstViolation(model, partition: partition) { return .violation(v) }
        return .equivalence(reduced: model.forwardQuotient(by: partition))
    }

    /// The first violation of the FDE condition, or `nil` when `partition` is an FDE
    /// (the verdict of ``check(_:partition:)`` without building the reduced model).
    public static func firstViolation(_ model: ODEModel, partition: Partition) -> Violation? {
        let variableOf = model.variableIndexTable()
        let isVariable: (Int32) -> Bool = { variableOf[Int($0)] >= 0 }
        for (h, block) in partition.blocks.enumerated() {
            var builder = PolynomialBuilder()
            for i in block { builder.add(model.equations[i]) }
            let fH = builder.build()
            let gradient = fH.gradient(withRespectTo: isVariable)
            // Compare each variable's derivative with the first member of its block.
            var derivativeOf: [Int: Polynomial] = [:]
            for (s, p) in gradient { derivativeOf[Int(variableOf[Int(s)])] = p }
            // Only blocks containing a variable with a nonzero derivative can be violated.
            var blocksToCheck = Set<Int>()
            for i in derivativeOf.keys { blocksToCheck.insert(partition.blockOf[i]) }
            for b in blocksToCheck.sorted() {
                let members = partition.blocks[b]
                let reference = derivativeOf[members[0]] ?? .zero
                for j in members.dropFirst() {
                    let other = derivativeOf[j] ?? .zero
                    if other != reference {
                        return violation(model, h, members[0], j, reference, other)
                    }
                }
            }
        }
        return nil
    }

    static func violation(_ model: ODEModel, _ h: Int, _ i: Int, _ j: Int, _ a: Polynomial, _ b: Polynomial) -> Violation {
        let difference = a - b
        let m = difference.terms[0].monomial
        let ca = a.coefficient(of: m), cb = b.coefficient(of: m)
        let name = { (s: Int32) in model.symbols[Int(s)].name }
        let monomialText = Polynomial(.one, m).formatted(name)
        let vi = model.variables[i].name, vj = model.variables[j].name
        return Violation(
            block: h, first: i, second: j, monomial: m, firstCoefficient: ca, secondCoefficient: cb,
            text: "\(vi) and \(vj) are in one block but d f_H/d \(vi) and d f_H/d \(vj) differ at monomial \(monomialText): coefficient \(ca) vs \(cb), where H is block \(h + 1)")
    }

    /// Evaluates both sides of Σ_{i∈B} f_i(x) = g_B(block sums) at a point (exact), a cheap
    /// Schwartz–Zippel spot check of a certificate that is independent of the derivative test.
    public static func spotCheck(_ model: ODEModel, partition: Partition, reduced: ODEModel,
                                 point: (Int32) -> Rational) -> Bool {
        let blockSum = partition.blocks.map { $0.reduce(Rational.zero) { $0 + point(model.variables[$1].symbol) } }
        let parameterValue: [String: Rational] = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, point($0.symbol)) })
        for (b, block) in partition.blocks.enumerated() {
            let lhs = block.reduce(Rational.zero) { $0 + model.equations[$1].evaluate(point) }
            let rhs = reduced.equations[b].evaluate { s -> Rational in
                if let k = reduced.variableIndex(ofSymbol: s) { return blockSum[k] }
                return parameterValue[reduced.symbols[Int(s)].name]!
            }
            if lhs != rhs { return false }
        }
        return true
    }
}
