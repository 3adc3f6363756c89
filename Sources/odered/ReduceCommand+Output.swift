import Reduction
import Symbolic

/// What `odered reduce` prints: the text summary or the `--json` object of one outcome.
struct ReductionSummary {
    var model: ODEModel
    var path: String
    var request: ReductionRequest
    var outcome: ReductionOutcome
    var seconds: (load: Double, write: Double)
    var output: String?
    var partitionOut: String?

    private var equivalence: Equivalence { request.equivalence }

    var verdictText: String {
        let eps = equivalence.epsilon
        switch outcome.verdict {
        case .certified: return "yes — exact certificate check passed"
        case .certifiedWithZeroResiduals: return "yes — exact: every residual is 0 and the exact certificate check passed (ε = \(eps))"
        case .approximate: return "approximate (ε = \(eps)); not an exact equivalence"
        case .unchecked: return "skipped (--no-verify)"
        }
    }

    var lines: [String] {
        let partition = outcome.partition, exact = equivalence.isExact
        let known = outcome.residuals.compactMap { $0 }
        let unavailable = outcome.residuals.count - known.count
        let how = exact ? "" : ", ε = \(equivalence.epsilon), \(equivalence.linkage) linkage\(equivalence.relative ? ", relative" : "")"
        let refining = outcome.initial.blocks.count > 1 ? ", refining \(outcome.initial.blocks.count) initial blocks" : ""
        var lines = [
            "model      \(model.name) (\(path))",
            "variables  \(model.variables.count) -> \(partition.blocks.count) (coarsest \(exact ? "" : "ε-")\(equivalence.name)\(how)\(refining))",
            "blocks     \(partition.blocks.count) (\(partition.blocks.count(where: { $0.count > 1 })) with more than one variable; largest \(partition.blocks.map(\.count).max() ?? 0))",
            "terms      \(outcome.termsBefore) -> \(outcome.termsAfter)",
            "verified   \(verdictText)",
        ]
        if unavailable > 0 {
            lines.append("residual   unavailable for \(unavailable) of \(partition.blocks.count) blocks (too large to expand exactly)")
        }
        if let max = outcome.maximumResidual {
            lines.append("residual   max \(max) (≈ \(max.doubleValue)); \(known.count(where: { !$0.isZero })) of \(partition.blocks.count) blocks inexact")
        }
        let t = outcome.timings
        lines.append("time       load \(milliseconds(seconds.load)) ms, refine \(milliseconds(t.refine)) ms, verify \(milliseconds(t.verify)) ms, write \(milliseconds(seconds.write)) ms")
        if let output, output != "-" { lines.append("written    \(output)") }
        if let partitionOut { lines.append("partition  \(partitionOut)") }
        return lines
    }

    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("model", .string(model.name)),
            ("variables", .int(model.variables.count)),
            ("blocks", .int(outcome.partition.blocks.count)),
            ("terms_before", .int(outcome.termsBefore)),
            ("terms_after", .int(outcome.termsAfter)),
            ("equivalence", .string(equivalence.direction.rawValue)),
            ("epsilon", .string(equivalence.epsilon.description)),
            ("verified", .bool(outcome.verdict.isCertified)),
            ("max_residual", outcome.maximumResidual.map { .string($0.description) } ?? .null),
            ("residuals", .array(outcome.residuals.map { $0.map { .string($0.description) } ?? .null })),
            ("symbolic_parameters", .bool(request.symbolicParameters)),
            ("omitted_views", .array(outcome.omittedViews.map { .string($0.viewName) })),
            ("seconds", .object([("load", .number(seconds.load)), ("refine", .number(outcome.timings.refine)),
                                 ("verify", .number(outcome.timings.verify)), ("write", .number(seconds.write))])),
        ]
        if case .object(let p) = partitionJSON(outcome.partition, model: model) { pairs += p }
        return .object(pairs)
    }
}
