/// Fraction arithmetic on machine words: the one kernel behind ``Rational``'s inline fast
/// path and the 64- and 128-bit fraction tiers of the reduction engine.
///
/// A fraction is a pair (n, d) in lowest terms with d > 0 and neither word equal to `W.min`
/// (so negation and magnitudes never overflow). Every operation returns a fraction of that
/// form, or `nil` when an intermediate product or the result does not fit; callers then fall
/// back to a wider representation, so results are always exact.
@usableFromInline
package enum FractionKernel {
    /// Binary gcd (Stein's algorithm; Knuth, TAOCP vol. 2, 4.5.2, Algorithm B):
    /// shifts and subtractions, no division. gcd(0, b) = b.
    /// - Complexity: O(bit width) iterations.
    ///
    /// Not forced inline: callers such as `Rational.*` stay small enough to be inlined themselves.
    @inlinable
    package static func gcd<M: FixedWidthInteger & UnsignedInteger>(_ a: M, _ b: M) -> M {
        var a = a, b = b
        if a == 0 { return b }
        if b == 0 { return a }
        let shift = (a | b).trailingZeroBitCount
        a >>= a.trailingZeroBitCount
        repeat {
            b >>= b.trailingZeroBitCount
            if a > b { swap(&a, &b) }
            b -= a
        } while b != 0
        return a << shift
    }

    /// an/ad + bn/bd in lowest terms, or `nil` on overflow.
    ///
    /// With g = gcd(ad, bd) the sum is t / (ad/g · bd) for t = an·(bd/g) + bn·(ad/g), and
    /// gcd(t, ad/g · bd) = gcd(t, g) when both inputs are in lowest terms (TAOCP vol. 2, 4.5.1),
    /// so one gcd of small arguments replaces the full reduction of the product.
    /// - Requires: both inputs in the form described on ``FractionKernel``.
    @inlinable @inline(__always)
    package static func sum<W: FixedWidthInteger & SignedInteger>(
        _ an: W, _ ad: W, _ bn: W, _ bd: W
    ) -> (numerator: W, denominator: W)? {
        if ad == bd {
            let (s, o) = an.addingReportingOverflow(bn)
            if o || s == .min { return nil }
            if ad == 1 { return (s, 1) }
            let g = W(truncatingIfNeeded: gcd(s.magnitude, ad.magnitude))  // s = 0 gives g = ad: 0/1
            return (s / g, ad / g)
        }
        let g = W(truncatingIfNeeded: gcd(ad.magnitude, bd.magnitude))
        let adg = ad / g, bdg = bd / g
        let (t1, o1) = an.multipliedReportingOverflow(by: bdg)
        let (t2, o2) = bn.multipliedReportingOverflow(by: adg)
        let (t, o3) = t1.addingReportingOverflow(t2)
        if o1 || o2 || o3 || t == .min { return nil }
        // t ≠ 0 here: with different denominators in lowest terms the sum cannot vanish.
        if g == 1 {
            let (d, o4) = ad.multipliedReportingOverflow(by: bd)
            return o4 ? nil : (t, d)
        }
        let g2 = W(truncatingIfNeeded: gcd(t.magnitude, g.magnitude))
        let (d, o4) = adg.multipliedReportingOverflow(by: bd / g2)
        return o4 ? nil : (t / g2, d)
    }

    /// (n/d) · e in lowest terms for a nonzero integer `e`, or `nil` on overflow.
    /// - Requires: `e != 0`, (n, d) in the form described on ``FractionKernel``.
    @inlinable @inline(__always)
    package static func scaled<W: FixedWidthInteger & SignedInteger>(
        _ n: W, _ d: W, by e: W
    ) -> (numerator: W, denominator: W)? {
        // e and d need not be coprime: cancel first so the result stays in lowest terms.
        // e is small (an exponent): one remainder brings d down to its size first, so the
        // binary gcd runs on small words (gcd(e, d) = gcd(e, d mod e)).
        let g = W(truncatingIfNeeded: gcd(e.magnitude, d.magnitude % e.magnitude))
        let (p, o) = n.multipliedReportingOverflow(by: e / g)
        if o || p == .min { return nil }
        return (p, d / g)
    }
}
