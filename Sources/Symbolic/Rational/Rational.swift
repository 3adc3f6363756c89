import CGMP

/// An exact rational number.
///
/// Values whose numerator and denominator both fit in `Int64` (excluding
/// `Int64.min`) are stored inline and computed with overflow-checked machine
/// arithmetic; everything else lives in a GMP `mpq_t`. The representation is
/// canonical — lowest terms, positive denominator, and the inline form whenever
/// the value fits — so equality and hashing never need GMP for small values and
/// a big value is never equal to a small one.
///
/// `Rational` is a value type; GMP storage is immutable once published.
public struct Rational: @unchecked Sendable {
    /// Numerator of the inline form (meaningless when `big` is set).
    @usableFromInline internal var num: Int64
    /// Denominator of the inline form, > 0 (meaningless when `big` is set).
    @usableFromInline internal var den: Int64
    /// GMP storage for values that do not fit the inline form.
    @usableFromInline internal var big: MPQStorage?

    /// Creates an inline value; the caller guarantees canonical form.
    @inlinable @inline(__always)
    internal init(canonicalNumerator: Int64, denominator: Int64) {
        self.num = canonicalNumerator
        self.den = denominator
        self.big = nil
    }

    @inlinable @inline(__always)
    internal init(bigStorage: MPQStorage) {
        self.num = 0
        self.den = 1
        self.big = bigStorage
    }

    /// Wraps GMP storage, demoting to the inline form if the value fits.
    @usableFromInline
    internal init(storage: MPQStorage) {
        let p = storage.pointer
        var n: Int64 = 0
        var d: Int64 = 0
        let fits = withExtendedLifetime(storage) {
            odered_mpz_get_i64(odered_mpq_numref_const(p), &n) != 0
                && odered_mpz_get_i64(odered_mpq_denref_const(p), &d) != 0
        }
        if fits {
            self.init(canonicalNumerator: n, denominator: d)
        } else {
            self.init(bigStorage: storage)
        }
    }

    /// Zero.
    public static let zero = Rational(canonicalNumerator: 0, denominator: 1)
    /// One.
    public static let one = Rational(canonicalNumerator: 1, denominator: 1)

    /// The integer `value`.
    @inlinable
    public init(_ value: Int) {
        if value == Int(Int64.min) {
            self.init(storage: MPQStorage.make(numerator: Int64(value), denominator: 1))
        } else {
            self.init(canonicalNumerator: Int64(value), denominator: 1)
        }
    }

    /// The fraction `numerator/denominator` in lowest terms.
    /// - Precondition: `denominator != 0`.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "Rational with zero denominator")
        let n = Int64(numerator), d = Int64(denominator)
        if n != .min && d != .min {
            let g = FractionKernel.gcd(n.magnitude, d.magnitude)
            let sign: Int64 = d < 0 ? -1 : 1
            self.init(canonicalNumerator: sign * n / Int64(g), denominator: sign * d / Int64(g))
        } else {
            self.init(storage: MPQStorage.make(numerator: n, denominator: d))
        }
    }

    /// Whether the value is stored inline (fits `Int64/Int64`).
    @inlinable public var isSmall: Bool { big == nil }

    /// Whether the value is zero.
    @inlinable public var isZero: Bool { big == nil && num == 0 }

    /// Whether the value is one.
    @inlinable public var isOne: Bool { big == nil && num == 1 && den == 1 }

    /// Whether the value is an integer.
    public var isInteger: Bool {
        guard let big else { return den == 1 }
        return withExtendedLifetime(big) { odered_mpz_cmp_ui(odered_mpq_denref_const(big.pointer), 1) == 0 }
    }

    /// -1, 0 or 1.
    @inlinable
    public var signum: Int {
        if big == nil { return num == 0 ? 0 : (num < 0 ? -1 : 1) }
        return Int(_bigSignum())
    }

    @usableFromInline @inline(never)
    internal func _bigSignum() -> Int32 {
        withExtendedLifetime(big!) { odered_mpq_sgn(big!.pointer) }
    }

    /// Runs `body` with a GMP view of this value (temporary storage for inline values).
    @usableFromInline
    internal func withMPQ<R>(_ body: (UnsafePointer<__mpq_struct>) throws -> R) rethrows -> R {
        let storage = big ?? MPQStorage.make(numerator: num, denominator: den)
        return try withExtendedLifetime(storage) { try body(UnsafePointer(storage.pointer)) }
    }

    #if DEBUG || ODERED_INTERNAL_CHECKS
    /// Checks the canonical-form invariant.
    internal func _checkInvariants() {
        if big == nil {
            precondition(den > 0 && num != .min)
            precondition(FractionKernel.gcd(num.magnitude, den.magnitude) == 1 || num == 0 && den == 1)
        } else {
            var n: Int64 = 0, d: Int64 = 0
            withExtendedLifetime(big!) {
                let p = big!.pointer
                let fits = odered_mpz_get_i64(odered_mpq_numref_const(p), &n) != 0
                    && odered_mpz_get_i64(odered_mpq_denref_const(p), &d) != 0
                precondition(!fits, "big rational that fits inline")
            }
        }
    }
    #else
    @inline(__always) internal func _checkInvariants() {}
    #endif
}

extension Rational: Equatable {
    @inlinable
    public static func == (a: Rational, b: Rational) -> Bool {
        if a.big == nil && b.big == nil { return a.num == b.num && a.den == b.den }
        if a.big == nil || b.big == nil { return false }  // canonical: big never equals small
        return _bigCompare(a, b) == 0
    }

    @usableFromInline @inline(never)
    internal static func _bigCompare(_ a: Rational, _ b: Rational) -> Int32 {
        a.withMPQ { pa in b.withMPQ { pb in odered_mpq_cmp(pa, pb) } }
    }
}

extension Rational: Hashable {
    @inlinable
    public func hash(into hasher: inout Hasher) {
        if big == nil {
            hasher.combine(num)
            hasher.combine(den)
        } else {
            _bigHash(into: &hasher)
        }
    }

    @usableFromInline @inline(never)
    internal func _bigHash(into hasher: inout Hasher) {
        withExtendedLifetime(big!) {
            let p = big!.pointer
            for z in [odered_mpq_numref_const(p), odered_mpq_denref_const(p)] {
                hasher.combine(odered_mpz_sgn(z!))
                let n = odered_mpz_size(z!)
                for i in 0..<n { hasher.combine(odered_mpz_getlimbn(z!, mp_size_t(i))) }
            }
        }
    }
}

extension Rational: Comparable {
    @inlinable
    public static func < (a: Rational, b: Rational) -> Bool {
        if a.big == nil && b.big == nil {
            if a.den == b.den { return a.num < b.num }
            let l = a.num.multipliedFullWidth(by: b.den)
            let r = b.num.multipliedFullWidth(by: a.den)
            return (l.high, l.low) < (r.high, r.low)
        }
        return _bigCompare(a, b) < 0
    }
}

extension Rational: ExpressibleByIntegerLiteral {
    @inlinable
    public init(integerLiteral value: Int) { self.init(value) }
}
