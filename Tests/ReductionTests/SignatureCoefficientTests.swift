import Testing
@testable import Reduction
import Symbolic
import TestSupport

@Suite("Signature coefficients")
struct SignatureCoefficientTests {
    /// A random fraction with numerator and denominator of up to `bits` bits.
    static func fraction(_ rng: inout SplitMix64, bits: Int) -> Rational {
        let limit = Int64(1) << (bits - 1)
        return Rational(Int(Int64.random(in: -limit...limit, using: &rng)), Int(Int64.random(in: 1...limit, using: &rng)))
    }

    @Test func smallFractionsAgreeWithRationalOrReportOverflow() {
        var rng = SplitMix64(seed: 61)
        var overflows = 0
        for round in 0..<20_000 {
            let bits = [8, 20, 40, 63][round % 4]
            let a = Self.fraction(&rng, bits: bits), b = Self.fraction(&rng, bits: bits)
            let e = Int32.random(in: 1...12, using: &rng)
            let sa = SmallFraction(a), sb = SmallFraction(b)
            if let sum = sa.plus(sb) {
                #expect(sum == SmallFraction(a + b), "\(a) + \(b)")
            } else {
                overflows += 1
                #expect(bits > 20, "operands of ≤ 20 bits never overflow")
            }
            if let product = sa.times(e) {
                #expect(product == SmallFraction(a * Rational(Int(e))), "\(a) · \(e)")
            } else {
                #expect(bits > 20)
            }
            #expect(sa.isZero == a.isZero)
            if a == b { #expect(sa.hashWord == sb.hashWord) }
        }
        #expect(overflows > 100, "the overflow path must be exercised")
        // A coefficient that does not fit is never used in machine arithmetic.
        let big = Rational(Int(Int64.max)) * Rational(4)
        #expect(SmallFraction(big).times(1) == nil)
    }

    @Test func wideFractionsAgreeWithRationalOrReportOverflow() throws {
        var rng = SplitMix64(seed: 63)
        var overflows = 0
        for round in 0..<5000 {
            // Values of up to ~120 bits built exactly, so they go through GMP and int128Parts.
            let bits = [30, 60, 100, 125][round % 4]
            let a = Self.fraction(&rng, bits: 62) * Rational(2).power(bits - 62) + Rational(round)
            let b = Self.fraction(&rng, bits: 62) * Rational(2).power(bits - 62) / Rational(3)
            let wa = WideFraction(a), wb = WideFraction(b)
            #expect(wa.denominator != 0 && wb.denominator != 0, "\(a), \(b) fit 128 bits")
            if let (n, d) = a.int128Parts { #expect(try Rational(parsing: "\(n)/\(d)") == a) }
            if let sum = wa.plus(wb) {
                #expect(sum == WideFraction(a + b), "\(a) + \(b)")
            } else {
                overflows += 1
            }
            let e = Int32.random(in: 1...9, using: &rng)
            if let product = wa.times(e) { #expect(product == WideFraction(a * Rational(Int(e)))) }
        }
        #expect(overflows > 50, "the overflow path must be exercised")
        #expect(Rational(2).power(127).int128Parts == nil)
        #expect((-Rational(2).power(126)).int128Parts?.numerator == -(Int128(1) << 126))
    }

    @Test func coefficientSizeDoesNotChangeTheCoarsestFDE() {
        // Scaling every equation by λ keeps each ∂f_H/∂x_i ≡ ∂f_H/∂x_j identity, so the coarsest FDE
        // is the same whether splitters run in machine words, overflow part-way, or need GMP.
        var rng = SplitMix64(seed: 62)
        // 1, overflowing 64-bit sums, 128-bit values, beyond 128 bits (Rational only).
        let scales = [Rational.one, Rational(1 << 61, 3), Rational(Int(Int64.max)) * Rational(Int(Int64.max)) / Rational(7),
                      try! Rational(parsing: "1e40") / Rational(3)]
        for trial in 0..<20 {
            let n = Int.random(in: 6...16, using: &rng)
            let planted = RandomSystems.randomPartition(n: n, blocks: Int.random(in: 2...n, using: &rng), rng: &rng)
            let f = RandomSystems.planted(partition: planted, termsPerBlock: 3, rng: &rng, maxDegree: trial % 2 == 0 ? 2 : 3)
            let partitions = scales.map { λ in ForwardEquivalence.coarsest(RandomSystems.model(f.map { λ * $0 })) }
            #expect(partitions.allSatisfy { $0 == partitions[0] }, "trial \(trial)")
            #expect(planted.refines(partitions[0]), "trial \(trial)")
        }
    }
}
