/// Size figures of a model (as `odered info` reports them).
public struct ModelStatistics: Equatable, Sendable {
    /// Number of state variables.
    public var variables: Int
    /// Number of parameters (with and without value).
    public var parameters: Int
    /// Number of parameters without a value.
    public var symbolicParameters: Int
    /// Nonzero terms summed over all right-hand sides.
    public var terms: Int
    /// Distinct monomials over all right-hand sides.
    public var monomials: Int
    /// Largest total degree of a term.
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
        for e in equations {
            terms += e.count
            for t in e.terms {
                distinct.insert(t.monomial)
                degree = max(degree, t.monomial.degree)
            }
        }
        return ModelStatistics(
            variables: variables.count, parameters: parameters.count,
            symbolicParameters: parameters.count(where: { $0.value == nil }),
            terms: terms, monomials: distinct.count, degree: degree,
            zeroDerivativeVariables: equations.count(where: \.isZero))
    }
}
