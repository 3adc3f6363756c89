import Testing
@testable import Symbolic

@Suite("Introsort")
struct IntrosortTests {
    @Test func sortsLikeTheStandardLibrary() {
        var rng = SplitMix64(seed: 51)
        // Sizes around the insertion-sort cutoff, few distinct keys (many ties), sorted and
        // reversed inputs, and a depth limit of zero (heapsort) via long adversarial-free runs.
        for size in [0, 1, 2, 3, 15, 16, 17, 18, 33, 100, 1000, 5000] {
            for distinct in [1, 3, 1_000_000] {
                var values = (0..<size).map { _ in Int.random(in: 0..<distinct, using: &rng) }
                for shape in 0..<3 {
                    if shape == 1 { values.sort() }
                    if shape == 2 { values.reverse() }
                    var sorted = values
                    sorted.withUnsafeMutableBufferPointer { $0.introsort(by: <) }
                    #expect(sorted == values.sorted(), "size \(size), distinct \(distinct), shape \(shape)")
                }
            }
        }
    }

    @Test func heapsortFallbackSorts() {
        var rng = SplitMix64(seed: 52)
        var values = (0..<3000).map { _ in Int.random(in: 0..<50, using: &rng) }
        let expected = values.sorted()
        values.withUnsafeMutableBufferPointer { $0._introsort(0, $0.count, depth: 0, <) }
        #expect(values == expected)
    }

    @Test func sortsTermsWithHeapMonomials() {
        var rng = SplitMix64(seed: 53)
        var terms = (0..<500).map { _ in Term(rng.smallRational(), MonomialStorageTests.randomMonomial(&rng)) }
        let expected = terms.map(\.monomial).sorted()
        terms.withUnsafeMutableBufferPointer { $0.introsort { $0.monomial < $1.monomial } }
        #expect(terms.map(\.monomial) == expected)
    }
}
