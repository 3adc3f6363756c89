import Testing
import TestSupport
@testable import Symbolic

/// The machine-word fraction kernel against GMP: whenever it answers, the answer is the exact
/// value in lowest terms with a positive denominator, for 64- and 128-bit words, on operands
/// of every size up to the words' limits (where the cancellation tricks matter most).
@Suite("Fraction kernel")
struct FractionKernelTests {
    /// A random value of about `bits` bits (never `W.min`).
    static func word<W: FixedWidthInteger & SignedInteger>(_ rng: inout SplitMix64, bits: Int, as: W.Type) -> W {
        var x: W = 0
        for _ in 0..<((bits + 63) / 64) { x = (x << 64) | W(truncatingIfNeeded: rng.next()) }
        let shift = W.bitWidth - 1 - bits
        x = (x << 1) >> 1  // non-negative
        return shift > 0 ? x >> shift : x
    }

    /// A fraction in lowest terms with a positive denominator, built through `Rational` (GMP).
    static func fraction<W: FixedWidthInteger & SignedInteger>(_ rng: inout SplitMix64, as: W.Type) -> (W, W, Rational) {
        while true {
            let n = word(&rng, bits: Int(rng.next() % UInt64(W.bitWidth - 1)), as: W.self)
            let d = max(1, word(&rng, bits: Int(rng.next() % UInt64(W.bitWidth - 1)), as: W.self))
            let signed = rng.next() & 1 == 0 ? n : -n
            let r = try! Rational(parsing: "\(signed)/\(d)")  // test-built text, always valid
            // Back to words in lowest terms (the kernel's precondition).
            guard let parts = r.int128Parts,
                  let pn = W(exactly: parts.numerator), let pd = W(exactly: parts.denominator) else { continue }
            return (pn, pd, r)
        }
    }

    static func value<W: FixedWidthInteger & SignedInteger>(_ p: (numerator: W, denominator: W)) -> Rational {
        try! Rational(parsing: "\(p.numerator)/\(p.denominator)")
    }

    static func expectLowestTerms<W: FixedWidthInteger & SignedInteger>(_ p: (numerator: W, denominator: W)) {
        #expect(p.denominator > 0 && p.numerator != .min && p.denominator != .min)
        #expect(FractionKernel.gcd(p.numerator.magnitude, p.denominator.magnitude) == 1)
    }

    func checkSums<W: FixedWidthInteger & SignedInteger>(_: W.Type, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var answered = 0
        for _ in 0..<4000 {
            let (an, ad, a) = Self.fraction(&rng, as: W.self)
            let (bn, bd, b) = Self.fraction(&rng, as: W.self)
            // Equal denominators take their own branch: exercise it too.
            let (cn, cd) = rng.next() % 4 == 0 ? (bn, ad) : (bn, bd)
            guard FractionKernel.gcd(cn.magnitude, cd.magnitude) == 1 else { continue }
            let c = cd == bd ? b : Self.value((cn, cd))
            if let s = FractionKernel.sum(an, ad, cn, cd) {
                answered += 1
                #expect(Self.value(s) == Rational._gmpAdd(a, c), "\(an)/\(ad) + \(cn)/\(cd)")
                Self.expectLowestTerms(s)
            }
        }
        #expect(answered > 1000)  // the kernel answers most sums of operands this size
    }

    @Test func sumsAreExactInLowestTerms64() { checkSums(Int64.self, seed: 11) }
    @Test func sumsAreExactInLowestTerms128() { checkSums(Int128.self, seed: 12) }

    @Test func scalingByExponentsCancels() {
        var rng = SplitMix64(seed: 13)
        for _ in 0..<4000 {
            let (n, d, r) = Self.fraction(&rng, as: Int64.self)
            let e = Int64(rng.next() % 64 + 1)
            if let p = FractionKernel.scaled(n, d, by: e) {
                #expect(Self.value(p) == Rational._gmpMul(r, Rational(Int(e))))
                Self.expectLowestTerms(p)
            }
        }
        // d = 6, e = 4: gcd 2 must be cancelled (3/6 is not in lowest terms; 5/6 · 4 = 10/3).
        #expect(FractionKernel.scaled(Int64(5), 6, by: 4).map { [$0.numerator, $0.denominator] } == [10, 3])
    }

    @Test func overflowIsReportedNotWrapped() {
        #expect(FractionKernel.sum(Int64.max, 1, 1, 1) == nil)
        #expect(FractionKernel.sum(Int64.max - 1, 1, 1, 1).map { $0.numerator } == Int64.max)
        #expect(FractionKernel.sum(Int64(1), Int64.max, 1, Int64.max - 1) == nil)
        #expect(FractionKernel.sum(-Int64.max, 1, -1, 1) == nil)  // Int64.min is never a numerator
        #expect(FractionKernel.sum(Int64(3), 4, -3, 4).map { [$0.numerator, $0.denominator] } == [0, 1])
    }
}
