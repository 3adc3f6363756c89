import ArgumentParser
import Networks
import Reduction
import Symbolic

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a network on a CSV file: MSE, RMSE and R² (overall and per output).",
        discussion: "CSV cells may be decimals or exact rationals p/q. Inputs are the non-target columns in order, unless --inputs names them."
    )

    @Argument(help: "Network JSON file.") var network: String
    @Argument(help: "CSV file with a header row.") var data: String
    @Option(parsing: .upToNextOption, help: "Target column name(s).") var target: [String]
    @Option(help: "Comma-separated input column names (default: all non-target columns, in order).") var inputs: String?
    @Flag(help: "Exact rational evaluation (polynomial activations only; for small inputs).") var exact = false
    @Flag(help: "Print JSON (keys: mse, rmse, r2, outputs, samples; with --timing also inference).") var json = false
    @Flag(help: "Also time floating-point inference over the rows: seconds per sample, fastest of repeated passes (at least 0.2 s in all).") var timing = false
    @Option(help: "Weight storage for --timing: dense, sparse (compressed rows of the nonzero weights), or auto: sparse when at most half the weights are nonzero.") var storage: StorageOption?

    func validate() throws {
        if storage != nil && !timing { throw ValidationError("--storage needs --timing") }
    }

    func run() throws {
        try reportingInputErrors {
            let net = try loadNetwork(network)
            let set: DataSet
            do {
                let table = try CSVTable.load(path: data)
                // `--target y1 y2` and `--target y1,y2` both name two columns.
                let targets = target.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces } }.filter { !$0.isEmpty }
                // Inputs: --inputs, else the network's input names, else the non-target columns in order.
                set = try table.dataSet(targets: targets, inputs: inputs?.split(separator: ",").map { String($0).trimmingSpaces } ?? net.inputNames)
            } catch { throw ReportedError(message: "\(error)") }
            let metrics: RegressionMetrics
            do { metrics = try net.evaluate(on: set, exact: exact).metrics } catch { throw ReportedError(message: "\(network): \(error)") }
            var inference: (kernel: InferenceKernel, timing: InferenceTiming)?
            if timing {
                let chosen: InferenceKernel.Storage = switch storage ?? .auto {
                case .dense: .dense
                case .sparse: .sparse
                case .auto: InferenceKernel.preferredStorage(for: net)
                }
                let kernel = InferenceKernel(net, storage: chosen)
                inference = (kernel, InferenceTiming(kernel, rows: set.inputs.map { $0.map(\.doubleValue) }))
            }
            // R² is undefined for a constant target: JSON null, "undefined" in text, never "nan".
            func r2JSON(_ r: Double) -> JSONValue { r.isFinite ? .number(r) : .null }
            func r2Text(_ r: Double) -> String { r.isFinite ? "\(r)" : "undefined (a constant target)" }
            if json {
                print(JSONValue.object([
                    ("samples", .int(metrics.sampleCount)), ("mse", .number(metrics.mse)), ("rmse", .number(metrics.rmse)), ("r2", r2JSON(metrics.r2)),
                    ("outputs", .array(metrics.outputs.map { .object([("name", .string($0.name)), ("mse", .number($0.mse)), ("rmse", .number($0.rmse)), ("r2", r2JSON($0.r2))]) })),
                ] + (inference.map { i in [("inference", JSONValue.object([
                    ("storage", .string(i.kernel.storage.rawValue)), ("multiply_adds", .int(i.kernel.multiplyAdds)),
                    ("seconds_per_sample", .number(i.timing.secondsPerSample)), ("passes", .int(i.timing.passes)),
                ]))] } ?? [])).render())
            } else {
                print("samples \(metrics.sampleCount)\(exact ? " (exact evaluation)" : "")")
                print("MSE  \(metrics.mse)")
                print("RMSE \(metrics.rmse)")
                print("R²   \(r2Text(metrics.r2))")
                if metrics.outputs.count > 1 {
                    for o in metrics.outputs { print("  \(o.name): MSE \(o.mse), RMSE \(o.rmse), R² \(r2Text(o.r2))") }
                }
                if let i = inference {
                    print("inference \(i.timing.secondsPerSample) s per sample (\(i.kernel.storage.rawValue) weights, \(i.kernel.multiplyAdds) multiply-adds, fastest of \(i.timing.passes) passes)")
                }
            }
        }
    }
}
