import Testing
@testable import Reduction
import Symbolic
import TestSupport

enum RandomSystems {
    /// A random sparse polynomial system on `n` variables, degree ≤ `maxDegree`, small rational coefficients.
    static func random(n: Int, termsPerEquation: Int, rng: inout SplitMix64, maxDegree: Int = 2) -> [Polynomial] {
        (0..<n).map { _ in
            var b = PolynomialBuilder()
            for _ in 0..<termsPerEquation {
                let degree = Int.random(in: 0...maxDegree, using: &rng)
                let factors = (0..<degree).map { _ in (symbol: Int32(Int.random(in: 0..<n, using: &rng)), exponent: 1) }
                b.add(Rational(Int.random(in: -5...5, using: &rng), Int.random(in: 1...3, using: &rng)), Monomial(factors: factors))
            }
            return b.build()
        }
    }

    /// A system with a planted FDE `partition`: for each block B a random g_B of the block sums,
    /// expanded in x and spread over the members, plus random members' terms that cancel within B.
    /// Then Σ_{i∈B} f_i(x) = g_B(block sums), so `partition` is an FDE.
    static func planted(partition: Partition, termsPerBlock: Int, rng: inout SplitMix64, maxDegree: Int = 2) -> [Polynomial] {
        let n = partition.elementCount
        var sums: [Int32: Polynomial] = [:]
        for (b, block) in partition.blocks.enumerated() {
            sums[Int32(b)] = Polynomial(terms: block.map { Term(.one, Monomial(symbol: Int32($0))) })
        }
        var f = [Polynomial](repeating: .zero, count: n)
        for block in partition.blocks {
            let g = random(n: partition.blocks.count, termsPerEquation: termsPerBlock, rng: &rng, maxDegree: maxDegree)[0]
            let expanded = try! g.substituting(sums)
            let share = Rational(1, block.count) * expanded
            var balance = Polynomial.zero
            for (k, i) in block.enumerated() {
                if k == block.count - 1 {
                    f[i] = share - balance
                } else {
                    let r = random(n: n, termsPerEquation: 2, rng: &rng, maxDegree: maxDegree)[0]
                    balance = balance + r
                    f[i] = share + r
                }
            }
        }
        return f
    }

    static func randomPartition(n: Int, blocks: Int, rng: inout SplitMix64) -> Partition {
        var assignment = (0..<n).map { $0 < blocks ? $0 : Int.random(in: 0..<blocks, using: &rng) }
        assignment.shuffle(using: &rng)
        var result = [[Int]](repeating: [], count: blocks)
        for (i, b) in assignment.enumerated() { result[b].append(i) }
        return try! Partition(blocks: result, count: n)
    }

    static func model(_ equations: [Polynomial]) -> ODEModel {
        ODEModel(name: "random", variableNames: equations.indices.map { "x\($0)" }, equations: equations)
    }
}

@Suite struct ForwardEquivalenceTests {
    static let fourVariable = """
    begin model four
     begin init
      x1 = 1
      x2 = 2
      x3 = 3
      x4 = 4
     end init
     begin ODE
      d(x1) = -x1+2*x2+2*x3
      d(x2) = 2*x1-3*x2+x3-x2*x4
      d(x3) = x2-3*x3-x3*x4
      d(x4) = -x4+x2*x4+x3*x4
     end ODE
    end model
    """

    @Test func fourVariableExample() throws {
        let model = try ERODEReader.read(text: Self.fourVariable)
        let partition = ForwardEquivalence.coarsest(model)
        #expect(partition.blocks == [[0], [1, 2], [3]])
        let reduced = model.forwardQuotient(by: partition)
        let name = { (s: Int32) in reduced.symbols[Int(s)].name }
        // y1 = x1, y2 = x2 + x3, y3 = x4 (named after first members)
        #expect(reduced.variables.map(\.name) == ["x1", "x2", "x4"])
        #expect(reduced.equations.map { $0.formatted(name) } == ["-x1 + 2*x2", "2*x1 - 2*x2 - x2*x4", "x2*x4 - x4"])
        #expect(reduced.variables.map(\.initialValue) == [Rational(1), Rational(5), Rational(4)])
        guard case .equivalence = ForwardCertificate.check(model, partition: partition) else {
            Issue.record("certificate rejected the coarsest FDE")
            return
        }
    }

    @Test func plantedSymmetriesAreRecovered() {
        var rng = SplitMix64(seed: 7)
        for trial in 0..<30 {
            let n = Int.random(in: 4...14, using: &rng)
            let planted = RandomSystems.randomPartition(n: n, blocks: Int.random(in: 2...n, using: &rng), rng: &rng)
            let f = RandomSystems.planted(partition: planted, termsPerBlock: 3, rng: &rng)
            let model = RandomSystems.model(f)
            // The planted partition is an FDE: refining from it changes nothing.
            #expect(ForwardEquivalence.coarsest(model, initial: planted) == planted, "trial \(trial)")
            // The coarsest FDE from one block is coarser than the planted one and certified.
            let coarsest = ForwardEquivalence.coarsest(model)
            #expect(planted.refines(coarsest), "trial \(trial)")
            guard case .equivalence(let reduced) = ForwardCertificate.check(model, partition: coarsest) else {
                Issue.record("trial \(trial): certificate rejected")
                continue
            }
            // Quotient identity by full expansion: Σ_{i∈B} f_i(x) = g_B(Σ x).
            var sums: [Int32: Polynomial] = [:]
            for (b, block) in coarsest.blocks.enumerated() {
                sums[Int32(b)] = Polynomial(terms: block.map { Term(.one, Monomial(symbol: Int32($0))) })
            }
            for (b, block) in coarsest.blocks.enumerated() {
                let lhs = block.reduce(Polynomial.zero) { $0 + f[$1] }
                let rhs = try! reduced.equations[b].substituting(sums)
                #expect(lhs == rhs, "trial \(trial), block \(b)")
            }
        }
    }

    @Test func coarsestIsMaximal() {
        // Merging any two blocks of the coarsest FDE must break the certificate.
        var rng = SplitMix64(seed: 11)
        for trial in 0..<20 {
            let n = Int.random(in: 4...10, using: &rng)
            let planted = RandomSystems.randomPartition(n: n, blocks: Int.random(in: 2...n, using: &rng), rng: &rng)
            let model = RandomSystems.model(RandomSystems.planted(partition: planted, termsPerBlock: 3, rng: &rng))
            let p = ForwardEquivalence.coarsest(model)
            guard p.blocks.count >= 2 else { continue }
            for a in 0..<p.blocks.count {
                for b in (a + 1)..<p.blocks.count {
                    var blocks = p.blocks
                    blocks[a] += blocks[b]
                    blocks.remove(at: b)
                    let merged = try! Partition(blocks: blocks, count: n)
                    // Coarsest within refinement of merged must be strictly finer than merged.
                    if case .equivalence = ForwardCertificate.check(model, partition: merged) {
                        Issue.record("trial \(trial): merging blocks \(a),\(b) is still an FDE, so the result was not coarsest")
                    }
                }
            }
        }
    }

    @Test func checkerCounterexamplesAreCorrect() throws {
        var rng = SplitMix64(seed: 3)
        var rejected = 0
        for _ in 0..<40 {
            let n = Int.random(in: 3...9, using: &rng)
            let model = RandomSystems.model(RandomSystems.random(n: n, termsPerEquation: 4, rng: &rng))
            let p = ForwardEquivalence.coarsest(model)
            // Perturb: move one variable into another block.
            guard p.blocks.count >= 2 else { continue }
            var blocks = p.blocks
            let from = Int.random(in: 0..<blocks.count, using: &rng)
            let x = blocks[from].removeLast()
            if blocks[from].isEmpty { blocks.remove(at: from) }
            let to = Int.random(in: 0..<blocks.count, using: &rng)
            blocks[to].append(x)
            let perturbed = try Partition(blocks: blocks, count: n)
            if perturbed == p { continue }
            guard case .violation(let v) = ForwardCertificate.check(model, partition: perturbed) else {
                // A perturbation can only be an FDE if it is coarser than... it is not comparable: it must fail
                // unless it happens to be another FDE; then it must be refined by the coarsest.
                #expect(perturbed.refines(p), "accepted a partition that is not below the coarsest FDE")
                continue
            }
            rejected += 1
            // Recompute the witness independently with single-variable derivatives.
            let fH = perturbed.blocks[v.block].reduce(Polynomial.zero) { $0 + model.equations[$1] }
            let di = fH.derivative(withRespectTo: Int32(v.first))
            let dj = fH.derivative(withRespectTo: Int32(v.second))
            #expect(perturbed.blockOf[v.first] == perturbed.blockOf[v.second])
            #expect(di.coefficient(of: v.monomial) == v.firstCoefficient)
            #expect(dj.coefficient(of: v.monomial) == v.secondCoefficient)
            #expect(v.firstCoefficient != v.secondCoefficient)
        }
        #expect(rejected > 10)
    }

    @Test func initialPartitionIsRespected() throws {
        let model = try ERODEReader.read(text: Self.fourVariable)
        let keep = Partition.single(count: 4).isolating([2])
        let p = ForwardEquivalence.coarsest(model, initial: keep)
        #expect(p.refines(keep))
        #expect(p.blocks.contains([2]))
    }

    @Test func symbolicParametersAreNeverLumpedAndSeparateVariables() throws {
        // With k symbolic, x and y differ (k*x vs 2*y); with k = 2 they lump.
        let text = "begin model p\n begin parameters\n k = 2\n end parameters\n begin init\n x\n y\n z\n end init\n begin ODE\n d(x) = -z\n d(y) = -z\n d(z) = k*x + 2*y\n end ODE\nend model"
        let model = try ERODEReader.read(text: text)
        #expect(ForwardEquivalence.coarsest(model.substitutingParameterValues()).blocks == [[0, 1], [2]])
        #expect(ForwardEquivalence.coarsest(model).blocks == [[0], [1], [2]])
    }

    @Test func deterministicOutput() {
        var rng = SplitMix64(seed: 99)
        let planted = RandomSystems.randomPartition(n: 40, blocks: 12, rng: &rng)
        let model = RandomSystems.model(RandomSystems.planted(partition: planted, termsPerBlock: 4, rng: &rng))
        let a = ForwardEquivalence.coarsest(model)
        let b = ForwardEquivalence.coarsest(model)
        #expect(a == b)
        #expect(a.blocks.map(\.first!) == a.blocks.map(\.first!).sorted())
    }
}
