import ArgumentParser
import Reduction
import Symbolic

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Exactly verify that a partition is a forward differential equivalence, and print its certificate.",
        discussion: """
        Independent of the refinement code: for every block H the sum f_H of its right-hand \
        sides is differentiated and the derivatives are compared exactly within each block. \
        On success, prints for every block B the reduced polynomial g_B with \
        Σ_{i∈B} f_i(x) = g_B(block sums) (symbols are block names, each the sum of its members), \
        which anyone can re-check by expansion. On failure prints the first violation and exits 3.
        """
    )

    @OptionGroup var input: ModelOptions
    @OptionGroup var initial: PartitionOptions
    @OptionGroup var parameters: ParameterOptions

    @Flag(help: "Print only the verdict, not the reduced polynomials.")
    var quiet = false

    @Flag(help: "Check a backward differential equivalence instead (f_i = f_j on the subspace of equal block values).")
    var backward = false

    func run() throws {
        try reportingInputErrors {
            let (model, _) = try input.load()
            let working = parameters.working(model)
            let partition = try initial.initialPartition(for: working)
            let reduced: ODEModel
            if backward {
                switch BackwardCertificate.check(working, partition: partition) {
                case .violation(let v):
                    print("NOT a backward differential equivalence: \(v)")
                    throw ExitCode(3)
                case .equivalence(let r): reduced = r
                }
            } else {
                switch ForwardCertificate.check(working, partition: partition) {
                case .violation(let v):
                    print("NOT a forward differential equivalence: \(v)")
                    throw ExitCode(3)
                case .equivalence(let r): reduced = r
                }
            }
            do {
                print("\(backward ? "backward" : "forward") differential equivalence: \(partition.blocks.count) blocks of \(model.variables.count) variables (exact check passed)")
                if quiet { return }
                let name = { (s: Int32) in reduced.symbols[Int(s)].name }
                for (b, block) in partition.blocks.enumerated() {
                    print("\(reduced.variables[b].name) = " + block.map { model.variables[$0].name }.joined(separator: backward ? " = " : " + "))
                    print("  d(\(reduced.variables[b].name)) = \(reduced.equations[b].formatted(name))")
                }
            }
        }
    }
}
