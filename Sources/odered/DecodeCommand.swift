import ArgumentParser
import Networks
import Reduction
import Symbolic

struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Rebuild a (smaller) network from a reduced lumping ODE.",
        discussion: "The reduced .ode (from `odered reduce` on an `odered encode --lumping` file) is decoded using the original network for activations and standardization."
    )

    @Argument(help: "Reduced lumping ODE (.ode).") var reduced: String
    @Option(help: "The original network JSON (activations, standardization, input/output counts).") var like: String
    @Option(name: .shortAndLong, help: "Output network JSON ('-' for standard output).") var output: String = "-"

    func run() throws {
        try reportingInputErrors {
            let template = try loadNetwork(like)
            let model: ODEModel
            model = try loadModel(path: reduced, format: FormatOption.of(path: reduced, given: nil))
            let net: Network
            do { net = try Network.decode(reduced: model, like: template) } catch {
                // The usual cause: the lumping ODE was reduced from one block, mixing layers.
                let hint = model.variables.contains { $0.name == "bias" } ? "" : " (was it reduced with --partition-from-model? The lumping ODE's partition keeps layers, inputs, outputs and bias apart)"
                throw ReportedError(message: "\(reduced): \(error)\(hint.isEmpty ? "; reduce lumping ODEs with 'odered reduce L.ode --partition-from-model'" : hint)")
            }
            try writeNetwork(net, to: output)
        }
    }
}
