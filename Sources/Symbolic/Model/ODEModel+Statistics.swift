/// Size figures of a model (as `odered info` reports them).
public struct ModelStatistics: Equatable, Sendable {
    /// Number of state variables.
    public var variables: Int
    /// Number of parameters (with and without value; not counting constant atoms).
    public var parameters: Int
    /// Number of parameters without a value.
    public var symbolicParameters: Int
    /// Number of irrational constant atoms (``ConstantAtom``).
    public var constants: Int = 0
    /// Nonzero terms summed over all right-hand sides.
    public var terms: Int
    /// Distinct monomials over all right-hand sides.
    public var monomials: Int
    /// Largest total degree of a term in the state variables.
    public var degree: Int
    /// Variables whose right-hand side is zero.
    public var zeroDerivativeVariables: Int
}

extension ODEModel {
    /// Nonzero terms summed over all right-hand sides (``statistics`` without the monomial set).
    public var termCount: Int { equations.reduce(0) { $0 + $1.count } }

    /// Size figures of the right-hand sides as they are (call on ``substitutingParameterValues()``
    /// to count after parameter substitution, as the manifest does).
    public var statistics: ModelStatistics {
        var distinct = Set<Monomial>()
        var terms = 0
        var degree = 0
        let variableOf = variableIndexTable()
        for e in equations {
            terms += e.count
            for t in e.terms {
                distinct.insert(t.monomial)
                // The degree in the state variables (parameter and constant factors are coefficients).
                var d = 0
                for f in t.monomial.powers where variableOf[Int(f.symbol)] >= 0 { d += f.exponent }
                degree = max(degree, d)
            }
        }
        return ModelStatistics(
            variables: variables.count, parameters: parameters.count(where: { $0.atom == nil }),
            symbolicParameters: parameters.count(where: \.isSymbolic), constants: parameters.count(where: { $0.atom != nil }),
            terms: terms, monomials: distinct.count, degree: degree,
            zeroDerivativeVariables: equations.count(where: \.isZero))
    }
}
