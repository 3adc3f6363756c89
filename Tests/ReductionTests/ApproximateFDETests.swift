import Testing
import Symbolic
@testable import Reduction

private typealias S = ReductionTestSupport
private typealias Linkage = ApproximateForwardEquivalence.Linkage

// MARK: - Naive reference (all pairs, generic polynomial operations)

/// D_P(i,j) from the definition, written independently of the library.
private func referenceDistance(_ model: ODEModel, _ fH: [Polynomial], _ i: Int, _ j: Int, relative: Bool) -> Rational {
    var total = Rational.zero
    for f in fH {
        let a = f.derivative(withRespectTo: model.variables[i].symbol)
        let b = f.derivative(withRespectTo: model.variables[j].symbol)
        var diff = Rational.zero
        for t in (a - b).terms { diff += t.coefficient.magnitude }
        if relative {
            let na = a.terms.reduce(Rational.zero) { $0 + $1.coefficient.magnitude }
            let nb = b.terms.reduce(Rational.zero) { $0 + $1.coefficient.magnitude }
            let m = na > nb ? na : nb
            if !m.isZero { total += diff / m }
        } else {
            total += diff
        }
    }
    return total
}

/// Closure-and-refine with all pairs; complete linkage merges the pair of clusters with the
/// smallest diameter-after-merge (ties: smallest leaders), while ≤ ε.
private func referenceCoarsest(_ model: ODEModel, epsilon: Rational, linkage: Linkage, relative: Bool) -> Partition {
    let n = model.variables.count
    var blocks = [Array(0..<n)]
    while true {
        let fH = blocks.map { b in b.reduce(Polynomial.zero) { $0 + model.equations[$1] } }
        var next: [[Int]] = []
        for block in blocks {
            var d: [[Rational]] = Array(repeating: Array(repeating: .zero, count: n), count: n)
            for a in block { for b in block where a < b {
                d[a][b] = referenceDistance(model, fH, a, b, relative: relative)
                d[b][a] = d[a][b]
            } }
            var clusters = block.map { [$0] }
            switch linkage {
            case .single:
                var merged = true
                while merged {
                    merged = false
                    search: for x in clusters.indices { for y in clusters.indices where x < y {
                        if clusters[x].contains(where: { a in clusters[y].contains { d[a][$0] <= epsilon } }) {
                            clusters[x] += clusters[y]
                            clusters.remove(at: y)
                            merged = true
                            break search
                        }
                    } }
                }
            case .complete:
                while true {
                    var best: (Rational, Int, Int)?
                    for x in clusters.indices { for y in clusters.indices where x < y {
                        var diameter = Rational.zero
                        for a in clusters[x] { for b in clusters[y] where d[a][b] > diameter { diameter = d[a][b] } }
                        let key = (diameter, clusters[x].min()!, clusters[y].min()!)
                        if best == nil || key.0 < best!.0 || (key.0 == best!.0 && (key.1, key.2) < (clusters[best!.1].min()!, clusters[best!.2].min()!)) {
                            best = (diameter, x, y)
                        }
                    } }
                    guard let (diameter, x, y) = best, diameter <= epsilon else { break }
                    clusters[x] += clusters[y]
                    clusters.remove(at: y)
                }
            }
            next += clusters
        }
        if next.count == blocks.count { return S.partition(next, n) }
        blocks = next
    }
}

/// A random polynomial system in `n` variables: linear terms plus a few quadratic ones,
/// with copies of equations (permuted) so that near-lumpable structure is common.
private func randomSystem(_ rng: inout S.Random, n: Int) -> ODEModel {
    let coefficients: [Rational] = [1, 2, -1, -2, 3, Rational(1, 2), Rational(-3, 2)]
    var equations: [Polynomial] = []
    for i in 0..<n {
        var terms: [Term] = []
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let c = coefficients.randomElement(using: &rng)!
            if Int.random(in: 0..<4, using: &rng) == 0 {
                let a = Int32.random(in: 0..<Int32(n), using: &rng), b = Int32.random(in: 0..<Int32(n), using: &rng)
                terms.append(Term(c, Monomial(factors: [(a, 1), (b, 1)])))
            } else {
                terms.append(Term(c, Monomial(symbol: Int32.random(in: 0..<Int32(n), using: &rng))))
            }
        }
        if i > 0 && Bool.random(using: &rng) {
            // Reuse an earlier equation, slightly perturbed.
            var p = equations[Int.random(in: 0..<i, using: &rng)]
            p += Polynomial(Rational(Int.random(in: -2...2, using: &rng), 10), Monomial(symbol: Int32(i)))
            equations.append(p)
        } else {
            equations.append(Polynomial(terms: terms))
        }
    }
    return ODEModel(name: "random", variableNames: (1...n).map { "x\($0)" }, equations: equations)
}

// MARK: - Tests

@Suite struct ApproximateFDETests {
    @Test(.enabled(if: SharedModels.available, "needs ../shared/models")) func epsilonZeroIsExactFDEOnSharedModels() throws {
        let rows = S.modelsWithFDEBlocks()
        for (path, terms) in rows {
            let model = try S.loadShared(path)
            let exact = ForwardEquivalence.coarsest(model)
            let approx = ApproximateForwardEquivalence.coarsest(model, epsilon: .zero)
            #expect(approx == exact, "\(path): ε = 0 gives \(approx.blocks.count) blocks, exact FDE \(exact.blocks.count)")
            // The refinement on the full model (no exact-FDE classes), where affordable in debug.
            if terms <= 6_000 {
                let full = ApproximateForwardEquivalence.coarsest(
                    model, epsilon: .zero, linkage: .single, relative: false, initial: nil,
                    classes: .discrete(count: model.variables.count))
                #expect(full == exact, "\(path): ε = 0 on the full model gives \(full.blocks.count) blocks, exact FDE \(exact.blocks.count)")
            }
        }
    }

    @Test func perturbedCoefficientMergesOnlyAboveItsDistance() throws {
        let model = try S.fourVariableExample(c13: "2.05")
        let target = S.partition([[0], [1, 2], [3]], 4)
        #expect(ApproximateForwardEquivalence.distance(model, partition: target, 1, 2) == S.rational("0.05"))
        for classes in [nil, Partition.discrete(count: 4)] {
            let loose = ApproximateForwardEquivalence.coarsest(
                model, epsilon: S.rational("0.06"), linkage: .single, relative: false, initial: nil, classes: classes)
            #expect(loose == target)
            let tight = ApproximateForwardEquivalence.coarsest(
                model, epsilon: S.rational("0.04"), linkage: .single, relative: false, initial: nil, classes: classes)
            #expect(tight.blockOf[1] != tight.blockOf[2])
            #expect(tight == ForwardEquivalence.coarsest(model))
        }
        // The unperturbed example is an exact FDE on the same blocks: its residuals vanish.
        let exactModel = try S.fourVariableExample()
        #expect(ForwardEquivalence.coarsest(exactModel) == target)
        #expect(ApproximateForwardEquivalence.residuals(exactModel, partition: target).allSatisfy { $0 == .zero })
        // The perturbed one: only the block of x1 sees the 0.05·x3 that the average misses.
        let residuals = ApproximateForwardEquivalence.residuals(model, partition: target)
        #expect(residuals[1] == .zero && residuals[2] == .zero)
        #expect(residuals[0]! > .zero)
    }

    @Test func chainSingleVersusCompleteLinkage() throws {
        // Column sums 1, 1.06, 1.12: pairwise distances 0.06, 0.06, 0.12 under every partition.
        let model = try S.model(odes: ["0", "0", "x1 + 1.06*x2 + 1.12*x3"])
        let single = S.partition([[0, 1], [2]], 3)
        #expect(ApproximateForwardEquivalence.distance(model, partition: single, 0, 1) == S.rational("0.06"))
        #expect(ApproximateForwardEquivalence.distance(model, partition: single, 1, 2) == S.rational("0.06"))
        #expect(ApproximateForwardEquivalence.distance(model, partition: single, 0, 2) == S.rational("0.12"))
        let epsilon = S.rational("0.07")
        #expect(ApproximateForwardEquivalence.coarsest(model, epsilon: epsilon).blocks == [[0, 1, 2]])
        let complete = ApproximateForwardEquivalence.coarsest(model, epsilon: epsilon, linkage: .complete)
        #expect(complete.blocks.count > 1)
        #expect(complete.blocks == [[0, 1], [2]])  // the tie at 0.06 goes to the first-declared pair
        #expect(ApproximateForwardEquivalence.coarsest(model, epsilon: S.rational("0.12"), linkage: .complete).blocks.count == 1)
        #expect(ApproximateForwardEquivalence.coarsest(model, epsilon: S.rational("0.05")).blocks.count == 3)
    }

    @Test func relativeDistanceIsScaleFree() throws {
        // ∂f_H/∂x1 = 100, ∂f_H/∂x2 = 101: absolute distance 1, relative 1/101.
        let model = try S.model(odes: ["0", "0", "100*x1 + 101*x2"])
        let one = Partition.single(count: 3)
        #expect(ApproximateForwardEquivalence.distance(model, partition: one, 0, 1, relative: true) == Rational(1, 101))
        let epsilon = Rational(1, 100)
        #expect(ApproximateForwardEquivalence.coarsest(model, epsilon: epsilon).blocks.count == 3)
        let relative = ApproximateForwardEquivalence.coarsest(model, epsilon: epsilon, relative: true)
        #expect(relative.blocks == [[0, 1], [2]])
    }

    @Test func epsilonParsesExactly() throws {
        let e = S.rational("1e-4")
        #expect(e == Rational(1, 10_000))
    }

    @Test func matchesNaiveReferenceOnRandomSystems() throws {
        var rng = S.Random(seed: 0xE95)
        var interesting = 0
        for round in 0..<40 {
            let model = randomSystem(&rng, n: Int.random(in: 4...7, using: &rng))
            // Pick ε among the distances that occur, so merges and splits both happen.
            let n = model.variables.count
            let fH = [model.equations.reduce(Polynomial.zero, +)]
            let relative = round % 3 == 2
            var candidates: [Rational] = [.zero]
            for a in 0..<n { for b in (a + 1)..<n { candidates.append(referenceDistance(model, fH, a, b, relative: relative)) } }
            let epsilon = candidates.randomElement(using: &rng)!
            for linkage in [Linkage.single, .complete] {
                let expected = referenceCoarsest(model, epsilon: epsilon, linkage: linkage, relative: relative)
                for classes in [nil, Partition.discrete(count: n)] {
                    let found = ApproximateForwardEquivalence.coarsest(
                        model, epsilon: epsilon, linkage: linkage, relative: relative, initial: nil, classes: classes)
                    #expect(found == expected, "round \(round), ε = \(epsilon), \(linkage), relative \(relative): \(found.blocks) vs \(expected.blocks)")
                }
                if expected.blocks.count > 1 && expected.blocks.count < n && expected != ForwardEquivalence.coarsest(model) { interesting += 1 }
            }
        }
        #expect(interesting > 5, "too few random cases where ε changes the answer")
    }

    @Test func residualsMatchExplicitExpansion() throws {
        var rng = S.Random(seed: 0x5E51D)
        for _ in 0..<25 {
            let n = Int.random(in: 3...6, using: &rng)
            var model = randomSystem(&rng, n: n)
            // Add a cubic term so multinomials beyond 2 occur.
            model.setEquation(0, to: model.equations[0] + Polynomial(Rational(3, 2), Monomial(factors: [(0, 2), (Int32(n - 1), 1)])))
            var blocks: [[Int]] = []
            for i in 0..<n {
                if blocks.isEmpty || Bool.random(using: &rng) { blocks.append([i]) } else { blocks[Int.random(in: 0..<blocks.count, using: &rng)].append(i) }
            }
            let partition = S.partition(blocks, n)
            let quotient = model.forwardQuotient(by: partition)
            var sums: [Int32: Polynomial] = [:]
            for (b, block) in partition.blocks.enumerated() {
                sums[Int32(b)] = block.reduce(Polynomial.zero) { $0 + Polynomial(symbol: model.variables[$1].symbol) }
            }
            let residuals = ApproximateForwardEquivalence.residuals(model, partition: partition)
            for (b, block) in partition.blocks.enumerated() {
                let fB = block.reduce(Polynomial.zero) { $0 + model.equations[$1] }
                let expanded = try quotient.equations[b].substituting(sums)
                #expect(residuals[b] == (fB - expanded).l1Norm, "block \(block)")
            }
            // Exact FDE blocks have zero residual.
            let exact = ForwardEquivalence.coarsest(model)
            #expect(ApproximateForwardEquivalence.residuals(model, partition: exact).allSatisfy { $0 == .zero })
        }
    }

    @Test(.enabled(if: SharedModels.available, "needs ../shared/models")) func approximateIsCoarserThanExactOnSharedModels() throws {
        let rows = S.modelsWithFDEBlocks().filter { $0.terms <= 3_000 }
        for (path, _) in rows {
            let model = try S.loadShared(path)
            let exact = ForwardEquivalence.coarsest(model)
            let approx = ApproximateForwardEquivalence.coarsest(model, epsilon: Rational(1, 100))
            #expect(exact.refines(approx), "\(path)")
        }
    }
}
