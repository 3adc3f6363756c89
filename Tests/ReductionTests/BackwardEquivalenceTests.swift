import Testing
import Symbolic
@testable import Reduction

private typealias S = ReductionTestSupport

/// A model with a planted BDE: each block B gets a random polynomial G_B(z) in the block
/// values; every member's right-hand side is G_B lifted with a random member standing for
/// each block, plus random multiples of (x_a − x_b) for a, b in one block (zero on the subspace).
private func plantedSystem(_ rng: inout S.Random, n: Int, blocks: Int)
    -> (model: ODEModel, planted: Partition, reduced: [Polynomial]) {
    var owner = (0..<n).map { $0 < blocks ? $0 : Int.random(in: 0..<blocks, using: &rng) }
    owner.shuffle(using: &rng)
    let planted = S.partition((0..<blocks).map { b in (0..<n).filter { owner[$0] == b } }, n)
    let members = planted.blocks
    let coefficients: [Rational] = [1, -1, 2, -3, Rational(1, 2), Rational(5, 3)]
    // Reduced right-hand sides over block symbols 0..<blocks (the partition's canonical order).
    var reduced: [Polynomial] = []
    for _ in 0..<members.count {
        var terms: [Term] = []
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            var factors: [(symbol: Int32, exponent: Int)] = []
            for _ in 0..<Int.random(in: 0...2, using: &rng) { factors.append((Int32.random(in: 0..<Int32(members.count), using: &rng), 1)) }
            terms.append(Term(coefficients.randomElement(using: &rng)!, Monomial(factors: factors)))
        }
        reduced.append(Polynomial(terms: terms))
    }
    var equations: [Polynomial] = []
    for i in 0..<n {
        let g = reduced[planted.blockOf[i]]
        var terms: [Term] = []
        for t in g.terms {
            let factors = t.monomial.factors.map { f in (symbol: Int32(members[Int(f.symbol)].randomElement(using: &rng)!), exponent: f.exponent) }
            terms.append(Term(t.coefficient, Monomial(factors: factors)))
        }
        var p = Polynomial(terms: terms)
        for _ in 0..<Int.random(in: 0...2, using: &rng) {
            let block = members.randomElement(using: &rng)!
            guard block.count > 1 else { continue }
            let a = Int32(block.randomElement(using: &rng)!), b = Int32(block.randomElement(using: &rng)!)
            let m = Polynomial(coefficients.randomElement(using: &rng)!, Monomial(symbol: Int32.random(in: 0..<Int32(n), using: &rng)))
            p += (Polynomial(symbol: a) - Polynomial(symbol: b)) * m
        }
        equations.append(p)
    }
    let model = ODEModel(name: "planted", variableNames: (1...n).map { "x\($0)" }, equations: equations)
    return (model, planted, reduced)
}

@Suite struct BackwardEquivalenceTests {
    @Test(.enabled(if: SharedModels.available, "needs ../shared/models")) func erodeMultisiteCountsWithInitialValuePartition() throws {
        // ERODE's BDE with prePartition=IC on the models with parameter values substituted.
        for (name, expected) in [("e2", 12), ("e3", 22), ("e4", 37), ("e5", 58)] {
            let model = try S.loadShared("erode/\(name).ode")
            let initial = BackwardEquivalence.initialValuePartition(model)
            let bde = BackwardEquivalence.coarsest(model, initial: initial)
            #expect(bde.blocks.count == expected, "\(name)")
            #expect(bde.refines(initial))
            guard case .equivalence(let reduced) = BackwardCertificate.check(model, partition: bde) else {
                Issue.record("\(name): the computed BDE fails its certificate")
                continue
            }
            #expect(reduced.variables.count == expected)
            // ε = 0 is the exact BDE.
            #expect(ApproximateBackwardEquivalence.coarsest(model, epsilon: .zero, initial: initial) == bde)
        }
    }

    @Test func initialValuePartitionGroupsEqualValues() throws {
        let model = try S.model(odes: ["0", "0", "0", "0"], initial: ["1", "2", "1", "0.5"])
        #expect(BackwardEquivalence.initialValuePartition(model).blocks == [[0, 2], [1], [3]])
    }

    @Test func fourVariableExampleHasNoNontrivialBlock() throws {
        let model = try S.fourVariableExample()
        let bde = BackwardEquivalence.coarsest(model)
        #expect(bde.blocks.allSatisfy { $0.count == 1 })
        // Every two-element block is rejected by the certificate.
        for i in 0..<4 { for j in (i + 1)..<4 {
            let blocks = [[i, j]] + (0..<4).filter { $0 != i && $0 != j }.map { [$0] }
            if case .equivalence = BackwardCertificate.check(model, partition: S.partition(blocks, 4)) {
                Issue.record("x\(i + 1), x\(j + 1) accepted as a BDE block")
            }
        } }
    }

    @Test func plantedEquivalencesAreFound() throws {
        var rng = S.Random(seed: 0xBDE)
        for round in 0..<40 {
            let n = Int.random(in: 4...12, using: &rng)
            let (model, planted, reduced) = plantedSystem(&rng, n: n, blocks: Int.random(in: 1...min(n, 5), using: &rng))
            let bde = BackwardEquivalence.coarsest(model)
            #expect(planted.refines(bde), "round \(round): planted \(planted.blocks) not inside \(bde.blocks)")
            guard case .equivalence = BackwardCertificate.check(model, partition: bde) else {
                Issue.record("round \(round): computed BDE \(bde.blocks) fails its certificate")
                continue
            }
            guard case .equivalence(let quotient) = BackwardCertificate.check(model, partition: planted) else {
                Issue.record("round \(round): planted BDE rejected")
                continue
            }
            // The quotient's right-hand sides are the planted reduced polynomials.
            #expect(quotient.equations == reduced, "round \(round)")
            // Refining the planted partition itself returns it.
            #expect(BackwardEquivalence.coarsest(model, initial: planted) == planted)
            // Coarsest: merging any two blocks is rejected.
            if bde.blocks.count > 1 {
                let a = Int.random(in: 0..<bde.blocks.count, using: &rng)
                var b = Int.random(in: 0..<(bde.blocks.count - 1), using: &rng)
                if b >= a { b += 1 }
                var blocks = bde.blocks
                blocks[a] += blocks[b]
                blocks.remove(at: b)
                let coarser = S.partition(blocks, n)
                switch BackwardCertificate.check(model, partition: coarser) {
                case .equivalence:
                    Issue.record("round \(round): coarser partition \(coarser.blocks) accepted")
                case .violation(let v):
                    #expect(coarser.blockOf[v.first] == coarser.blockOf[v.second])
                    #expect(v.firstCoefficient != v.secondCoefficient)
                }
            }
        }
    }

    @Test(.enabled(if: SharedModels.available, "needs ../shared/models")) func perturbedPartitionsAreRejected() throws {
        let model = try S.loadShared("erode/e3.ode")
        let bde = BackwardEquivalence.coarsest(model, initial: BackwardEquivalence.initialValuePartition(model))
        var rng = S.Random(seed: 7)
        var rejected = 0
        for _ in 0..<20 {
            // Move one variable into another block.
            let i = Int.random(in: 0..<model.variables.count, using: &rng)
            let target = Int.random(in: 0..<bde.blocks.count, using: &rng)
            guard target != bde.blockOf[i] else { continue }
            var blocks = bde.blocks.map { $0.filter { $0 != i } }
            blocks[target].append(i)
            let moved = S.partition(blocks.filter { !$0.isEmpty }, model.variables.count)
            if case .violation(let v) = BackwardCertificate.check(model, partition: moved) {
                rejected += 1
                #expect(moved.blockOf[v.first] == moved.blockOf[v.second])
                #expect(v.text.contains(model.variables[v.second].name))
            } else {
                Issue.record("moving \(model.variables[i].name) into block \(target + 1) was accepted")
            }
        }
        #expect(rejected > 0)
    }

    @Test func backwardQuotientAveragesInitialValues() throws {
        let model = try S.model(odes: ["-x1 + x3", "-x2 + x3", "x1 + x2 - 3*x3"], initial: ["1", "3", "5"])
        let partition = S.partition([[0, 1], [2]], 3)
        guard case .equivalence(let q) = BackwardCertificate.check(model, partition: partition) else {
            Issue.record("x1, x2 should be backward equivalent"); return
        }
        #expect(q.variables.map(\.name) == ["x1", "x3"])
        #expect(q.variables.map(\.initialValue) == [2, 5])
        #expect(q.equations[0] == Polynomial(symbol: 1) - Polynomial(symbol: 0))
        #expect(q.equations[1] == Rational(2) * Polynomial(symbol: 0) - Rational(3) * Polynomial(symbol: 1))
        #expect(BackwardEquivalence.coarsest(model) == partition)
    }

    @Test func approximateBackwardMergesWithinEpsilon() throws {
        // On the one-block subspace f1 = -z, f2 = -1.01 z, f3 = -1.03 z: distances 0.01, 0.02, 0.03.
        let model = try S.model(odes: ["-x1", "-1.01*x2", "-1.03*x3"])
        #expect(BackwardEquivalence.coarsest(model).blocks.count == 3)
        #expect(ApproximateBackwardEquivalence.coarsest(model, epsilon: S.rational("0.005")).blocks.count == 3)
        #expect(ApproximateBackwardEquivalence.coarsest(model, epsilon: S.rational("0.01")).blocks == [[0, 1], [2]])
        #expect(ApproximateBackwardEquivalence.coarsest(model, epsilon: S.rational("0.02")).blocks == [[0, 1, 2]])
        let complete = ApproximateBackwardEquivalence.coarsest(model, epsilon: S.rational("0.02"), linkage: .complete)
        #expect(complete.blocks == [[0, 1], [2]])
        // Relative: 0.01/1.01 ≈ 0.0099 merges x1, x2 at 0.00991 (absolute 0.01 does not); 0.02/1.03 ≈ 0.0194.
        #expect(ApproximateBackwardEquivalence.coarsest(model, epsilon: S.rational("0.00991")).blocks.count == 3)
        #expect(ApproximateBackwardEquivalence.coarsest(model, epsilon: S.rational("0.00991"), relative: true).blocks == [[0, 1], [2]])
        #expect(ApproximateBackwardEquivalence.coarsest(model, epsilon: S.rational("0.0195"), relative: true).blocks == [[0, 1, 2]])
    }

    @Test func approximateBackwardRefinesAfterMerging() throws {
        // x1, x2 are within ε on the one-block subspace but their dynamics then separate:
        // f1 = -x3, f2 = -1.01*x4 with x3, x4 far apart (distance 2 from each other).
        let model = try S.model(odes: ["-x3", "-1.01*x4", "x3", "3*x4"])
        let p = ApproximateBackwardEquivalence.coarsest(model, epsilon: S.rational("0.05"))
        #expect(p.blockOf[2] != p.blockOf[3])
        #expect(p.blockOf[0] != p.blockOf[1])
    }
}
