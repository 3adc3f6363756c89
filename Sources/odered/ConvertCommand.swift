import ArgumentParser
import SBML
import Symbolic

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write a model (.ode, .net, SBML or JSON) as ERODE .ode (readable by ERODE and CLUE), as SBML (.xml) or as odered's exact JSON (.json)."
    )

    @OptionGroup var input: ModelOptions

    @Option(name: .shortAndLong, help: "Output file: .ode, .xml/.sbml for SBML Level 3 Version 2, or .json ('-' for standard output).")
    var output: String = "-"

    @Option(help: "Output format when the extension does not tell: ode, sbml or json.")
    var outputFormat: OutputFormatOption?

    @Option(help: "Dynamics: 'odes' (d(X) = …; SBML rate rules) or 'reactions' (mass-action reactions recovered from the terms). Default: odes in .ode; in SBML reactions when the model came as reactions.")
    var form: FormOption?

    func run() throws {
        try reportingInputErrors {
            let (model, _) = try input.load()
            let text = try writeModel(model, to: output, format: outputFormat, form: form, source: input.model)
            if output == "-" { print(text, terminator: "") } else { try FileHandleOutput.write(text, to: output) }
        }
    }
}

/// The text of `model` in the output format (`--output-format`, else by the extension of `path`).
func writeModel(_ model: ODEModel, to path: String?, format: OutputFormatOption?, form: FormOption?,
                comments: [String] = [], source: String) throws -> String {
    switch OutputFormatOption.of(path: path, given: format) {
    case .ode:
        do { return try ERODEWriter.write(model, form: form?.form ?? .odes, comments: comments) } catch {
            throw ReportedError(message: "\(source): \(error.description)")
        }
    case .json:
        return ModelJSON.write(model, comments: comments)
    case .sbml:
        let sbmlForm: SBMLWriter.Form = switch form { case nil: .automatic; case .odes: .rateRules; case .reactions: .reactions }
        do { return try SBMLWriter.write(model, form: sbmlForm, comments: comments) } catch {
            throw ReportedError(message: "\(source): \(error.description)")
        }
    }
}
