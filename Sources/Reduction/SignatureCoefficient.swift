import Symbolic

/// The exact coefficient arithmetic the refinement needs for signatures ∂f_H/∂x_k.
///
/// Two conformances: ``Rational`` (any size, never fails) and ``SmallFraction``
/// (two machine words, no reference counting, `nil` on overflow). The refiner
/// runs each splitter with `SmallFraction` and repeats it with `Rational` if a
/// coefficient it touches does not fit or an operation overflows, so results
/// are always exact.
protocol SignatureCoefficient: Equatable {
    static var zero: Self { get }
    /// `self · e`, or `nil` on overflow.
    func times(_ e: Int32) -> Self?
    /// `self + other`, or `nil` on overflow.
    func plus(_ other: Self) -> Self?
    var isZero: Bool { get }
    /// A hash of the value; equal values give equal words.
    var hashWord: UInt64 { get }
}

extension Rational: SignatureCoefficient {
    @inline(__always) func times(_ e: Int32) -> Rational? { e == 1 ? self : self * Rational(Int(e)) }
    @inline(__always) func plus(_ other: Rational) -> Rational? { self + other }
    var hashWord: UInt64 { UInt64(bitPattern: Int64(hashValue)) }
}

/// A rational number `numerator/denominator` in lowest terms with `denominator > 0`,
/// both in `Int64` (never `Int64.min`): ``Rational``'s inline form without its GMP reference.
struct SmallFraction: SignatureCoefficient {
    var numerator: Int64
    var denominator: Int64

    static var zero: SmallFraction { SmallFraction(numerator: 0, denominator: 1) }

    /// The value of `r` if it is stored inline, otherwise ``unrepresentable``.
    init(_ r: Rational) {
        if let (n, d) = r.smallParts {
            numerator = n
            denominator = d
        } else {
            self = .unrepresentable
        }
    }

    /// Stands for a coefficient that does not fit: ``times(_:)`` fails on it, so a splitter
    /// that touches such a term is computed with ``Rational``.
    static let unrepresentable = SmallFraction(numerator: 0, denominator: 0)

    init(numerator: Int64, denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    var isZero: Bool { numerator == 0 }

    var hashWord: UInt64 {
        (UInt64(bitPattern: numerator) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(bitPattern: denominator)
    }

    @inline(__always)
    func times(_ e: Int32) -> SmallFraction? {
        if denominator == 0 { return nil }
        if e == 1 { return self }
        // e / denominator need not be coprime: cancel first so the result stays canonical.
        let g = SmallFraction.gcd(UInt64(e), denominator.magnitude)
        let (n, o) = numerator.multipliedReportingOverflow(by: Int64(e) / Int64(g))
        if o || n == .min { return nil }
        return SmallFraction(numerator: n, denominator: denominator / Int64(g))
    }

    @inline(__always)
    func plus(_ other: SmallFraction) -> SmallFraction? {
        if denominator == other.denominator {
            let (n, o) = numerator.addingReportingOverflow(other.numerator)
            if o || n == .min { return nil }
            if denominator == 1 || n == 0 { return SmallFraction(numerator: n, denominator: n == 0 ? 1 : denominator) }
            let g = Int64(SmallFraction.gcd(n.magnitude, denominator.magnitude))
            return SmallFraction(numerator: n / g, denominator: denominator / g)
        }
        // a/b + c/d with g = gcd(b, d): (a·(d/g) + c·(b/g)) / (b/g · d), then cancel.
        let g = Int64(SmallFraction.gcd(denominator.magnitude, other.denominator.magnitude))
        let (x, o1) = numerator.multipliedReportingOverflow(by: other.denominator / g)
        let (y, o2) = other.numerator.multipliedReportingOverflow(by: denominator / g)
        let (n, o3) = x.addingReportingOverflow(y)
        let (d, o4) = (denominator / g).multipliedReportingOverflow(by: other.denominator)
        if o1 || o2 || o3 || o4 || n == .min { return nil }
        if n == 0 { return .zero }
        let h = Int64(SmallFraction.gcd(n.magnitude, d.magnitude))
        return SmallFraction(numerator: n / h, denominator: d / h)
    }

    @inline(__always)
    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var a = a, b = b
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
