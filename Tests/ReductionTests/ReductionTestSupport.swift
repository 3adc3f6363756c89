import Symbolic
@testable import Reduction
@_exported import TestSupport

/// Helpers for the approximate-FDE and BDE tests (names kept inside one namespace so they
/// cannot clash with other test files of this target).
enum ReductionTestSupport {
    /// `../shared/models` next to the package, or `nil` (tests then skip with a note).
    static var sharedModels: String? { SharedModels.directory }

    /// Manifest rows with an `fde_blocks` value: (relative path, terms).
    static func modelsWithFDEBlocks() -> [(path: String, terms: Int)] {
        SharedModels.manifest.compactMap { $0.fdeBlocks == nil ? nil : ($0.path, $0.terms ?? 0) }
    }

    /// Loads a shared model with parameter values substituted.
    static func loadShared(_ relativePath: String) throws -> ODEModel {
        try ModelFile.load(path: sharedModels! + "/" + relativePath).substitutingParameterValues()
    }

    /// A model from ERODE text.
    static func model(_ text: String) throws -> ODEModel {
        try ERODEReader.read(text: text).substitutingParameterValues()
    }

    /// A model from `d(x_i) = …` right-hand sides over variables x1…xn.
    static func model(odes: [String], initial: [String]? = nil) throws -> ODEModel {
        var text = "begin model m\n begin init\n"
        for i in odes.indices { text += "  x\(i + 1) = \(initial?[i] ?? "0")\n" }
        text += " end init\n begin ODE\n"
        for (i, rhs) in odes.enumerated() { text += "  d(x\(i + 1)) = \(rhs)\n" }
        text += " end ODE\nend model\n"
        return try model(text)
    }

    /// The 4-variable running example; `c13` is the coefficient of x3 in dx1/dt.
    static func fourVariableExample(c13: String = "2") throws -> ODEModel {
        try model(odes: [
            "-x1 + 2*x2 + \(c13)*x3",
            "2*x1 - 3*x2 + x3 - x2*x4",
            "x2 - 3*x3 - x3*x4",
            "-x4 + x2*x4 + x3*x4",
        ])
    }

    static func partition(_ blocks: [[Int]], _ count: Int) -> Partition {
        try! Partition(blocks: blocks, count: count)
    }

    static func rational(_ text: String) -> Rational { try! Rational(parsing: text) }

    /// Deterministic inputs on every run and platform.
    typealias Random = SplitMix64
}
