import Testing
@testable import Networks
import Symbolic

/// The blocked double-precision kernels equal their plain reference loops bit for bit (a
/// faster kernel must not change which neurons a search merges), on every shape around the
/// block sizes, and with data on which another summation order does give other bits.
@Suite struct FloatKernelTests {
    /// Values over many orders of magnitude and both signs, so that rounding depends on the order of the sums.
    func values(_ count: Int, _ rng: inout SplitMix64) -> [Double] {
        (0..<count).map { _ in
            let mantissa = Double(rng.next() >> 11) * 0x1p-53 * 2 - 1
            return mantissa * Double(sign: .plus, exponent: Int(rng.next() % 40) - 20, significand: 1)
        }
    }

    @Test func affineEqualsTheReferenceLoopBitForBit() {
        var rng = SplitMix64(seed: 5)
        var reorderedDiffers = false
        for n in 0...9 {
            for m in [0, 1, 2, 3, 5, 8, 13] {
                for w in 0...9 {
                    let x = values(n * m, &rng), weights = values(w * m, &rng), bias = values(w, &rng)
                    let fast = affine(x, rows: n, inputs: m, weights: weights, bias: bias)
                    let slow = affineReference(x, rows: n, inputs: m, weights: weights, bias: bias)
                    #expect(fast.map(\.bitPattern) == slow.map(\.bitPattern), "rows \(n), inputs \(m), outputs \(w)")
                    // The same sums in reverse order: the data can tell orders apart.
                    for s in 0..<n {
                        for j in 0..<w {
                            var acc = bias[j]
                            for k in (0..<m).reversed() { acc += weights[j * m + k] * x[s * m + k] }
                            if acc.bitPattern != slow[s * w + j].bitPattern { reorderedDiffers = true }
                        }
                    }
                }
            }
        }
        #expect(reorderedDiffers)
    }

    @Test(arguments: [PairwiseTerm.absoluteDifference, .squaredDifference])
    func pairwiseSumsEqualTheReferenceLoopBitForBit(_ term: PairwiseTerm) {
        var rng = SplitMix64(seed: term == .absoluteDifference ? 7 : 11)
        for n in 0...19 {
            for m in [0, 1, 2, 4, 7, 16, 33, 70] {  // across the blocks of 8 vectors and the chunks of 32 coordinates
                let data = values(n * m, &rng)
                let (fast, slow) = data.withUnsafeBufferPointer {
                    (pairwiseSums($0, count: n, length: m, term), pairwiseSumsReference($0, count: n, length: m, term))
                }
                #expect(fast.map(\.bitPattern) == slow.map(\.bitPattern), "\(n) vectors of \(m)")
                for a in 0..<n { #expect(fast[a * n + a] == 0) }
            }
        }
        // By hand: (1, 2), (4, −2), (1, 2) → |1−4| + |2+2| = 7, (3² + 4²) = 25; vectors 0 and 2 coincide.
        let data: [Double] = [1, 4, 1, 2, -2, 2]  // coordinate-major: x-coordinates, then y-coordinates
        let d = data.withUnsafeBufferPointer { pairwiseSums($0, count: 3, length: 2, term) }
        #expect(d == (term == .absoluteDifference ? [0, 7, 0, 7, 0, 7, 0, 7, 0] : [0, 25, 0, 25, 0, 25, 0, 25, 0]))
    }

    @Test func parallelMapKeepsIndexOrderAndThrowsTheFirstErrorInThatOrder() throws {
        let squares = parallelMap(100) { $0 * $0 }
        #expect(squares == (0..<100).map { $0 * $0 })
        #expect(parallelMap(0) { $0 }.isEmpty)
        struct Failure: Error, Equatable { let index: Int }
        #expect(throws: Failure(index: 3)) {
            _ = try parallelMap(64) { (i) throws(Failure) -> Int in
                if i % 10 == 3 { throw Failure(index: i) }
                return i
            }
        }
    }
}
