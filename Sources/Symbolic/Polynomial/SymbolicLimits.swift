/// Caps that keep hostile input from exhausting memory (GMP aborts on out-of-memory).
public enum SymbolicLimits {
    /// Largest exponent accepted in `x^e`.
    public static let maximumExponent = 1_000
    /// Largest exponent of one symbol in a monomial (`(x^1000)^1000` is the most a
    /// model can write). Exponents are stored in 32 bits; this cap keeps sums of two
    /// and powers by ``maximumExponent`` of in-range exponents from overflowing.
    public static let maximumDegree = 1_000_000
    /// Largest number of terms an intermediate product may have.
    public static let maximumTerms = 20_000_000
    /// Largest size (numerator plus denominator bits) of an exact number built from a
    /// model's arithmetic, e.g. `(10^1000)^1000` (about 3.3 million bits) is accepted,
    /// `((10^1000)^1000)^1000` is not. About 1.2 MiB of GMP storage per number.
    public static let maximumNumberBits = 10_000_000
    /// Largest work of one expansion (a product, a power, a composition), in term products
    /// weighted by the coefficients' size in 64-bit words: about 5 s of arithmetic at most, so
    /// a hostile expression is refused at once instead of running for minutes.
    public static let maximumWork = 50_000_000
    /// Deepest nesting of parentheses and `^` chains in an expression (recursion depth).
    public static let maximumNesting = 256

    /// Throws when a product of `a`- and `b`-term polynomials could exceed `limit` terms.
    @inlinable
    public static func checkProduct(_ a: Int, _ b: Int, _ limit: Int) throws(SymbolicLimitError) {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow || p > limit { throw .tooManyTerms(limit) }
    }

    /// Throws when `products` term products on coefficients of about `bits` bits each (the two
    /// factors' sizes added) would exceed ``maximumWork``.
    @inlinable
    public static func checkWork(_ products: Int, bits: Int) throws(SymbolicLimitError) {
        let (w, overflow) = products.multipliedReportingOverflow(by: bits / 64 + 1)
        if overflow || w > maximumWork { throw .expansionTooCostly(overflow ? Int.max : w) }
    }

    /// Throws when a number of `bits` (an estimate) exceeds ``maximumNumberBits``.
    @inlinable
    public static func checkNumberBits(_ bits: Int) throws(SymbolicLimitError) {
        if bits > maximumNumberBits { throw .numberTooLarge(bits) }
    }
}

/// A size limit was hit.
public enum SymbolicLimitError: Error, CustomStringConvertible, Equatable, Sendable {
    case exponentTooLarge(Int)
    case tooManyTerms(Int)
    /// A power of a sum whose expansion could have up to `terms` terms (multinomial bound).
    case powerTooLarge(terms: Int, limit: Int)
    /// A monomial would hold a symbol to a power above ``SymbolicLimits/maximumDegree``.
    case degreeTooLarge(Int)
    /// An exact number would need about this many bits (above ``SymbolicLimits/maximumNumberBits``).
    case numberTooLarge(Int)
    /// An expansion needing about this much work (above ``SymbolicLimits/maximumWork``).
    case expansionTooCostly(Int)
    /// Parentheses or signs nested deeper than ``SymbolicLimits/maximumNesting``.
    case nestingTooDeep(Int)

    public var description: String {
        switch self {
        case .exponentTooLarge(let e):
            return "expected an exponent of at most \(SymbolicLimits.maximumExponent) / found \(e)"
        case .tooManyTerms(let limit):
            return "expected an expression of at most \(limit) terms / found one that would expand to more"
        case .powerTooLarge(let terms, let limit):
            return "expected an expression of at most \(limit) terms / found a power of a sum with up to \(terms == Int.max ? "more than 9·10^18" : String(terms)) terms"
        case .degreeTooLarge(let e):
            return "expected a power of a symbol of at most \(SymbolicLimits.maximumDegree) / found a power of \(e) or more"
        case .numberTooLarge(let bits):
            return "expected numbers of at most \(SymbolicLimits.maximumNumberBits) bits / found one of about \(bits) bits"
        case .expansionTooCostly(let work):
            return "expected an expansion of at most \(SymbolicLimits.maximumWork) term products (weighted by coefficient size) / found one needing \(work == Int.max ? "more than 9·10^18" : "about \(work)")"
        case .nestingTooDeep(let depth):
            return "expected parentheses and powers nested at most \(depth) deep / found deeper nesting"
        }
    }
}
