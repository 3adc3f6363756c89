import ArgumentParser

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
                      EncodeCommand.self, DecodeCommand.self, CompressCommand.self, EvaluateCommand.self],
        defaultSubcommand: nil
    )
}
