import ArgumentParser
import Symbolic

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print the size of a model: variables, parameters, terms, monomials, degree.",
        discussion: """
        Terms are counted after substituting parameter values and combining like terms, \
        summed over all right-hand sides; monomials are the distinct ones. Names used in \
        expressions without a value are symbolic parameters (listed, never variables). \
        Irrational constants (ln(2), exp(-3/2), sqrt(2), pi) are kept exact as symbols and \
        listed with their double values; lumpings hold for every value of them.
        """
    )

    @OptionGroup var input: ModelOptions

    @Flag(help: "Print a JSON object (keys: variables, parameters, symbolic_parameters, terms, monomials, degree, …).")
    var json = false

    func run() throws {
        try reportingInputErrors {
            let (model, loadSeconds) = try input.load()
            let numeric = model.substitutingParameterValues()
            let stats = numeric.statistics
            let symbolic = model.symbolicParameters.map(\.name)
            let format = input.resolvedFormat.displayName
            let events = model.ignoredCommands.filter { $0.kind == .event }
            if json {
                let object: JSONValue = .object([
                    ("model", .string(model.name)),
                    ("format", .string(format)),
                    ("variables", .int(stats.variables)),
                    ("parameters", .int(stats.parameters)),
                    ("symbolic_parameters", .array(symbolic.map(JSONValue.string))),
                    ("constants", .array(model.constantAtoms.map { .object([("atom", .string($0.text)), ("value", .number($0.approximation))]) })),
                    ("equations", .int(numeric.equations.count)),
                    ("zero_derivative_variables", .int(stats.zeroDerivativeVariables)),
                    ("terms", .int(stats.terms)),
                    ("monomials", .int(stats.monomials)),
                    ("degree", .int(stats.degree)),
                    ("fixed_variables", .int(model.fixedVariables.count)),
                    ("views", .int(model.views.count)),
                    ("has_partition", .bool(model.partition != nil)),
                    ("ignored_commands", .array(model.ignoredCommands.filter { $0.kind == .command }.map { .string("\($0.name) at \($0.location)") })),
                    ("events_ignored", .array(events.map { .string("\($0.name) at \($0.location)") })),
                    ("original_names", .object(model.variables.compactMap { v in v.originalName.map { (v.name, JSONValue.string($0)) } })),
                    ("load_seconds", .number(loadSeconds)),
                ])
                print(object.render())
            } else {
                print("model       \(model.name) (\(format))")
                print("variables   \(stats.variables) (\(stats.zeroDerivativeVariables) with zero derivative\(model.fixedVariables.isEmpty ? "" : ", \(model.fixedVariables.count) fixed '$' species"))")
                print("parameters  \(stats.parameters)" + (symbolic.isEmpty ? "" : " (\(symbolic.count) symbolic: \(symbolic.prefix(8).joined(separator: ", "))\(symbolic.count > 8 ? ", …" : ""))"))
                let atoms = model.constantAtoms
                if !atoms.isEmpty {
                    let shown = atoms.prefix(6).map { "\($0.text) ≈ \($0.approximation)" }.joined(separator: ", ")
                    print("constants   \(atoms.count) irrational, kept exact as symbols: \(shown)\(atoms.count > 6 ? ", …" : "")")
                }
                print("equations   \(numeric.equations.count)")
                print("terms       \(stats.terms)")
                print("monomials   \(stats.monomials)")
                print("degree      \(stats.degree)")
                if let p = model.partition { print("partition   \(p.count) blocks given in the model") }
                if !model.views.isEmpty { print("views       \(model.views.count)") }
                let originals = model.variables.count { $0.originalName != nil }
                if originals > 0 { print("names       \(originals) variables with original names (info --json: original_names)") }
                let commands = model.ignoredCommands.filter { $0.kind == .command }
                if !commands.isEmpty {
                    print("ignored     \(commands.map { "\($0.name) (line \($0.location.line))" }.joined(separator: ", ")) — commands are not executed")
                }
                if !events.isEmpty {
                    print("events      \(events.count) ignored (\(events.prefix(4).map { "\($0.name) at line \($0.location.line)" }.joined(separator: ", "))\(events.count > 4 ? ", …" : "")): odered reads the continuous dynamics only")
                }
                print("load time   \(milliseconds(loadSeconds)) ms")
            }
        }
    }
}
