import Testing
import Symbolic
@testable import Reduction

/// Lumping with irrational constants (issue 12, point 3): atoms are symbols, so every lumping
/// found holds for every value of them; relations between atoms are not used (finer, never wrong).
@Suite struct ConstantAtomReductionTests {
    /// x → y at k1, x → z at k2, y and z decay at k3: y + z lumps iff both decay alike, and the
    /// sum's inflow is (k1 + k2)·x whatever the constants are.
    func model(k1: String, k2: String, k3y: String, k3z: String) throws -> ODEModel {
        try BioNetGenReader.read(text: """
        begin parameters
            1 k1 \(k1)
            2 k2 \(k2)
            3 ky \(k3y)
            4 kz \(k3z)
        end parameters
        begin species
            1 X() 1
            2 Y() 0
            3 Z() 0
        end species
        begin reactions
            1 1 2 k1
            2 1 3 k2
            3 2 0 ky
            4 3 0 kz
        end reactions
        """, file: "a.net")
    }

    func blocks(_ m: ODEModel) throws -> (outcome: ReductionOutcome, certified: Bool) {
        let outcome = try Reducer.reduce(m, ReductionRequest())
        let check = ForwardCertificate.check(m.substitutingParameterValues(), partition: outcome.partition)
        if case .equivalence = check { return (outcome, true) }
        return (outcome, false)
    }

    @Test func equalIrrationalRatesLumpAndTheCertificateAgrees() throws {
        // ln(2)/120 written two ways is one atom: Y and Z decay alike.
        let (outcome, certified) = try blocks(model(k1: "sqrt(2)", k2: "exp(-1/2)", k3y: "ln(2)/120", k3z: "ln(4/2)*(1/120)"))
        #expect(outcome.partition.blocks.count == 2)
        #expect(certified)
        // The reduced model keeps the irrational definitions and reads back.
        let text = try ERODEWriter.write(outcome.reduced)
        let back = try ERODEReader.read(text: text, file: "r.ode")
        #expect(back.parameters.first { $0.name == "ky" }?.definition != nil, "\(text)")
        #expect(Set(back.constantAtoms.map(\.text)).isSuperset(of: ["ln(2)", "sqrt(2)", "exp(-1/2)"]))
    }

    @Test func differentAtomsDoNotLump() throws {
        let (outcome, certified) = try blocks(model(k1: "1", k2: "1", k3y: "ln(2)", k3z: "ln(3)"))
        #expect(outcome.partition.blocks.count == 3)
        #expect(certified)
    }

    /// sqrt(2)·sqrt(2) is 2, but odered does not use relations between atoms: the partition is
    /// finer than with the true values — and still a valid lumping for them.
    @Test func relationsBetweenAtomsAreNotUsedSoResultsAreFinerNeverWrong() throws {
        let (outcome, certified) = try blocks(model(k1: "1", k2: "1", k3y: "sqrt(2)*sqrt(2)", k3z: "2"))
        #expect(outcome.partition.blocks.count == 3)
        #expect(certified)
        // With the atom's true value substituted, the same model lumps Y and Z.
        let (rational, _) = try blocks(model(k1: "1", k2: "1", k3y: "2", k3z: "2"))
        #expect(rational.partition.blocks.count == 2)
        #expect(outcome.partition.refines(rational.partition))
    }
}
