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

    @Option(help: "Dynamics: 'odes' (d(X) = …; SBML rate rules) or 'reactions' (one mass-action reaction per term, in .ode and SBML).")
    var form: FormOption = .odes

    func run() throws {
        try reportingInputErrors {
            let f = form.form
            let (model, _) = try input.load()
            let text = try writeModel(model, to: output, format: outputFormat, form: f, source: input.model)
            if output == "-" { print(text, terminator: "") } else { try FileHandleOutput.write(text, to: output) }
        }
    }
}

/// The text of `model` in the output format (`--output-format`, else by the extension of `path`).
func writeModel(_ model: ODEModel, to path: String?, format: OutputFormatOption?, form: ERODEWriter.Form,
                comments: [String] = [], source: String) throws -> String {
    switch OutputFormatOption.of(path: path, given: format) {
    case .ode:
        do { return try ERODEWriter.write(model, form: form, comments: comments) } catch {
            throw ReportedError(message: "\(source): \(error.description)")
        }
    case .json:
        return ModelJSON.write(model, comments: comments)
    case .sbml:
        do { return try SBMLWriter.write(model, form: form == .reactions ? .reactions : .rateRules, comments: comments) } catch {
            throw ReportedError(message: "\(source): \(error.description)")
        }
    }
}
