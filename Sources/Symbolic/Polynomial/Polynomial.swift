/// One term of a polynomial: a nonzero coefficient times a monomial.
public struct Term: Hashable, Sendable {
    public var monomial: Monomial
    public var coefficient: Rational
    public init(_ coefficient: Rational, _ monomial: Monomial) {
        self.coefficient = coefficient
        self.monomial = monomial
    }
}

/// A sparse multivariate polynomial with exact rational coefficients.
///
/// Terms are kept sorted by monomial with no zero coefficients, so equal
/// polynomials have equal term arrays: equality and hashing are structural
/// and printing is deterministic.
public struct Polynomial: Hashable, Sendable {
    /// The terms, sorted by monomial, coefficients nonzero.
    public private(set) var terms: [Term]

    /// The zero polynomial.
    public static let zero = Polynomial(sortedTerms: [])

    /// Wraps terms that are already sorted, merged and free of zeros (a fast path for the
    /// package's own kernels; others build polynomials with ``PolynomialBuilder``).
    /// - Requires: terms strictly increasing by monomial, no zero coefficient (checked with
    ///   internal checks on).
    package init(sortedTerms: [Term]) {
        self.terms = sortedTerms
        _checkInvariants()
    }

    /// The constant `value`.
    public init(constant value: Rational) {
        self.init(sortedTerms: value.isZero ? [] : [Term(value, .one)])
    }

    /// The polynomial `coefficient · monomial`.
    public init(_ coefficient: Rational, _ monomial: Monomial) {
        self.init(sortedTerms: coefficient.isZero ? [] : [Term(coefficient, monomial)])
    }

    /// The symbol `symbol` as a polynomial.
    public init(symbol: Int32) {
        self.init(.one, Monomial(symbol: symbol))
    }

    /// Sums arbitrary terms (any order, repeats allowed).
    public init<S: Sequence>(terms: S) where S.Element == Term {
        var builder = PolynomialBuilder()
        for t in terms { builder.add(t.coefficient, t.monomial) }
        self = builder.build()
    }

    /// Number of nonzero terms.
    @inlinable public var count: Int { terms.count }
    /// Whether this is the zero polynomial.
    @inlinable public var isZero: Bool { terms.isEmpty }

    /// Total degree (0 for constants and for zero).
    public var degree: Int { terms.reduce(0) { max($0, $1.monomial.degree) } }

    /// The constant value, if the polynomial is constant.
    public var constantValue: Rational? {
        if terms.isEmpty { return .zero }
        if terms.count == 1 && terms[0].monomial.isOne { return terms[0].coefficient }
        return nil
    }

    /// The symbols that occur, sorted.
    public var symbols: [Int32] {
        var seen = Set<Int32>()
        for t in terms { for f in t.monomial.factors { seen.insert(f.symbol) } }
        return seen.sorted()
    }

    /// The coefficient of `monomial` (zero when absent).
    /// - Complexity: O(log count) monomial comparisons.
    public func coefficient(of monomial: Monomial) -> Rational {
        var lo = 0, hi = terms.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if terms[mid].monomial == monomial { return terms[mid].coefficient }
            if terms[mid].monomial < monomial { lo = mid + 1 } else { hi = mid }
        }
        return .zero
    }

    /// The sum of absolute values of the coefficients, ‖p‖₁.
    public var l1Norm: Rational { terms.reduce(.zero) { $0 + $1.coefficient.magnitude } }

    #if DEBUG || ODERED_INTERNAL_CHECKS
    func _checkInvariants() {
        for (k, t) in terms.enumerated() {
            precondition(!t.coefficient.isZero, "zero coefficient stored")
            if k > 0 { precondition(terms[k - 1].monomial < t.monomial, "terms not sorted or not merged") }
        }
    }
    #else
    @inline(__always) func _checkInvariants() {}
    #endif
}

/// Accumulates terms in any order and produces a canonical ``Polynomial``.
///
/// Terms are appended as they come and combined once, in ``build()``, by sorting and
/// merging: comparing packed monomials is much cheaper than hashing them, and
/// accumulation from reaction networks adds each monomial only a few times.
///
/// - Complexity: O(1) amortized per ``add(_:_:)``; ``build()`` is O(t log t) for t added terms.
public struct PolynomialBuilder {
    private var pending: [Term] = []

    public init() {}
    public init(minimumCapacity: Int) { pending.reserveCapacity(minimumCapacity) }
    /// A builder holding `terms` (any order, repeats allowed, zero coefficients dropped).
    public init<S: Sequence>(terms: S) where S.Element == Term {
        pending.reserveCapacity(terms.underestimatedCount)
        for t in terms where !t.coefficient.isZero { pending.append(t) }
    }

    /// Adds `coefficient · monomial`.
    @inlinable
    public mutating func add(_ coefficient: Rational, _ monomial: Monomial) {
        if coefficient.isZero { return }
        _add(coefficient, monomial)
    }

    @usableFromInline
    mutating func _add(_ coefficient: Rational, _ monomial: Monomial) {
        pending.append(Term(coefficient, monomial))
    }

    /// Adds `scale · p`.
    public mutating func add(_ p: Polynomial, times scale: Rational = .one) {
        if scale.isZero { return }
        if scale.isOne {
            pending.append(contentsOf: p.terms)
        } else {
            for t in p.terms { pending.append(Term(t.coefficient * scale, t.monomial)) }
        }
    }

    /// Number of distinct monomials accumulated so far (including ones that cancel).
    /// - Complexity: O(t log t).
    public var monomialCount: Int { Set(pending.map(\.monomial)).count }

    /// The canonical polynomial.
    public func build() -> Polynomial {
        if pending.isEmpty { return .zero }
        // Terms added from one canonical polynomial (or in order) need no sort and no copy.
        if pending.indices.dropFirst().allSatisfy({ pending[$0 - 1].monomial < pending[$0].monomial }) {
            return Polynomial(sortedTerms: pending)
        }
        var terms = pending
        terms.withUnsafeMutableBufferPointer { $0.introsort { $0.monomial < $1.monomial } }
        var out = 0
        var k = 0
        while k < terms.count {
            var c = terms[k].coefficient
            let m = terms[k].monomial
            k += 1
            while k < terms.count && terms[k].monomial == m {
                c += terms[k].coefficient
                k += 1
            }
            if !c.isZero {
                terms[out] = Term(c, m)
                out += 1
            }
        }
        terms.removeLast(terms.count - out)
        return Polynomial(sortedTerms: terms)
    }
}
