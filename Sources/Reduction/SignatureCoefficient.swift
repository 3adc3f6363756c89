import Symbolic

/// The exact coefficient arithmetic the refinement needs for signatures ∂f_H/∂x_k.
///
/// Three conformances: ``SmallFraction`` (two `Int64`), ``WideFraction`` (two `Int128`),
/// both without reference counting and `nil` on overflow, and ``Rational`` (any size,
/// never fails). The refiner runs each splitter in the narrowest tier and repeats it in
/// the next one if a coefficient it touches does not fit or an operation overflows, so
/// results are always exact.
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
    /// Small values mix their two words (as ``SmallFraction`` does); big ones use `hashValue`.
    var hashWord: UInt64 {
        if let (n, d) = smallParts { return SmallFraction(numerator: n, denominator: d).hashWord }
        return UInt64(bitPattern: Int64(hashValue))
    }
}

/// A rational number `numerator/denominator` in lowest terms with `denominator > 0`, both
/// machine words (never `Word.min`): no reference counting, `nil` on overflow.
struct MachineFraction<Word: FixedWidthInteger & SignedInteger>: SignatureCoefficient where Word.Magnitude: UnsignedInteger {
    var numerator: Word
    var denominator: Word

    static var zero: MachineFraction { MachineFraction(numerator: 0, denominator: 1) }

    /// Stands for a coefficient that does not fit: ``times(_:)`` fails on it, so a splitter
    /// that touches such a term is computed with a wider type.
    static var unrepresentable: MachineFraction { MachineFraction(numerator: 0, denominator: 0) }

    init(numerator: Word, denominator: Word) {
        self.numerator = numerator
        self.denominator = denominator
    }

    var isZero: Bool { numerator == 0 }

    var hashWord: UInt64 {
        var h = Mix64.fold(0, UInt64(truncatingIfNeeded: numerator)) ^ UInt64(truncatingIfNeeded: denominator)
        if Word.bitWidth > 64 {
            h ^= Mix64.fold(0, UInt64(truncatingIfNeeded: numerator >> 64), by: Mix64.second) ^ UInt64(truncatingIfNeeded: denominator >> 64)
        }
        return h
    }

    @inline(__always)
    func times(_ e: Int32) -> MachineFraction? {
        if denominator == 0 { return nil }
        if e == 1 { return self }
        return FractionKernel.scaled(numerator, denominator, by: Word(e)).map { MachineFraction(numerator: $0.numerator, denominator: $0.denominator) }
    }

    @inline(__always)
    func plus(_ other: MachineFraction) -> MachineFraction? {
        if denominator == 0 || other.denominator == 0 { return nil }
        return FractionKernel.sum(numerator, denominator, other.numerator, other.denominator).map { MachineFraction(numerator: $0.numerator, denominator: $0.denominator) }
    }
}

/// `Rational`'s inline form without its GMP reference: the first tier of the refinement.
typealias SmallFraction = MachineFraction<Int64>

/// 128-bit fractions: the second tier, for decimal constants with up to about 38 digits.
typealias WideFraction = MachineFraction<Int128>

extension MachineFraction where Word == Int64 {
    /// The value of `r` if it is stored inline, otherwise ``unrepresentable``.
    init(_ r: Rational) {
        if let (n, d) = r.smallParts { self.init(numerator: n, denominator: d) } else { self = .unrepresentable }
    }
}

extension MachineFraction where Word == Int128 {
    /// The value of `r` if it fits 128-bit words, otherwise ``unrepresentable``.
    init(_ r: Rational) {
        if let (n, d) = r.int128Parts { self.init(numerator: n, denominator: d) } else { self = .unrepresentable }
    }
}

/// An exact running sum of ``Rational`` values: in machine-word fractions while the values
/// and partial sums fit, in `Rational` from the first one that does not.
struct ExactSum {
    private var small = SmallFraction.zero
    private var exact: Rational? = nil

    /// Adds `value` (or subtracts it when `negated`).
    @inline(__always)
    mutating func add(_ value: Rational, negated: Bool = false) {
        if exact == nil, let (n, d) = value.smallParts,
           let sum = small.plus(SmallFraction(numerator: negated ? -n : n, denominator: d)) {
            small = sum
            return
        }
        var total = exact ?? Rational(Int(small.numerator), Int(small.denominator))
        if negated { total -= value } else { total += value }
        exact = total
    }

    var value: Rational { exact ?? Rational(Int(small.numerator), Int(small.denominator)) }
}
