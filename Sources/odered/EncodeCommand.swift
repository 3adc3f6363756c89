import ArgumentParser
import Networks
import Reduction
import Symbolic

struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Write a feed-forward network (JSON, polynomial activations) as an exact polynomial ODE.",
        discussion: """
        Default: the network ODE dh_j/dt = p(Σ_k W_jk h_k + b_j) − h_j, whose equilibrium is the \
        forward pass (inputs have derivative 0 and start at --input values, default 0). \
        --lumping writes the adjoint lumping ODE instead (linear; with its initial partition), \
        whose coarsest FDE merges neurons computing identical functions. See docs/networks.md.
        """
    )

    @Argument(help: "Network JSON file (see docs/networks.md).") var network: String
    @Option(name: .shortAndLong, help: "Output .ode file ('-' for standard output).") var output: String = "-"
    @Flag(help: "Write the lumping (adjoint) ODE instead of the network ODE.") var lumping = false
    @Option(help: "Comma-separated input values (exact decimals or p/q) for the network ODE's initial state.")
    var input: String?

    func run() throws {
        try reportingInputErrors {
            let net = try loadNetwork(network)
            let model: ODEModel
            if lumping {
                model = net.lumpingEncoding().model
            } else {
                var values: [Rational]? = nil
                if let input {
                    values = try input.split(separator: ",").map {
                        guard let v = try? Rational(parsing: String($0).trimmingSpaces) else {
                            throw ValidationError("--input: '\($0)' is not an exact number")
                        }
                        return v
                    }
                    guard values!.count == net.inputCount else {
                        throw ReportedError(message: "--input has \(values!.count) values; \(network) has \(net.inputCount) inputs")
                    }
                }
                do { model = try net.forwardODE(input: values) } catch { throw ReportedError(message: "\(network): \(error)") }
            }
            let text: String
            do { text = try ERODEWriter.write(model, form: .odes) } catch let error as ERODEWriter.WriteError {
                throw ReportedError(message: "\(error)")
            }
            if output == "-" { print(text, terminator: "") } else { try FileHandleOutput.write(text, to: output) }
        }
    }
}
