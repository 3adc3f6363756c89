import Symbolic
@testable import Reduction

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Helpers for the approximate-FDE and BDE tests (names kept inside one namespace so they
/// cannot clash with other test files of this target).
enum ReductionTestSupport {
    /// `../shared/models` next to the package, or `nil` (tests then skip with a note).
    static let sharedModels: String? = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        let candidate = path + "/../shared/models"
        return access(candidate + "/manifest.tsv", R_OK) == 0 ? candidate : nil
    }()

    /// Manifest rows with an `fde_blocks` value: (relative path, terms).
    static func modelsWithFDEBlocks() -> [(path: String, terms: Int)] {
        guard let directory = sharedModels,
              let bytes = try? ModelFile.readBytes(path: directory + "/manifest.tsv") else { return [] }
        var rows: [(String, Int)] = []
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if f.count > 4, Int(f[4]) != nil { rows.append((f[0], Int(f[3]) ?? 0)) }
        }
        return rows
    }

    /// Loads a shared model with parameter values substituted.
    static func loadShared(_ relativePath: String) throws -> ODEModel {
        try ModelFile.load(path: sharedModels! + "/" + relativePath).substitutingParameterValues()
    }

    static func skipNote(_ what: String) {
        print("note: ../shared/models not found; skipping \(what)")
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

    /// SplitMix64: deterministic inputs on every run and platform.
    struct Random: RandomNumberGenerator {
        private var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
