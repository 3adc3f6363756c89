/// Caps that keep hostile input from exhausting memory (GMP aborts on out-of-memory).
public enum SymbolicLimits {
    /// Largest exponent accepted in `x^e`.
    public static let maximumExponent = 1_000
    /// Largest number of terms an intermediate product may have.
    public static let maximumTerms = 20_000_000

    /// Throws when a product of `a`- and `b`-term polynomials could exceed `limit` terms.
    @inlinable
    public static func checkProduct(_ a: Int, _ b: Int, _ limit: Int) throws(SymbolicLimitError) {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow || p > limit { throw .tooManyTerms(limit) }
    }
}

/// A size limit was hit.
public enum SymbolicLimitError: Error, CustomStringConvertible, Equatable, Sendable {
    case exponentTooLarge(Int)
    case tooManyTerms(Int)

    public var description: String {
        switch self {
        case .exponentTooLarge(let e):
            return "expected an exponent of at most \(SymbolicLimits.maximumExponent) / found \(e)"
        case .tooManyTerms(let limit):
            return "expression would expand to more than \(limit) terms"
        }
    }
}
