import ArgumentParser
import Export
import Symbolic

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a model for other tools: LaTeX, a scipy script, Julia, MATLAB/Octave, exact JSON, ERODE .ode or BioNetGen .net.",
        discussion: """
        python: a runnable script (scipy solve_ivp, BDF by default, analytic sparse Jacobian) that prints the CSV \
        'odered simulate' prints. julia: f!, jac! and simulate(t_end) for DifferentialEquations.jl. matlab: a function \
        file with an ode15s driver (its name is the file's base name). json: every symbol and exact coefficient, read \
        back by odered. net: mass-action-representable models only (else a one-line error). SBML: 'odered convert -o X.xml'.
        """
    )

    @OptionGroup var input: ModelOptions

    @Option(help: "Format: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: from the extension of -o).")
    var to: ExportFormat?

    @Option(name: .shortAndLong, help: "Output file ('-' for standard output).")
    var output: String = "-"

    @Option(name: .customLong("t-end"), help: "Default end time written into python, julia and matlab code.")
    var tEnd: Double = 10

    @Option(help: "Default number of output times written into python, julia and matlab code.")
    var points = 101

    @Option(help: "Dynamics of an .ode export: 'odes' or 'reactions'.")
    var form: FormOption = .odes

    func validate() throws {
        if to == nil && ExportFormat.of(path: output) == nil {
            throw ValidationError("missing --to: give a format (\(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))) or an output file with its extension")
        }
        if !(tEnd > 0 && tEnd.isFinite) { throw ValidationError("--t-end must be a positive finite number (got \(tEnd))") }
        guard (2...1_000_000).contains(points) else { throw ValidationError("--points must be between 2 and 1000000 (got \(points))") }
    }

    func run() throws {
        try reportingInputErrors {
            let format = to ?? ExportFormat.of(path: output)!
            let (model, _) = try input.load()
            // The file name without its last extension (MATLAB calls a function file by it).
            let base: String? = output == "-" ? nil : {
                let file = String(output.split(separator: "/").last ?? "")
                return file.lastIndex(of: ".").map { String(file[..<$0]) } ?? file
            }()
            let result: (text: String, warnings: [String])
            do {
                result = try Exporter.export(model, to: format, source: input.model, baseName: base,
                                             defaults: ExportDefaults(tEnd: tEnd, points: points), form: form.form)
            } catch let error as ExportError {
                throw ReportedError(message: "\(input.model): \(error.description)")
            }
            for w in result.warnings { FileHandleOutput.standardError(LocatedInputError.capped("warning: \(w)") + "\n") }
            if output == "-" { print(result.text, terminator: "") } else { try FileHandleOutput.write(result.text, to: output) }
        }
    }
}
