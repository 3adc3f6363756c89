import ArgumentParser
import Reduction
import Symbolic

/// How the initial partition is built (they combine: the result refines every one given).
struct PartitionOptions: ParsableArguments {
    @Flag(help: "Start from the model's 'begin partition' (unlisted variables form one extra block).")
    var partitionFromModel = false

    @Option(name: .customLong("partition"), help: "Start from a partition file: one block per line (names separated by spaces), or the JSON that --json prints.")
    var partitionFile: String?

    @Option(help: "Comma-separated variables to keep as singletons (observables stay readable): identifiers or original names (BioNetGen species such as 'A(b!1,c).B(a!1)'; commas inside parentheses do not separate).")
    var keep: String?

    @Flag(help: "Start from blocks of equal initial values (ERODE's prePartition=IC); combines with the other initial-partition options.")
    var partitionFromInitialValues = false

    @Flag(help: "Keep every view (observable) exactly expressible: start from blocks on which each view's coefficients (partial derivatives) agree, as CLUE's observables do. Without it, views that are not functions of the block sums are omitted from the reduced model, with a warning.")
    var keepViews = false

    /// The partition file's partition for `model`, if `--partition` names one.
    func readPartitionFile(for model: ODEModel) throws -> Partition? {
        guard let partitionFile else { return nil }
        do {
            let bytes = try ModelFile.readBytes(path: partitionFile)
            return try PartitionFile.read(bytes: bytes, file: partitionFile, model: model)
        } catch {
            throw ReportedError(message: error.description)
        }
    }

    /// The library's description of the initial partition these options ask for.
    func description(given: Partition?) -> InitialPartition {
        InitialPartition(fromModel: partitionFromModel, given: given,
                         kept: splittingTopLevelCommas(keep ?? "").map(\.trimmingSpaces).filter { !$0.isEmpty },
                         fromInitialValues: partitionFromInitialValues, keepingViews: keepViews)
    }

    /// The initial partition for `model` (one block unless options say otherwise).
    func initialPartition(for model: ODEModel) throws -> Partition {
        do { return try description(given: try readPartitionFile(for: model)).partition(for: model) } catch let error as ReductionError {
            throw ReportedError(message: PartitionOptions.message(error))
        }
    }

    /// The one-line message for an initial partition the model cannot have, naming the option.
    static func message(_ error: ReductionError) -> String {
        switch error {
        case .noModelPartition: return "--partition-from-model: \(error)"
        case .unknownKeptVariable: return "--keep: \(error)"
        case .partitionSize: return "--partition: \(error)"
        }
    }
}

/// `Reducer.reduce`, with its failures reported as the commands report them: an initial
/// partition the model cannot have is an input error naming the option; a certificate that
/// fails (a bug, never the input's fault) is printed with its witness and exits with code 3.
func reduceReportingFailures(_ model: ODEModel, _ request: ReductionRequest,
                             progress: ReductionProgress? = nil) throws -> ReductionOutcome {
    do { return try Reducer.reduce(model, request, progress: progress) } catch {
        switch error {
        case .certificateFailed: FileHandleOutput.standardError("\(error)\n"); throw ExitCode(3)
        case .invalidRequest(let e): throw ReportedError(message: PartitionOptions.message(e))
        }
    }
}

/// How parameters are treated.
struct ParameterOptions: ParsableArguments {
    @Flag(help: "Keep parameters as symbols (constants, never lumped), so the result holds for all parameter values. Default: parameters are replaced by their exact values.")
    var symbolicParameters = false

    /// The model the equivalence is computed on.
    func working(_ model: ODEModel) -> ODEModel {
        symbolicParameters ? model : model.substitutingParameterValues()
    }
}

/// `text` split at the commas outside parentheses: `a,B(x,y),c` is `a`, `B(x,y)`, `c`.
func splittingTopLevelCommas(_ text: String) -> [String] {
    var parts: [String] = [], current = "", depth = 0
    for c in text {
        switch c {
        case "(": depth += 1
        case ")": depth = max(0, depth - 1)
        case "," where depth == 0: parts.append(current); current = ""; continue
        default: break
        }
        current.append(c)
    }
    parts.append(current)
    return parts
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
