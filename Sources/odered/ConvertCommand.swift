import ArgumentParser
import Symbolic

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write a model (.ode or .net) as an ERODE .ode file readable by ERODE and CLUE."
    )

    @OptionGroup var input: ModelOptions

    @Option(name: .shortAndLong, help: "Output .ode file ('-' for standard output).")
    var output: String = "-"

    @Option(help: "Dynamics section: 'odes' (d(X) = …) or 'reactions' (one mass-action reaction per term).")
    var form: FormOption = .odes

    func run() throws {
        try reportingInputErrors {
            let f = form.form
            let (model, _) = try input.load()
            let text: String
            do { text = try ERODEWriter.write(model, form: f) } catch let error as ERODEWriter.WriteError {
                throw ReportedError(message: "\(input.model): \(error.description)")
            }
            if output == "-" { print(text, terminator: "") } else { try FileHandleOutput.write(text, to: output) }
        }
    }
}
