import ArgumentParser
import Networks
import Symbolic

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a small network on a CSV file (Adam, MSE, early stopping), deterministic for a seed.",
        discussion: """
        Rows are shuffled with --seed; --max-rows keeps a seeded subsample (reported); \
        --test-fraction of them is held out as the test set, and --validation-fraction of the \
        rest decides early stopping (the best epoch's weights are kept; training stops after \
        --patience epochs without improvement). Inputs and targets are standardized on the \
        training rows: the input standardization is stored in the network file, the target \
        scaling is folded into the identity output layer. --train-out / --test-out write the \
        rows of each part (as in the input file) for calibration and evaluation. Progress goes \
        to stderr when it is a terminal. Training is sequential double-precision arithmetic: \
        the same data, options and seed give the same network.
        """
    )

    @Argument(help: "CSV file with a header row.") var data: String
    @Option(parsing: .upToNextOption, help: "Target column name(s).") var target: [String]
    @Option(help: "Comma-separated input column names (default: every non-target column, in order).") var inputs: String?
    @Option(help: "Hidden widths, e.g. 64,64.") var hidden: String = "64,64"
    @Option(help: "Hidden activation: identity, square, cube, relu, tanh, sigmoid or {\"polynomial\": [c0, c1, …]}.")
    var activation: String = "square"
    @Option(help: "Most epochs.") var epochs: Int = 200
    @Option(help: "Mini-batch size.") var batch: Int = 64
    @Option(help: "Adam learning rate.") var lr: Double = 1e-3
    @Option(help: "Seed of the split, the initial weights and the batch order.") var seed: UInt64 = 1
    @Option(help: "Share of the rows held out as the test set, in [0, 1).") var testFraction: Double = 0.2
    @Option(help: "Share of the remaining rows used for early stopping, in [0, 0.9).") var validationFraction: Double = 0.1
    @Option(help: "Stop after this many epochs without a better validation MSE.") var patience: Int = 20
    @Option(help: "Use a seeded subsample of at most this many rows.") var maxRows: Int?
    @Option(help: "Write the training rows (validation rows included) here.") var trainOut: String?
    @Option(help: "Write the test rows here.") var testOut: String?
    @Option(name: .shortAndLong, help: "Write the trained network JSON here.") var output: String
    @Flag(help: "Print JSON (keys: rows, epochs_run, best_epoch, validation_mse, test, seconds).") var json = false

    func validate() throws {
        _ = try widths()
        do { _ = try Activation.parse(activation) } catch { throw ValidationError("--activation: \(error)") }
        if !(0..<1).contains(testFraction) { throw ValidationError("--test-fraction must be in [0, 1), not \(testFraction)") }
        if !(0..<0.9).contains(validationFraction) { throw ValidationError("--validation-fraction must be in [0, 0.9), not \(validationFraction)") }
        if epochs < 1 || batch < 1 || patience < 1 { throw ValidationError("--epochs, --batch and --patience must be at least 1") }
        if !(lr > 0 && lr.isFinite) { throw ValidationError("--lr must be positive, not \(lr)") }
        if let maxRows, maxRows < 2 { throw ValidationError("--max-rows must be at least 2, not \(maxRows)") }
    }

    func widths() throws -> [Int] {
        try hidden.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let w = Int(String(part).trimmingSpaces), w >= 1 else {
                throw ValidationError("--hidden: '\(part)' is not a positive integer (give the hidden widths, e.g. 64,64)")
            }
            return w
        }
    }

    func run() throws {
        try reportingInputErrors {
            var clock = Stopwatch()
            let table: CSVTable, set: DataSet
            do {
                table = try CSVTable.load(path: data)
                let targets = target.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces } }.filter { !$0.isEmpty }
                set = try table.dataSet(targets: targets, inputs: inputs?.split(separator: ",").map { String($0).trimmingSpaces })
            } catch { throw ReportedError(message: "\(error)") }
            do { try Training.checkValues(set) } catch { throw ReportedError(message: "\(data): \(error)") }
            let split = DataSplit(rowCount: set.inputs.count, testFraction: testFraction, seed: seed, maximumRows: maxRows)
            let request = TrainingRequest(hidden: try widths(), activation: try Activation.parse(activation), epochs: epochs,
                                          batchSize: batch, learningRate: lr, seed: seed,
                                          validationFraction: validationFraction, patience: patience)
            let showProgress = FileHandleOutput.standardErrorIsTerminal
            let outcome: TrainingOutcome
            do {
                outcome = try Training.train(set.rows(split.training), request) { p in
                    guard showProgress else { return }
                    FileHandleOutput.standardError("\repoch \(p.epoch)/\(p.epochs)  training MSE \(p.trainingMSE.shortText)  validation MSE \(p.validationMSE.shortText)   ")
                }
            } catch { throw ReportedError(message: "\(data): \(error)") }
            if showProgress { FileHandleOutput.standardError("\n") }
            var test: RegressionMetrics?
            if !split.test.isEmpty {
                do { test = try outcome.network.evaluate(on: set.rows(split.test)).metrics } catch {
                    throw ReportedError(message: "\(data): test rows: \(error)")
                }
            }
            try writeNetwork(outcome.network, to: output)
            if let trainOut { try FileHandleOutput.write(table.text(rows: split.training), to: trainOut) }
            if let testOut { try FileHandleOutput.write(table.text(rows: split.test), to: testOut) }
            let seconds = clock.lap()
            if json {
                var fields: [(String, JSONValue)] = [
                    ("rows", .object([("training", .int(outcome.trainingRows)), ("validation", .int(outcome.validationRows)),
                                      ("test", .int(split.test.count)), ("omitted", .int(split.omitted))])),
                    ("epochs_run", .int(outcome.epochsRun)), ("best_epoch", .int(outcome.bestEpoch)),
                    ("validation_mse", .number(outcome.validationMSE)),
                ]
                if let test { fields.append(("test", .object([("mse", .number(test.mse)), ("r2", test.r2.isFinite ? .number(test.r2) : .null)]))) }
                fields.append(("seconds", .number(seconds)))
                print(JSONValue.object(fields).render())
            } else {
                let omitted = split.omitted > 0 ? " (a seeded subsample: \(split.omitted) rows left out)" : ""
                print("rows: \(outcome.trainingRows) training, \(outcome.validationRows) validation, \(split.test.count) test\(omitted)")
                print("network: \(set.inputNames.count) inputs, hidden \(hidden) (\(activation)), \(set.targetNames.count) output\(set.targetNames.count == 1 ? "" : "s"); \(outcome.network.parameterCount) parameters")
                print("epochs: \(outcome.epochsRun) run, best \(outcome.bestEpoch); validation MSE (standardized targets) \(outcome.validationMSE)")
                if let test { print("test MSE \(test.mse), R² \(test.r2.isFinite ? "\(test.r2)" : "undefined (a constant target)")") }
                print("time \(milliseconds(seconds)) ms")
                print("written \(output)")
            }
        }
    }
}

extension Double {
    /// Four significant digits, for progress lines.
    var shortText: String { isFinite ? (Rational(exactly: self) ?? .zero).shortDecimal() : "\(self)" }
}
