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

    @Test func coefficientSizeDoesNotChangeTheCoarsestFDE() {
        // Scaling every equation by λ keeps each ∂f_H/∂x_i ≡ ∂f_H/∂x_j identity, so the coarsest FDE
        // is the same whether splitters run in machine words, overflow part-way, or need GMP.
        var rng = SplitMix64(seed: 62)
        let scales = [Rational.one, Rational(1 << 61, 3), Rational(Int(Int64.max)) * Rational(Int(Int64.max)) / Rational(7)]
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
