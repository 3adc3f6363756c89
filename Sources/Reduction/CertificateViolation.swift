import Symbolic

/// A witness that a partition is not an equivalence: two variables of one block and a
/// monomial where the compared polynomials differ, with both coefficients.
///
/// Forward (FDE): the polynomials are ∂f_H/∂x_first and ∂f_H/∂x_second for the block H = `block`.
/// Backward (BDE): they are f_first and f_second restricted to equal block values, both
/// variables in `block`.
public struct CertificateViolation: Sendable, CustomStringConvertible {
    /// The block the witness refers to (see the type's description).
    public var block: Int
    /// Two variables of one block (indices into the model's variables).
    public var first: Int
    public var second: Int
    /// A monomial where the two polynomials differ, and their coefficients of it.
    public var monomial: Monomial
    public var firstCoefficient: Rational
    public var secondCoefficient: Rational
    /// A one-line explanation naming the variables and the monomial.
    public var text: String

    public init(block: Int, first: Int, second: Int, monomial: Monomial,
                firstCoefficient: Rational, secondCoefficient: Rational, text: String) {
        self.block = block
        self.first = first
        self.second = second
        self.monomial = monomial
        self.firstCoefficient = firstCoefficient
        self.secondCoefficient = secondCoefficient
        self.text = text
    }

    public var description: String { text }

    /// A block named by its members, `{a, b, c, … (12 variables)}`: a position in the partition
    /// file would not do, since unlisted variables form an implicit block of their own.
    static func blockText(_ model: ODEModel, _ block: [Int]) -> String {
        let names = block.prefix(3).map { LocatedInputError.excerpt(model.variables[$0].name, limit: 40) }
        return "{" + names.joined(separator: ", ") + (block.count > 3 ? ", … (\(block.count) variables)" : "") + "}"
    }
}

/// The outcome of a certificate check (``ForwardCertificate/check(_:partition:)``,
/// ``BackwardCertificate/check(_:partition:)``).
public enum CertificateResult: Sendable {
    /// The partition is an equivalence; `reduced` is the corresponding quotient model.
    case equivalence(reduced: ODEModel)
    case violation(CertificateViolation)
}
