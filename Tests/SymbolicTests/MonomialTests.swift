import Testing
@testable import Symbolic

/// Laws of ``Monomial`` checked against a plain `[UInt64]` model of the packed factors, across
/// the boundary between inline storage (≤ 3 factors) and the heap array (more).
@Suite("Monomial storage")
struct MonomialStorageTests {
    /// A random monomial with 0…7 distinct symbols (so both representations occur).
    static func randomMonomial(_ rng: inout SplitMix64) -> Monomial {
        let count = Int.random(in: 0...7, using: &rng)
        let symbols = Array(Set((0..<count).map { _ in Int32.random(in: 0..<9, using: &rng) }))
        return Monomial(factors: symbols.map { (symbol: $0, exponent: Int.random(in: 1...3, using: &rng)) })
    }

    /// The reference order: lexicographic on the packed words, shorter first on a tie.
    static func referenceLess(_ a: [UInt64], _ b: [UInt64]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x < y }
        return a.count < b.count
    }

    @Test func orderEqualityAndHashMatchTheWordModel() {
        var rng = SplitMix64(seed: 41)
        var spilled = 0
        for _ in 0..<4000 {
            let a = Self.randomMonomial(&rng), b = Self.randomMonomial(&rng)
            let wa = Array(a.packedFactors), wb = Array(b.packedFactors)
            if wa.count > Monomial.inlineCapacity { spilled += 1 }
            #expect((a < b) == Self.referenceLess(wa, wb), "\(wa) < \(wb)")
            #expect((a == b) == (wa == wb))
            // Rebuilt from its words, a monomial is equal and hashes equally.
            let rebuilt = Monomial(uncheckedPacked: wa)
            #expect(rebuilt == a && rebuilt.hashValue == a.hashValue)
            #expect(a.count == wa.count && a.isOne == wa.isEmpty)
        }
        #expect(spilled > 500, "the heap representation must be exercised")
    }

    @Test func productAndQuotientMatchTheWordModel() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2000 {
            let a = Self.randomMonomial(&rng), b = Self.randomMonomial(&rng)
            var exponents: [Int32: Int] = [:]
            for m in [a, b] { for f in m.factors { exponents[f.symbol, default: 0] += f.exponent } }
            let product = a * b
            #expect(product.factors.map(\.symbol) == exponents.keys.sorted())
            for f in product.factors { #expect(f.exponent == exponents[f.symbol]) }
            for position in 0..<product.count {
                let f = product.factors[position]
                let q = product.removingOne(at: position)
                #expect(q * Monomial(symbol: f.symbol) == product)
                #expect(q.exponent(of: f.symbol) == f.exponent - 1)
                #expect(q.degree == product.degree - 1)
            }
        }
    }

    @Test func ringLawsWithLongMonomials() {
        var rng = SplitMix64(seed: 43)
        for _ in 0..<150 {
            let a = rng.polynomial(symbols: 8, maxDegree: 7), b = rng.polynomial(symbols: 8, maxDegree: 7)
            let c = rng.polynomial(symbols: 8, maxDegree: 7)
            expectRingLaws(a, b, c)
        }
    }
}

@Suite("FlatInterner")
struct FlatInternerTests {
    @Test func idsAreDenseAndEqualExactlyForEqualSequences() {
        var rng = SplitMix64(seed: 44)
        var interner = FlatInterner<UInt8>()
        var reference: [[UInt8]: Int32] = [:]
        for _ in 0..<20_000 {  // grows the table several times
            let length = Int.random(in: 0...6, using: &rng)
            let bytes = (0..<length).map { _ in UInt8.random(in: 97...100, using: &rng) }
            let id = bytes.withUnsafeBufferPointer { interner.intern($0) }
            if let known = reference[bytes] {
                #expect(id == known, "\(bytes)")
            } else {
                #expect(Int(id) == reference.count, "ids are handed out densely in order of first sight")
                reference[bytes] = id
            }
            #expect(interner.withElements(of: id) { Array($0) } == bytes)
        }
        #expect(interner.count == reference.count)
        for (bytes, id) in reference {
            #expect(bytes.withUnsafeBufferPointer { interner.id(of: $0) } == id)
        }
        #expect([UInt8](repeating: 101, count: 3).withUnsafeBufferPointer { interner.id(of: $0) } == nil)
    }

    @Test func monomialsInlineAndSpilledShareIds() {
        var rng = SplitMix64(seed: 45)
        var interner = MonomialInterner()
        var reference: [Monomial: Int32] = [:]
        for _ in 0..<5000 {
            let m = MonomialStorageTests.randomMonomial(&rng)
            let id = interner.intern(m)
            #expect(reference[m, default: id] == id)
            reference[m] = id
            let words = Array(m.packedFactors)
            #expect(words.withUnsafeBufferPointer { interner.id(of: $0) } == id)
        }
        #expect(interner.count == reference.count)
    }
}
