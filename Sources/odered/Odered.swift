import ArgumentParser
import Symbolic

@main
struct Odered: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "odered",
        abstract: "Exact symbolic reduction of polynomial ODE systems by differential equivalences.",
        discussion: """
        odered reads ERODE .ode models (also CLUE's dialect) and BioNetGen .net reaction \
        networks, finds forward differential equivalences (FDE): partitions of the variables \
        whose block sums obey a smaller, self-contained ODE, and writes the reduced model. \
        Coefficients are exact rationals (GMP), so a reported reduction is a proof, and \
        every reduction is re-checked by an independent certificate checker.

        Exit codes: 0 success; 1 unreadable or invalid input (file:line:column: message); \
        64 wrong command-line usage (EX_USAGE, as swift-argument-parser reports it); 3 a checked partition is not an equivalence.
        """,
        subcommands: [ReduceCommand.self, CheckCommand.self, SweepCommand.self, InfoCommand.self, ConvertCommand.self,
                      EncodeCommand.self, DecodeCommand.self, CompressCommand.self, PruneCommand.self, EvaluateCommand.self,
                      TrainCommand.self, DatasetCommand.self, SimulateCommand.self, CompareCommand.self, ExportCommand.self],
        defaultSubcommand: nil
    )

    /// ArgumentParser answers `odered help nosuch` with the top-level help and exit 0; an
    /// unknown subcommand after `help` is a usage error here (exit 64), like everywhere else.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.count >= 2, arguments[0] == "help", !arguments[1].hasPrefix("-") {
            let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
            if !names.contains(arguments[1]) {
                FileHandleOutput.standardError("Error: unknown subcommand '\(LocatedInputError.excerpt(arguments[1], limit: 60))'; subcommands: \(names.joined(separator: ", "))\n")
                exitProcess(64)
            }
        }
        main(nil)
    }
}
