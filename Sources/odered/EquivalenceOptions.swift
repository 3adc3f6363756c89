import ArgumentParser
import Reduction
import Symbolic

/// Which equivalence to compute, shared by `reduce`, `sweep` and `check`.
struct EquivalenceOptions: ParsableArguments {
    @Flag(help: "Backward differential equivalence (BDE): variables of a block have equal trajectories when they start equal. Default: forward (FDE).")
    var backward = false

    @Option(help: "Linkage for ε > 0: 'single' (connected components of D ≤ ε; ERODE's definition) or 'complete' (groups of diameter ≤ ε).")
    var linkage: LinkageOption = .single

    @Flag(help: "Scale-free distance for ε > 0: each block's term is divided by the larger of the two derivative norms.")
    var relative = false

    func linkageValue() -> ApproximateForwardEquivalence.Linkage { linkage.linkage }

    /// The library's description of the equivalence these options ask for, at tolerance `epsilon`.
    func value(epsilon: Rational) throws -> Equivalence {
        Equivalence(backward ? .backward : .forward, epsilon: epsilon, linkage: linkageValue(), relative: relative)
    }
}

/// Parses an exact non-negative tolerance such as `1e-4` or `1/100`.
func parseEpsilon(_ text: String, option: String = "--epsilon") throws -> Rational {
    guard let value = try? Rational(parsing: text.trimmingSpaces), value.signum >= 0 else {
        throw ValidationError("\(option) must be a non-negative decimal or fraction (e.g. 1e-4, 0.05, 1/20), not '\(text)'")
    }
    return value
}
